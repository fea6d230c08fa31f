import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { authenticate } from './auth/authenticate';
import type { Principal } from './auth/principal';
import type { Context } from './context';
import { createErrorFormatter } from './http/format-error';
import { readiness } from './http/readiness';
import { graphiqlRoutes } from './http/graphiql';
import { auditFlushPlugin } from './http/plugins/audit-flush';
import { createLoaders } from './loaders';
import type { Logger } from './logger';
import { AuditBuffer } from './modules/audit/audit-buffer';
import { AuditService } from './modules/audit/audit.service';
import { AuditLog } from './modules/audit/log/audit-log';
import { AuditSequencer } from './modules/audit/log/audit-sequencer';
import type { CheckpointSigner } from './modules/audit/log/checkpoint-signer';
import { DEFAULT_SEALING_SETTINGS, type SealingSettings } from './modules/audit/log/sealing-settings';
import { DEFAULT_REQUEST_SETTINGS, type RequestSettings } from './modules/requests/request-settings';
import { ProcessorTokenService } from './modules/tokens/processor-token.service';
import { ReadDecisions } from './policy/read-decisions';
import { PURPOSE_HEADER, resolveRequestPurpose } from './policy/request-purpose';
import { buildExecutableSchema } from './schema';

export interface ServerOptions {
  dataSource: DataSource;
  jwtSecret: Uint8Array;
  logger: Logger;
  requestSettings?: RequestSettings;
  /** k for analysts' aggregates; DEFAULT_K when omitted. */
  statsK?: number;
  /** Signs the audit log's checkpoints. */
  auditSigner: CheckpointSigner;
  /** DEFAULT_SEALING_SETTINGS when omitted. */
  sealing?: SealingSettings;
  /** 0 picks a free port. */
  port: number;
  host?: string;
}

export interface RunningServer {
  url: string;
  /** This instance's audit sequencer, which seals while it holds the lead. */
  sequencer: AuditSequencer;
  stop(): Promise<void>;
}

/** Wires the schema, the shield, Apollo and HTTP together and starts listening. */
export async function startServer({
  dataSource,
  jwtSecret,
  logger,
  requestSettings = DEFAULT_REQUEST_SETTINGS,
  statsK,
  auditSigner,
  sealing = DEFAULT_SEALING_SETTINGS,
  port,
  host = '127.0.0.1',
}: ServerOptions): Promise<RunningServer> {
  const app = express();
  // GraphQL answers are POSTed and personal: no client or proxy should revalidate them, so hashing each body is waste.
  app.set('etag', false);
  const httpServer = http.createServer(app);
  const tokens = new ProcessorTokenService(dataSource, jwtSecret);
  const auditLog = new AuditLog(dataSource, auditSigner, sealing);
  // Its own session, outside the pool: the lead is a session-level advisory lock.
  const sequencer = new AuditSequencer((dataSource.options as PostgresDataSourceOptions).url!, auditSigner, sealing, logger);
  const apollo = new ApolloServer<Context>({
    schema: await buildExecutableSchema({ dataSource, jwtSecret, requestSettings, logger, statsK, auditLog }),
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    // main.ts handles SIGINT/SIGTERM and stops the database after the server; Apollo's own handlers would race it.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No cache hints are used; the default cache-control plugin would instrument every field resolution.
      ApolloServerPluginCacheControlDisabled(),
      auditFlushPlugin(new AuditService(dataSource)),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', readiness(auditLog, logger));
  const graphiql = graphiqlRoutes({ logger });
  app.use('/graphiql', graphiql.router);
  app.use(
    '/graphql',
    // Answers may hold personal data: no browser or proxy may keep a copy.
    (_req, res, next) => {
      res.set('Cache-Control', 'no-store');
      next();
    },
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<Context> => {
        const requestId = randomUUID();
        const loaders = createLoaders(dataSource);
        const principal = await authenticate(req.headers.authorization, jwtSecret, (id, token, processorId) =>
          tokens.isLive(id, token, processorId, loaders),
        );
        const purpose = requestPurpose(principal, req.header(PURPOSE_HEADER));
        return {
          principal,
          loaders,
          requestId,
          purpose,
          decisions: new ReadDecisions(principal, purpose, loaders),
          audit: new AuditBuffer(),
          dataSource,
          logger: logger.child({ requestId }),
        };
      },
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
  sequencer.start();
  const { port: boundPort } = httpServer.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${boundPort}/graphql`,
    sequencer,
    stop: async () => {
      // After Apollo: the last requests' audit rows are queued by then, and whatever one batch cannot take is
      // sealed by the next leader.
      await apollo.stop();
      await sequencer.stop();
      await graphiql.close();
    },
  };
}

/** The request's purpose; a purpose the token does not cover fails the whole request (403), before any field. */
function requestPurpose(principal: Principal, header: string | undefined) {
  const resolution = resolveRequestPurpose(principal, header);
  if (resolution.ok) return resolution.purpose;
  const status = resolution.code === 'PURPOSE_NOT_ALLOWED' ? 403 : 400;
  throw new GraphQLError(resolution.message, { extensions: { code: resolution.code, http: { status } } });
}
