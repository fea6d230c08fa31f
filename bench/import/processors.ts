import { withClient } from './import-database';

/**
 * The recipients the generated consents name: active, trusted, with an accepted agreement and allowed
 * PERSONALIZATION. Fixed ids, so that the generated file does not depend on the database.
 */
const BENCH_PROCESSORS = [
  { id: '3f6c1a52-7d1e-4b8a-9c0e-2a5b7d9e1f01', name: 'Bakı Rəqəmsal Reklam MMC', kind: 'THIRD_PARTY', country: 'AZ' },
  { id: '3f6c1a52-7d1e-4b8a-9c0e-2a5b7d9e1f02', name: 'Allprint Personalizasiya MMC', kind: 'AFFILIATE', country: 'AZ' },
  { id: '3f6c1a52-7d1e-4b8a-9c0e-2a5b7d9e1f03', name: 'Caspian Audience Ltd', kind: 'THIRD_PARTY', country: 'GB' },
] as const;

export const BENCH_PROCESSOR_IDS: readonly string[] = BENCH_PROCESSORS.map((processor) => processor.id);

export async function createBenchProcessors(url: string): Promise<void> {
  const column = <K extends keyof (typeof BENCH_PROCESSORS)[number]>(key: K) => BENCH_PROCESSORS.map((processor) => processor[key]);
  await withClient(url, async (client) => {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO processor (id, name, kind, country, agreement_accepted_at, trusted_at, trusted_by, active)
       SELECT id, name, kind, country, now(), now(), 'bench:import', true
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS p(id, name, kind, country)`,
      [column('id'), column('name'), column('kind'), column('country')],
    );
    await client.query(`INSERT INTO processor_purpose (processor_id, purpose_code) SELECT unnest($1::uuid[]), 'PERSONALIZATION'`, [column('id')]);
    await client.query('COMMIT');
  });
}
