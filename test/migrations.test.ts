import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/db/data-source';
import { MIGRATIONS } from '../migrations';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/** Migrations take an empty database to the latest schema, and each `down` really reverses its `up`. */

const CORE_TABLES = [
  'audit_event',
  'consent',
  'consent_event',
  'customer',
  'disclosure',
  'privacy_request',
  'processor',
  'processor_purpose',
  'purpose',
];
const CONSENT_ACCESS_TABLES = ['audit_chain_head', 'data_category', 'processor_category', 'processor_token'];

let database: TestDatabase;
let dataSource: DataSource;

async function tables(): Promise<string[]> {
  const rows = (await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'typeorm_migrations' ORDER BY 1`,
  )) as Array<{ table_name: string }>;
  return rows.map((row) => row.table_name);
}

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
  dataSource = createDataSource({ url: database.url, poolSize: 1 });
  await dataSource.initialize();
});
afterAll(async () => {
  await dataSource.destroy();
  await database.drop();
});

it('builds every table from an empty database', async () => {
  expect(await tables()).toEqual([]);
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  expect(applied.map((migration) => migration.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
  expect(await tables()).toEqual([...CORE_TABLES, ...CONSENT_ACCESS_TABLES].sort());
});

it('steps back one migration, leaving the schema the previous one made, and forward again', async () => {
  await dataSource.undoLastMigration({ transaction: 'each' });
  expect(await tables()).toEqual(CORE_TABLES);
  const columns = (await dataSource.query(
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'audit_event' AND column_name = 'chain_position'`,
  )) as unknown[];
  expect(columns).toEqual([]);
  const functions = (await dataSource.query(`SELECT proname FROM pg_proc WHERE proname LIKE 'audit_event_%'`)) as unknown[];
  expect(functions).toEqual([]);
  await dataSource.runMigrations({ transaction: 'each' });
  expect(await tables()).toEqual([...CORE_TABLES, ...CONSENT_ACCESS_TABLES].sort());
});

describe('the database itself refuses impossible rows', () => {
  const rejected: Array<[string, string]> = [
    ['a held customer without email', `INSERT INTO customer (locale) VALUES ('az')`],
    ['an erased customer that still holds a phone', `INSERT INTO customer (locale, erased_at, phone) VALUES ('az', now(), '+994501234567')`],
    ['a second customer with the same email in other case', `INSERT INTO customer (email) VALUES ('dup@x.az'), ('DUP@x.az')`],
    ['a consent for an unknown purpose', `INSERT INTO consent (customer_id, purpose_code, status, status_changed_at, source, policy_version) SELECT id, 'SELLING', 'GRANTED', now(), 'IMPORT', 'v1' FROM customer LIMIT 1`],
    ['a trusted processor without a grantor', `INSERT INTO processor (name, kind, country, trusted_at) VALUES ('P', 'AFFILIATE', 'AZ', now())`],
    ['a rewritten consent event', `UPDATE consent_event SET status = 'GRANTED'`],
    ['a deleted audit event', `DELETE FROM audit_event`],
  ];

  beforeAll(async () => {
    await dataSource.query(`INSERT INTO purpose VALUES ('PERSONALIZATION', 'a', 'b', 'c', 'd', true, '§1.1')`);
    await dataSource.query(`INSERT INTO customer (email) VALUES ('held@x.az')`);
  });

  it.each(rejected)('rejects %s', async (_case, sql) => {
    await expect(dataSource.query(sql)).rejects.toThrow();
  });
});
