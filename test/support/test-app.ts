import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Role } from '../../src/auth/principal';
import { signToken, type TokenClaims } from '../../src/auth/tokens';
import { createDataSource } from '../../src/db/data-source';
import type { RequestLimits } from '../../src/db/database-settings';
import { DEFAULT_EDGE_SETTINGS, type EdgeSettings } from '../../src/http/edge-settings';
import { createLogger, type Logger } from '../../src/logger';
import type { AuditSequencer } from '../../src/modules/audit/log/audit-sequencer';
import { CheckpointSigner } from '../../src/modules/audit/log/checkpoint-signer';
import type { SealingSettings } from '../../src/modules/audit/log/sealing-settings';
import type { PurposeCode } from '../../src/policy/purposes';
import { startServer, type RunningServer } from '../../src/server';
import { createServices, type Services } from '../../src/services';
import type { TypedDocumentString } from '../../web/client/generated/graphql';
import { StatementCounter } from './statement-counter';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface GraphQLOptions<V = Record<string, unknown>> {
  variables?: V;
  token?: string;
  headers?: Record<string, string>;
}

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/** The real server on a free port, over a database of its own, as one test file uses it. */
export interface TestApp {
  url: string;
  dataSource: DataSource;
  statements: StatementCounter;
  jwtSecret: Uint8Array;
  token(claims: TokenClaims, ttl?: string): Promise<string>;
  tokenFor(role: Exclude<Role, 'customer' | 'affiliate'>): Promise<string>;
  customerToken(customerId: string): Promise<string>;
  /** A processor token issued as the privacy officer issues them (its hash stored, revocable). */
  affiliateToken(processorId: string, purposes: PurposeCode[]): Promise<string>;
  /** A generated document of web/client (the operations of `operations/`): its answer and variables typed. */
  graphql<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    options?: GraphQLOptions<TVariables>,
  ): Promise<GraphQLResponse<TResult>>;
  graphql<T = Record<string, unknown>>(query: string, options?: GraphQLOptions): Promise<GraphQLResponse<T>>;
  /** Signs this app's audit checkpoints. */
  auditSigner: CheckpointSigner;
  /** The server's services, as the composition root built them (for a test that drives a background job). */
  services: Services;
  /** Runs one sealing pass now (the background one waits `sealing.intervalMs`); how many events it sealed. */
  sealAuditLog(): Promise<number>;
  /** The server's own audit sequencer. */
  sequencer: AuditSequencer;
  close(): Promise<void>;
}

/** Tests seal when they mean to (`sealAuditLog`), unless they ask for a background interval. */
const TEST_SEALING: SealingSettings = { intervalMs: 3_600_000, maxBatch: 10_000, lagBoundSeconds: 5 };

/**
 * Rate limits off: a test file sends hundreds of requests from one address with one token, and the limits have a
 * test of their own (test/rate-limits.test.ts) with the defaults the server starts with.
 */
export const TEST_EDGE: EdgeSettings = { ...DEFAULT_EDGE_SETTINGS, rateLimits: { ...DEFAULT_EDGE_SETTINGS.rateLimits, enabled: false } };

export async function startTestApp({
  sealing = TEST_SEALING,
  edge = TEST_EDGE,
  database: given,
  limits,
  logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
  corsOrigins,
  cabinetDemoSignIn = true,
}: {
  sealing?: SealingSettings;
  edge?: EdgeSettings;
  /** A migrated database to serve instead of a copy of the template; dropped (its `drop`) on close. */
  database?: TestDatabase;
  /** The server's pool timeouts and load shedding; none (like the scripts' pools) when omitted. */
  limits?: RequestLimits;
  /** The server's logger; silent (or TEST_LOG_LEVEL) when omitted. */
  logger?: Logger;
  /** Origins allowed to call from a browser (CORS); none, as by default, when omitted. */
  corsOrigins?: string[];
  /** The personal cabinet's demo sign-in; on, as the configuration has it outside production, when omitted. */
  cabinetDemoSignIn?: boolean;
} = {}): Promise<TestApp> {
  const database: TestDatabase = given ?? (await createTestDatabase());
  const statements = new StatementCounter();
  const dataSource = createDataSource({ url: database.url, logger: statements, poolSize: 4, limits });
  await dataSource.initialize();
  const jwtSecret = randomBytes(32);
  const auditSigner = CheckpointSigner.generate();
  const services = createServices({ dataSource, jwtSecret, logger, auditSigner, sealing });
  const server: RunningServer = await startServer({ services, edge, corsOrigins, cabinetDemoSignIn, port: 0 });
  const token = (claims: TokenClaims, ttl?: string) => signToken(claims, jwtSecret, ttl);
  return {
    url: server.url,
    dataSource,
    statements,
    jwtSecret,
    auditSigner,
    services,
    sealAuditLog: () => server.sequencer.sealPending(),
    sequencer: server.sequencer,
    token,
    tokenFor: (role) => token({ role, sub: 'test' }),
    customerToken: (customerId) => token({ role: 'customer', sub: customerId }),
    affiliateToken: async (processorId, purposes) => (await services.tokens.issue(processorId, purposes, 3600, 'privacy_officer:test')).token,
    // `never`: any document's variables are accepted here, the overloads above type them.
    async graphql(document: string | TypedDocumentString<unknown, never>, { variables, token: bearer, headers = {} }: GraphQLOptions<unknown> = {}) {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...headers,
        },
        body: JSON.stringify({ query: document.toString(), variables }),
      });
      return { status: response.status, ...((await response.json()) as object) };
    },
    async close() {
      await server.stop();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
