import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { createDataSource } from '../../src/db/data-source';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { prepareDatabase } from '../../src/db/prepare';
import { REPO_ROOT } from '../children';

/**
 * The import benchmark's own database, apart from `npm run bench`'s so that both can run: with DATABASE_URL a
 * database on that server, dropped and created; without, a throw-away embedded cluster under
 * .data/bench-import-pg. Either way it is new, migrated, and removed at the end.
 */

export const IMPORT_BENCH_DATABASE = 'privacy_hub_bench_import';
const EMBEDDED_DIR = path.join(REPO_ROOT, '.data', 'bench-import-pg');

export interface ImportBenchDatabase {
  url: string;
  /** How the report names where the database ran. */
  description: string;
  /** Drops the database (external server) or stops and deletes the embedded cluster. */
  dispose(): Promise<void>;
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function withDatabaseName(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function externalDatabase(serverUrl: string): Promise<ImportBenchDatabase> {
  const drop = `DROP DATABASE IF EXISTS ${IMPORT_BENCH_DATABASE} WITH (FORCE)`;
  await withClient(serverUrl, (admin) => admin.query(drop));
  await withClient(serverUrl, (admin) => admin.query(`CREATE DATABASE ${IMPORT_BENCH_DATABASE}`));
  return {
    url: withDatabaseName(serverUrl, IMPORT_BENCH_DATABASE),
    description: `the DATABASE_URL server (${new URL(serverUrl).host}), database ${IMPORT_BENCH_DATABASE}`,
    dispose: async () => {
      await withClient(serverUrl, (admin) => admin.query(drop));
    },
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A cluster left by a run killed outright: stopped (SIGQUIT) only if its postmaster still runs on our folder. */
async function stopLeftoverCluster(): Promise<void> {
  const pid = Number((await readFile(path.join(EMBEDDED_DIR, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!commandLine.includes(EMBEDDED_DIR)) return;
  process.kill(pid, 'SIGQUIT');
  for (let waited = 0; waited < 50 && isRunning(pid); waited += 1) await sleep(100);
}

async function embeddedDatabase(log: (line: string) => void): Promise<ImportBenchDatabase> {
  await stopLeftoverCluster();
  await rm(EMBEDDED_DIR, { recursive: true, force: true });
  const running = await startEmbeddedPostgres({ dir: EMBEDDED_DIR, database: IMPORT_BENCH_DATABASE, durable: false, log });
  return {
    url: running.url,
    description: `embedded PostgreSQL under .data/bench-import-pg (fsync off), database ${IMPORT_BENCH_DATABASE}`,
    dispose: async () => {
      await running.stop();
      await rm(EMBEDDED_DIR, { recursive: true, force: true });
    },
  };
}

export function openImportBenchDatabase(serverUrl: string | undefined, log: (line: string) => void): Promise<ImportBenchDatabase> {
  return serverUrl ? externalDatabase(serverUrl) : embeddedDatabase(log);
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
