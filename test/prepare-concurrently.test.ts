import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { createDataSource } from '../src/db/data-source';
import { prepareDatabase } from '../src/db/prepare';
import { PURPOSES } from '../src/policy/purposes';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/** Instances started at the same moment on an empty database all come up, and the schema is built once. */

let database: TestDatabase;
let sources: DataSource[];

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
  // One connection each, as tight as a preparer can be: the lock must not need a second one.
  sources = await Promise.all([1, 2, 3].map(() => createDataSource({ url: database.url, poolSize: 1 }).initialize()));
});
afterAll(async () => {
  await Promise.all(sources.map((source) => source.destroy()));
  await database.drop();
});

it('lets three preparers run at once: each succeeds, every migration is applied once', async () => {
  const outcomes = await Promise.allSettled(sources.map((source) => prepareDatabase(source)));
  expect(outcomes.map((outcome) => (outcome.status === 'rejected' ? String(outcome.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok']);
  const applied = (await sources[0].query(`SELECT name FROM typeorm_migrations ORDER BY id`)) as Array<{ name: string }>;
  expect(applied.map((row) => row.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
  const purposes = (await sources[0].query(`SELECT code FROM purpose ORDER BY policy_section`)) as Array<{ code: string }>;
  expect(purposes.map((row) => row.code)).toEqual(PURPOSES.map((purpose) => purpose.key));
});
