import 'reflect-metadata';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { createDataSource } from '../src/db/data-source';
import { prepareDatabase } from '../src/db/prepare';

/**
 * Runs `work` against the configured database (embedded unless DATABASE_URL), brought up to date first
 * unless `prepare` is false, then closes everything.
 */
export async function withDatabase(work: (dataSource: DataSource) => Promise<void>, { prepare = true } = {}): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config.databaseUrl, config.dataDir, () => {});
  const dataSource = createDataSource({ url: database.url });
  try {
    await dataSource.initialize();
    if (prepare) await prepareDatabase(dataSource);
    await work(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.stop();
  }
}

export function runScript(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    // An API error is the user's to read; anything else needs its stack.
    console.error(error instanceof GraphQLError ? `error: ${error.message}` : error);
    process.exit(1);
  });
}
