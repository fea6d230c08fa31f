import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { retryFrom, waitForDatabase } from '../src/db/connect-with-retry';
import { openDatabase } from '../src/db/database';
import { createDataSource } from '../src/db/data-source';
import { prepareDatabase } from '../src/db/prepare';

// The scripts that open a database import both from here.
export { runScript } from './cli';

/**
 * Runs `work` against the configured database (embedded unless DATABASE_URL), brought up to date first
 * unless `prepare` is false, then closes everything.
 */
export async function withDatabase(work: (dataSource: DataSource) => Promise<void>, { prepare = true } = {}): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl, config.dataDir, () => {});
  const dataSource = createDataSource({ url: database.url });
  try {
    // As at start-up: an unreachable database or a host that does not exist is one line naming it, not a driver stack.
    await waitForDatabase({ url: database.url, ...retryFrom(config.database), log: (line) => console.error(line) });
    await dataSource.initialize();
    if (prepare) await prepareDatabase(dataSource);
    await work(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}
