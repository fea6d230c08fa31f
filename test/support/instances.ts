import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { signToken, type TokenClaims } from '../../src/auth/tokens';
import { createDataSource } from '../../src/db/data-source';
import { CheckpointSigner } from '../../src/modules/audit/log/checkpoint-signer';
import type { SealingSettings } from '../../src/modules/audit/log/sealing-settings';
import { ProcessorTokenService } from '../../src/modules/tokens/processor-token.service';
import type { PurposeCode } from '../../src/policy/purposes';
import { startServer, type RunningServer } from '../../src/server';
import { createServices } from '../../src/services';
import { TEST_EDGE, type GraphQLResponse } from './test-app';
import { createTestDatabase, type TestDatabase } from './test-database';

/** One server instance of several sharing a database: its own pool, its own sequencer session. */
export interface Instance {
  name: string;
  url: string;
  dataSource: DataSource;
  server: RunningServer;
  /** Whether `server.stop()` has been called (stopping twice is harmless, but close() skips it). */
  stopped: boolean;
  graphql<T = Record<string, unknown>>(
    query: string,
    options?: { variables?: Record<string, unknown>; token?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export interface LogLine {
  instance: string;
  level: number;
  msg?: string;
  [key: string]: unknown;
}

/** Several instances of the server on one test database, as a deployment runs them: one signing key, one JWT secret. */
export interface Instances {
  instances: Instance[];
  /** A pool of the test's own, for setting the scene and reading the tables. */
  dataSource: DataSource;
  auditSigner: CheckpointSigner;
  jwtSecret: Uint8Array;
  /** Warnings and errors the instances logged (sealing failures among them). */
  logs: LogLine[];
  token(claims: TokenClaims, ttl?: string): Promise<string>;
  affiliateToken(processorId: string, purposes: PurposeCode[]): Promise<string>;
  close(): Promise<void>;
}

function collectingLogger(instance: string, logs: LogLine[]) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') logs.push({ instance, ...(JSON.parse(line) as { level: number }) });
      }
      done();
    },
  });
  return pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn', base: undefined }, sink);
}

export async function startInstances(count: number, sealing: SealingSettings): Promise<Instances> {
  const database: TestDatabase = await createTestDatabase();
  const jwtSecret = randomBytes(32);
  const auditSigner = CheckpointSigner.generate();
  const logs: LogLine[] = [];
  const dataSource = createDataSource({ url: database.url, poolSize: 4 });
  await dataSource.initialize();
  const instances: Instance[] = [];
  try {
    for (let index = 0; index < count; index += 1) {
      const name = String.fromCharCode(65 + index);
      const instanceDataSource = createDataSource({ url: database.url, poolSize: 8 });
      await instanceDataSource.initialize();
      const services = createServices({ dataSource: instanceDataSource, jwtSecret, auditSigner, sealing, logger: collectingLogger(name, logs) });
      const server = await startServer({ services, edge: TEST_EDGE, port: 0 });
      const instance: Instance = {
        name,
        url: server.url,
        dataSource: instanceDataSource,
        server,
        stopped: false,
        async graphql(query, { variables, token, headers = {} } = {}) {
          const response = await fetch(server.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
            body: JSON.stringify({ query, variables }),
          });
          return { status: response.status, ...((await response.json()) as object) };
        },
        async stop() {
          instance.stopped = true;
          await server.stop();
        },
      };
      instances.push(instance);
    }
  } catch (error) {
    await closeAll(instances, dataSource, database);
    throw error;
  }
  const tokenService = new ProcessorTokenService(dataSource, jwtSecret);
  return {
    instances,
    dataSource,
    auditSigner,
    jwtSecret,
    logs,
    token: (claims, ttl) => signToken(claims, jwtSecret, ttl),
    affiliateToken: async (processorId, purposes) => (await tokenService.issue(processorId, purposes, 3600, 'privacy_officer:test')).token,
    close: () => closeAll(instances, dataSource, database),
  };
}

async function closeAll(instances: Instance[], dataSource: DataSource, database: TestDatabase): Promise<void> {
  const failures: unknown[] = [];
  const attempt = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      failures.push(error);
    }
  };
  for (const instance of instances) {
    if (!instance.stopped) await attempt(() => instance.stop());
    if (instance.dataSource.isInitialized) await attempt(() => instance.dataSource.destroy());
  }
  if (dataSource.isInitialized) await attempt(() => dataSource.destroy());
  await attempt(() => database.drop());
  if (failures.length > 0) throw failures[0];
}

/** Polls `check` every `everyMs` until it returns true, at most `attempts` times; whether it did. */
export async function pollUntil(
  check: () => boolean | Promise<boolean>,
  { attempts, everyMs }: { attempts: number; everyMs: number },
): Promise<boolean> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return check();
}
