import 'reflect-metadata';
import path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../../src/db/data-source';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { prepareDatabase } from '../../src/db/prepare';
import { databaseUrl, TEST_ADMIN_URL, TEST_TEMPLATE } from './test-database';

/**
 * Starts (or connects to) the run's PostgreSQL and builds a migrated template database; each test file
 * then copies the template into a database of its own (see test-database.ts). Returns the teardown.
 */
export async function startTestDatabaseServer(): Promise<() => Promise<void>> {
  const external = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL;
  const server = external
    ? { url: external, stop: async () => {} }
    : // A cluster per run, so that two runs on one checkout cannot collide; it is deleted when the run ends.
      await startEmbeddedPostgres({ dir: path.resolve(`.data/test-pg-${process.pid}`), database: 'postgres', durable: false });

  const template = `privacy_hub_template_${process.pid}`;
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const dataSource = createDataSource({ url: databaseUrl(server.url, template), poolSize: 1 });
  await dataSource.initialize();
  await prepareDatabase(dataSource);
  await dataSource.destroy();

  process.env[TEST_ADMIN_URL] = server.url;
  process.env[TEST_TEMPLATE] = template;
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
    await server.stop();
  };
}
