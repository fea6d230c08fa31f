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
const REQUEST_WORKFLOW_TABLES = ['outbox_message', 'privacy_request_event', 'privacy_request_export', 'request_verification'];

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
  expect(await tables()).toEqual([...CORE_TABLES, ...CONSENT_ACCESS_TABLES, ...REQUEST_WORKFLOW_TABLES].sort());
});

/** Everything a migration can change, as comparable text: columns, constraints, indexes, functions, triggers. */
async function schemaFingerprint(source: DataSource): Promise<string> {
  const rows = (await source.query(`
    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS item
      FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal
    ORDER BY 1`)) as Array<{ item: string }>;
  return rows
    .map((row) => row.item)
    // TypeORM's own bookkeeping table appears with the first run, whatever the migrations do.
    .filter((item) => !item.includes('typeorm_migrations'))
    .join('\n');
}

describe('stepping back', () => {
  let stepwise: TestDatabase;

  beforeAll(async () => {
    stepwise = await createTestDatabase({ empty: true });
  });
  afterAll(() => stepwise.drop());

  /** A data source over the stepwise database that knows only the first `count` migrations. */
  async function withMigrations<T>(count: number, work: (source: DataSource) => Promise<T>): Promise<T> {
    const source = createDataSource({ url: stepwise.url, poolSize: 1 });
    source.setOptions({ migrations: MIGRATIONS.slice(0, count) });
    await source.initialize();
    try {
      return await work(source);
    } finally {
      await source.destroy();
    }
  }

  it('restores, with each down, exactly the schema its up started from, and goes forward again', async () => {
    const schemaAfter: string[] = [await withMigrations(0, schemaFingerprint)];
    for (let count = 1; count <= MIGRATIONS.length; count += 1) {
      schemaAfter.push(
        await withMigrations(count, async (source) => {
          await source.runMigrations({ transaction: 'each' });
          return schemaFingerprint(source);
        }),
      );
    }
    expect(new Set(schemaAfter).size).toBe(MIGRATIONS.length + 1);

    await withMigrations(MIGRATIONS.length, async (source) => {
      for (let count = MIGRATIONS.length; count > 0; count -= 1) {
        await source.undoLastMigration({ transaction: 'each' });
        expect(await schemaFingerprint(source)).toBe(schemaAfter[count - 1]);
      }
      await source.runMigrations({ transaction: 'each' });
      expect(await schemaFingerprint(source)).toBe(schemaAfter[MIGRATIONS.length]);
    });
  });
});

describe('the database itself refuses impossible rows', () => {
  const rejected: Array<[string, string]> = [
    ['a held customer without email', `INSERT INTO customer (locale) VALUES ('az')`],
    ['an erased customer that still holds a phone', `INSERT INTO customer (locale, erased_at, phone) VALUES ('az', now(), '+994501234567')`],
    ['a second customer with the same email in other case', `INSERT INTO customer (email) VALUES ('dup@x.az'), ('DUP@x.az')`],
    ['a consent for an unknown purpose', `INSERT INTO consent (customer_id, purpose_code, status, status_changed_at, source, policy_version) SELECT id, 'SELLING', 'GRANTED', now(), 'IMPORT', 'v1' FROM customer LIMIT 1`],
    ['a trusted processor without a grantor', `INSERT INTO processor (name, kind, country, trusted_at) VALUES ('P', 'AFFILIATE', 'AZ', now())`],
    ['a rewritten consent event', `UPDATE consent_event SET status = 'GRANTED'`],
    [
      'a consent event of no consent',
      `INSERT INTO consent_event (consent_id, status, source, policy_version, occurred_at, actor)
       VALUES (gen_random_uuid(), 'GRANTED', 'IMPORT', 'v1', now(), 'test')`,
    ],
    ['a deleted audit event', `DELETE FROM audit_event`],
    [
      'a disclosure hidden from the customer without a reason',
      `INSERT INTO disclosure (ground, reference, processor_id, customer_id, categories, justification, expires_at, hidden_from_customer, created_by)
       SELECT 'LEGAL_OBLIGATION', 'r-1', p.id, c.id, '{contact}', 'court order', now() + interval '1 day', true, 'officer'
       FROM processor p, customer c LIMIT 1`,
    ],
  ];

  beforeAll(async () => {
    await dataSource.query(`INSERT INTO purpose VALUES ('PERSONALIZATION', 'a', 'b', 'c', 'd', true, '§1.1')`);
    await dataSource.query(`INSERT INTO customer (email) VALUES ('held@x.az')`);
    await dataSource.query(`INSERT INTO processor (name, kind, country) VALUES ('Recipient', 'THIRD_PARTY', 'AZ')`);
  });

  it.each(rejected)('rejects %s', async (_case, sql) => {
    await expect(dataSource.query(sql)).rejects.toThrow();
  });
});
