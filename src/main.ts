import 'reflect-metadata';
import { loadJwtSecret } from './auth/secret';
import { ConfigError, loadConfig } from './config';
import { DatabaseUnreachableError, waitForDatabase } from './db/connect-with-retry';
import { openDatabase } from './db/database';
import { createDataSource } from './db/data-source';
import { startPartitionMaintenance } from './db/partitions';
import { prepareDatabase } from './db/prepare';
import { unavailableReason } from './db/unavailable';
import { createLogger } from './logger';
import { loadCheckpointSigner } from './modules/audit/log/checkpoint-signer';
import { forgetLapsedEmailConfirmations } from './modules/customers/email-confirmation';
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

  const { database: settings } = config;
  await waitForDatabase({
    url: database.url,
    attempts: settings.connectAttempts,
    connectTimeoutMs: settings.connectTimeoutMs,
    backoffMaxMs: settings.connectBackoffMaxMs,
    log: (line) => logger.warn(line),
  });
  // Migrations on a pool of their own without the request timeouts: a migration may rightly hold a statement or
  // a lock longer than any request may.
  const migrator = createDataSource({ url: database.url, poolSize: 1 });
  await migrator.initialize();
  try {
    await prepareDatabase(migrator);
  } finally {
    await migrator.destroy();
  }

  const dataSource = createDataSource({ url: database.url, limits: settings });
  await dataSource.initialize();

  const stopPartitions = startPartitionMaintenance(dataSource, logger);
  const jwtSecret = await loadJwtSecret(config.jwtSecret, config.dataDir);
  const server = await startServer({
    auditSigner: await loadCheckpointSigner(config.auditSigningKey, config.dataDir),
    sealing: config.sealing,
    edge: config.edge,
    readinessTimeoutMs: settings.readinessTimeoutMs,
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
    () => forgetLapsedEmailConfirmations(dataSource),
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

/** One line for the failures an operator fixes outside the code (configuration, the database); a stack for the rest. */
function startupFailure(error: unknown): string | unknown {
  if (error instanceof ConfigError || error instanceof DatabaseUnreachableError) return `privacy-hub did not start: ${error.message}`;
  const reason = unavailableReason(error);
  return reason === null ? error : `privacy-hub did not start: the database became unavailable during start-up (${reason})`;
}

main().catch((error: unknown) => {
  console.error(startupFailure(error));
  process.exit(1);
});
