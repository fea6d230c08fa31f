import 'reflect-metadata';
import { createDataSource } from '../src/db/data-source';
import { seedDemo } from '../scripts/demo/demo-seed';
import { prepareDatabase } from '../src/db/prepare';
import { withClient } from './bench-database';

/**
 * The bench's two seeders, both after prepareDatabase (migrations and reference data):
 * - `demo`: seedDemo (seed 42), the realistic data of the main bench: about 5,500 customers/s here, so 100,000
 *   take some 20 s, but 1,000,000 would take minutes;
 * - `fast`: one INSERT ... SELECT FROM generate_series per table, for the size sweep: customer i is created i
 *   minutes after 2020-01-01 (so created_at order is i order), every 1000th from the 500th erased, and each has
 *   two company consents (PERSONALIZATION granted, NEW_SERVICES granted or withdrawn) with one event each.
 */
export type Seeder = 'demo' | 'fast';

export interface SeedSummary {
  customers: number;
  consents: number;
  seconds: number;
}

const FAST_CUSTOMERS = `
INSERT INTO customer (created_at, updated_at, locale, erased_at, email, phone, full_name, date_of_birth,
                      address_street, address_city, address_postal_code, address_country)
SELECT t, t, CASE WHEN i % 3 = 0 THEN 'en' ELSE 'az' END,
       CASE WHEN erased THEN t + interval '1 day' END,
       CASE WHEN NOT erased THEN 'customer' || i || '@example.az' END,
       CASE WHEN NOT erased THEN '+99450' || lpad((i % 10000000)::text, 7, '0') END,
       CASE WHEN NOT erased THEN 'Customer ' || i END,
       CASE WHEN NOT erased THEN date '1960-01-01' + (i % 15000) END,
       CASE WHEN NOT erased THEN 'Nizami küçəsi ' || (i % 500) END,
       CASE WHEN NOT erased THEN 'Bakı' END,
       CASE WHEN NOT erased THEN 'AZ' || (1000 + i % 100) END,
       CASE WHEN NOT erased THEN 'AZ' END
FROM generate_series(1, $1::int) AS i,
     LATERAL (SELECT timestamptz '2020-01-01 00:00:00+00' + i * interval '1 minute' AS t, i % 1000 = 500 AS erased) AS row`;

const FAST_CONSENTS = `
INSERT INTO consent (customer_id, purpose_code, processor_id, status, status_changed_at, source, policy_version, created_at, updated_at)
SELECT c.id, p.code, NULL,
       CASE WHEN p.code = 'NEW_SERVICES' AND extract(minute FROM c.created_at)::int % 3 = 0 THEN 'WITHDRAWN' ELSE 'GRANTED' END,
       c.created_at, 'SIGN_UP', '2024-01', c.created_at, c.created_at
FROM customer c CROSS JOIN (VALUES ('PERSONALIZATION'), ('NEW_SERVICES')) AS p(code)`;

const FAST_EVENTS = `
INSERT INTO consent_event (consent_id, status, source, policy_version, occurred_at, actor)
SELECT id, status, source, policy_version, status_changed_at, 'seed:bench' FROM consent`;

/** Indexes of the seeded tables that back no constraint, whatever the migrations made: built once, after the rows. */
const DEFERRABLE_INDEXES = `
SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
WHERE t.relnamespace = 'public'::regnamespace AND t.relname = ANY($1)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`;

/**
 * Secondary indexes are dropped before the rows go in and rebuilt once at the end (which also checks the unique
 * ones). Triggers and foreign keys stay on: the schema's own invariants (such as copied columns) must hold.
 */
async function seedFast(url: string, customers: number): Promise<number> {
  return withClient(url, async (db) => {
    const { rows: indexes } = await db.query<{ name: string; definition: string }>(DEFERRABLE_INDEXES, [['customer', 'consent', 'consent_event']]);
    await db.query(`SET maintenance_work_mem = '256MB'`);
    for (const index of indexes) await db.query(`DROP INDEX ${index.name}`);
    await db.query(FAST_CUSTOMERS, [customers]);
    const { rowCount } = await db.query(FAST_CONSENTS);
    await db.query(FAST_EVENTS);
    for (const index of indexes) await db.query(index.definition);
    return rowCount ?? 0;
  });
}

export async function seedDatabase(url: string, customers: number, seeder: Seeder): Promise<SeedSummary> {
  const started = Date.now();
  const dataSource = createDataSource({ url });
  await dataSource.initialize();
  let consents = 0;
  try {
    await prepareDatabase(dataSource);
    if (seeder === 'demo') {
      const summary = await seedDemo(dataSource, { customers, seed: 42 });
      if (!summary.written) throw new Error(`the bench database already had ${summary.existingCustomers} customers`);
      consents = summary.counts.consents;
    }
  } finally {
    await dataSource.destroy();
  }
  if (seeder === 'fast') consents = await seedFast(url, customers);
  return { customers, consents, seconds: (Date.now() - started) / 1000 };
}
