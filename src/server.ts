import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { DataSource } from 'typeorm';
import { authenticate } from './auth/authenticate';
import type { Context } from './context';
import { createErrorFormatter } from './http/format-error';
import { createLoaders } from './loaders';
import type { Logger } from './logger';
import { buildExecutableSchema } from './schema';

export interface ServerOptions {
  dataSource: DataSource;
  jwtSecret: Uint8Array;
  logger: Logger;
  /** 0 picks a free port. */
  port: number;
  host?: string;
}

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

/** Wires the schema, the shield, Apollo and HTTP together and starts listening. */
export async function startServer({ dataSource, jwtSecret, logger, port, host = '127.0.0.1' }: ServerOptions): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer<Context>({
    schema: await buildExecutableSchema(dataSource),
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<Context> => {
        const requestId = randomUUID();
        return {
          principal: await authenticate(req.headers.authorization, jwtSecret),
          loaders: createLoaders(dataSource),
          requestId,
          dataSource,
          logger: logger.child({ requestId }),
        };
      },
    }),
  );

  await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
  const { port: boundPort } = httpServer.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${boundPort}/graphql`,
    stop: () => apollo.stop(),
  };
}
