// First: tracing, when configured, must patch http, express, pg and graphql before anything loads them.
import { tracing } from './observability/start-tracing';
import os from 'node:os';
import 'reflect-metadata';
import { loadJwtSecret } from './auth/secret';
import { parseCommandLine } from './common/command-line';
import { reportFailure } from './common/failure-report';
import { listenForStopSignals } from './common/stop-signals';
import { loadConfig } from './config';
import { retryFrom, waitForDatabase } from './db/connect-with-retry';
import { openDatabase } from './db/database';
import { createDataSource } from './db/data-source';
import { startPartitionMaintenance } from './db/partitions';
import { prepareDatabase } from './db/prepare';
import { createLogger } from './logger';
import { loadCheckpointSigner } from './modules/audit/log/checkpoint-signer';
import { forgetLapsedEmailConfirmations } from './modules/customers/email-confirmation';
import { startRequestMaintenance } from './modules/requests/request-maintenance';
import { startServer } from './server';
import { createServices } from './services';

const USAGE = `usage: npm start [-- --help]
  starts the hub: its database (embedded under DATA_DIR unless DATABASE_URL), migrations, then GraphQL on HOST:PORT
  configured by environment variables only: see README.md, "Configuration"`;

/** `npm start`: database (embedded unless DATABASE_URL), migrations, reference data, then the server. */
async function main(): Promise<void> {
  parseCommandLine(USAGE, {});
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  // Until the server listens there is no request to drain: a signal ends start-up at once, and the embedded
  // database this process started or took over is stopped as it exits (src/db/embedded.ts).
  const stopSignals = listenForStopSignals((signal) => {
    logger.info({ signal }, 'start-up interrupted');
    process.exit(128 + os.constants.signals[signal]);
  });
  const database = await openDatabase(
    config.databaseUrl,
    config.dataDir,
    (line) => logger.debug({ postgres: line.trim() }),
    (line) => logger.info(line),
  );

  const { database: settings } = config;
  await waitForDatabase({ url: database.url, ...retryFrom(settings), log: (line) => logger.warn(line) });
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
  const services = createServices({
    dataSource,
    jwtSecret: await loadJwtSecret(config.jwtSecret, config.dataDir),
    logger,
    requestSettings: config.requests,
    statsK: config.statsK,
    auditSigner: await loadCheckpointSigner(config.auditSigningKey, config.dataDir),
    sealing: config.sealing,
    refusedReadRetentionDays: config.refusedReadRetentionDays,
  });
  const server = await startServer({
    services,
    edge: config.edge,
    readinessTimeoutMs: settings.readinessTimeoutMs,
    port: config.port,
    host: config.host,
    corsOrigins: config.corsOrigins,
    cabinetDemoSignIn: config.cabinetDemoSignIn,
  });
  const stopMaintenance = startRequestMaintenance(
    services.requests,
    services.delivery,
    { addresses: () => forgetLapsedEmailConfirmations(dataSource), refusedReads: () => services.refusedReads.forgetExpired() },
    logger,
  );

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping: answering the requests in flight first');
    stopMaintenance();
    stopPartitions();
    // In this order: the requests in flight finish (they need the pool and the database), the pool closes, then
    // the database stops, even when draining failed.
    try {
      await server.stop();
      await dataSource.destroy();
    } finally {
      await database.stop();
    }
    // The spans of the last requests are still batched in memory: sent before the process ends.
    await tracing?.shutdown().catch((error: unknown) => logger.warn({ error: String(error) }, 'traces not flushed'));
    process.exit(0);
  };
  stopSignals.handleWith((signal) => void stop(signal));
  // Announced only now that a stop signal drains the requests: whoever acts on the announcement can stop the hub.
  logger.info(`privacy-hub GraphQL API ready at ${server.url}`);
  console.log(`GraphQL: ${server.url}`);
}

main().catch((error: unknown) => {
  reportFailure('privacy-hub did not start: ', error);
  process.exit(1);
});
