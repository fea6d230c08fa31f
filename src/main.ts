import 'reflect-metadata';
import { loadJwtSecret } from './auth/secret';
import { loadConfig } from './config';
import { openDatabase } from './db/database';
import { createDataSource } from './db/data-source';
import { startPartitionMaintenance } from './db/partitions';
import { prepareDatabase } from './db/prepare';
import { createLogger } from './logger';
import { loadCheckpointSigner } from './modules/audit/log/checkpoint-signer';
import { RequestDeliveryService } from './modules/requests/privacy-request.service';
import { startRequestMaintenance } from './modules/requests/request-maintenance';
import { createRequestService } from './schema';
import { startServer } from './server';

/** `npm start`: database (embedded unless DATABASE_URL), migrations, reference data, then the server. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config.databaseUrl, config.dataDir, (line) => logger.debug({ postgres: line.trim() }));
  if (database.embedded) logger.info({ dir: `${config.dataDir}/pg` }, 'embedded PostgreSQL started');

  const dataSource = createDataSource({ url: database.url });
  await dataSource.initialize();
  await prepareDatabase(dataSource);

  const stopPartitions = startPartitionMaintenance(dataSource, logger);
  const jwtSecret = await loadJwtSecret(config.jwtSecret, config.dataDir);
  const server = await startServer({
    auditSigner: await loadCheckpointSigner(config.auditSigningKey, config.dataDir),
    sealing: config.sealing,
    dataSource,
    jwtSecret,
    logger,
    requestSettings: config.requests,
    statsK: config.statsK,
    port: config.port,
    host: config.host,
  });
  const stopMaintenance = startRequestMaintenance(
    createRequestService({ dataSource, jwtSecret, requestSettings: config.requests, logger }),
    new RequestDeliveryService(dataSource),
    logger,
  );
  logger.info(`privacy-hub GraphQL API ready at ${server.url}`);
  console.log(`GraphQL: ${server.url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    stopMaintenance();
    stopPartitions();
    await server.stop();
    await dataSource.destroy();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
