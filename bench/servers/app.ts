import 'reflect-metadata';
import { loadConfig } from '../../src/config';
import { createDataSource } from '../../src/db/data-source';
import { createLogger } from '../../src/logger';
import { CheckpointSigner } from '../../src/modules/audit/log/checkpoint-signer';
import { startServer } from '../../src/server';
import { createServices } from '../../src/services';
import { serve } from './child';

/** The real server, `startServer` as `npm start` runs it: the officer and affiliate rows are its requests. */
serve(async ({ databaseUrl, jwtSecret, poolSize }) => {
  const dataSource = createDataSource({ url: databaseUrl, poolSize });
  await dataSource.initialize();
  // 'warn': unexpected errors still reach stderr, while nothing is logged per request, as in production.
  // Its clients are one address with two tokens: rate limits off (RATE_LIMITS=off), every other limit as shipped.
  const edge = loadConfig({ ...process.env, RATE_LIMITS: 'off' }).edge;
  const services = createServices({ dataSource, jwtSecret, auditSigner: CheckpointSigner.generate(), logger: createLogger('warn') });
  const server = await startServer({ services, edge, port: 0 });
  return {
    url: server.url,
    stop: async () => {
      await server.stop();
      await dataSource.destroy();
    },
  };
});
