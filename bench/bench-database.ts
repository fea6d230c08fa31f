import { readFile, rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { Client } from 'pg';
import { isAlive as isRunning } from '../src/db/cluster-state';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { REPO_ROOT } from './children';
import { postmasterOf } from './proc';

export const BENCH_DATABASE = 'privacy_hub_bench';

/** Where a benchmark's database lives: its name, and the folder of its throw-away embedded cluster. */
export interface BenchDatabasePlace {
  database: string;
  /** Under .data/; each benchmark has its own so that they can run side by side. */
  embeddedFolder: string;
}

const API_BENCH: BenchDatabasePlace = { database: BENCH_DATABASE, embeddedFolder: 'bench-pg' };

export interface BenchDatabase {
  url: string;
  /** How the report names where the database ran. */
  description: string;
  /** Drops the database (external server) or stops and deletes the embedded cluster. */
  dispose(): Promise<void>;
}

function withDatabaseName(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
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

const onServer = (serverUrl: string, sql: string) => withClient(serverUrl, (admin) => admin.query(sql)).then(() => {});

/** A fresh database on the given server; dropped first, so a run never measures a previous run's rows. */
async function externalDatabase(serverUrl: string, { database }: BenchDatabasePlace): Promise<BenchDatabase> {
  const drop = `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`;
  await onServer(serverUrl, drop);
  await onServer(serverUrl, `CREATE DATABASE ${database}`);
  return {
    url: withDatabaseName(serverUrl, database),
    description: `the DATABASE_URL server (${new URL(serverUrl).host}), database ${database}`,
    dispose: () => onServer(serverUrl, drop),
  };
}

/**
 * A run killed outright (SIGKILL) cannot stop its cluster. Its postmaster is found by the PID in its own
 * postmaster.pid, and only if that process still runs on our folder, then shut down (SIGQUIT: immediate).
 */
async function stopLeftoverCluster(dir: string): Promise<void> {
  const pid = Number((await readFile(path.join(dir, 'postmaster.pid'), 'utf8').catch(() => '')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const commandLine = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!commandLine.includes(dir)) return;
  process.kill(pid, 'SIGQUIT');
  for (let waited = 0; waited < 50 && isRunning(pid); waited += 1) await sleep(100);
}

/**
 * A throw-away cluster (no fsync) under .data/, deleted when stopped. One left by a run that was killed is
 * stopped and deleted first, so that the cluster and its data are always new.
 */
async function embeddedDatabase({ database, embeddedFolder }: BenchDatabasePlace, log: (line: string) => void): Promise<BenchDatabase> {
  const dir = path.join(REPO_ROOT, '.data', embeddedFolder);
  await stopLeftoverCluster(dir);
  await rm(dir, { recursive: true, force: true });
  const running = await startEmbeddedPostgres({ dir, database, durable: false, log });
  return {
    url: running.url,
    description: `embedded PostgreSQL under .data/${embeddedFolder} (fsync off), database ${database}`,
    dispose: async () => {
      await running.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function openBenchDatabase(
  serverUrl: string | undefined,
  log: (line: string) => void,
  place: BenchDatabasePlace = API_BENCH,
): Promise<BenchDatabase> {
  return serverUrl ? externalDatabase(serverUrl, place) : embeddedDatabase(place, log);
}

export interface ServerFacts {
  version: string;
  /** The postmaster's pid when the server runs on this machine, so that its CPU can be read; else null. */
  postmasterPid: number | null;
}

/** What the report says about the server, and where to read its CPU from. */
export async function serverFacts(url: string): Promise<ServerFacts> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const result = await client.query<{ version: string; pid: number }>(
      `SELECT current_setting('server_version') AS version, pg_backend_pid() AS pid`,
    );
    const { version, pid } = result.rows[0];
    return { version, postmasterPid: postmasterOf(pid) };
  } finally {
    await client.end();
  }
}

/** Rows in each table of the public schema: compared before and after the load, they show what requests write. */
export async function rowCounts(url: string): Promise<Map<string, number>> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`);
    const counts = new Map<string, number>();
    for (const { name } of tables.rows) {
      const result = await client.query<{ count: string }>(`SELECT count(*) AS count FROM ${client.escapeIdentifier(name)}`);
      counts.set(name, Number(result.rows[0].count));
    }
    return counts;
  } finally {
    await client.end();
  }
}
