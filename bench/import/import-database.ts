import { createDataSource } from '../../src/db/data-source';
import { prepareDatabase } from '../../src/db/prepare';
import { openBenchDatabase, withClient, type BenchDatabase } from '../bench-database';

/**
 * The import benchmark's own database, apart from `npm run bench`'s so that both can run: with DATABASE_URL a
 * database on that server, dropped and created; without, a throw-away embedded cluster under
 * .data/bench-import-pg. Either way it is new, migrated, and removed at the end.
 */

export const IMPORT_BENCH_DATABASE = 'privacy_hub_bench_import';

export type ImportBenchDatabase = BenchDatabase;

export { withClient };

export function openImportBenchDatabase(serverUrl: string | undefined, log: (line: string) => void): Promise<ImportBenchDatabase> {
  return openBenchDatabase(serverUrl, log, { database: IMPORT_BENCH_DATABASE, embeddedFolder: 'bench-import-pg' });
}

/** Migrations and reference data, as the CLI would do them itself, so that the timed run is the import alone. */
export async function migrate(url: string): Promise<void> {
  const dataSource = createDataSource({ url });
  await dataSource.initialize();
  try {
    await prepareDatabase(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** The server settings that matter most to a write-heavy run, for the report. */
export async function serverSettings(url: string): Promise<string> {
  const names = ['fsync', 'synchronous_commit', 'shared_buffers', 'max_wal_size', 'work_mem'];
  const values = await withClient(url, (client) =>
    client.query<{ name: string; setting: string }>(`SELECT name, current_setting(name) AS setting FROM unnest($1::text[]) AS name`, [names]),
  );
  return values.rows.map((row) => `${row.name}=${row.setting}`).join(', ');
}
