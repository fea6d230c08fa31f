import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { signToken } from '../src/auth/tokens';
import { EMBEDDED_DATABASE_NAME } from '../src/db/database';
import { isAlive as isRunning } from '../src/db/cluster-state';
import { embeddedUrl } from '../src/db/embedded';
import { postGraphQL, waitUntil } from './support/http-answer';
import { startHub, type HubProcess } from './support/hub-process';

/**
 * The embedded database's lifecycle as an operator meets it: `npm start` killed outright, a lock file left by a
 * crash, a terminal's Ctrl-C while requests are in flight. Real processes, one data folder for the whole file (its
 * first start creates the cluster).
 */

// PostgreSQL runs as the `postgres` system user on these machines: it must be able to reach the folder.
const DATA_DIR = mkdtempSync(path.join(os.tmpdir(), 'privacy-hub-lifecycle-'));
chmodSync(DATA_DIR, 0o755);
const CLUSTER = path.join(DATA_DIR, 'pg');
const LOCK_FILE = path.join(CLUSTER, 'postmaster.pid');
const JWT_SECRET = 'lifecycle-test-secret-0123456789abcdef';
const START_MS = 60_000;

const hubs: HubProcess[] = [];
const postmasters = new Set<number>();

function start(): HubProcess {
  const hub = startHub(DATA_DIR, { JWT_SECRET }, START_MS);
  hubs.push(hub);
  return hub;
}

/** PostgreSQL's own lock file: its pid and port, and the text as it stands. */
async function lockFile(): Promise<{ pid: number; port: number; text: string }> {
  const text = await readFile(LOCK_FILE, 'utf8');
  const lines = text.split('\n');
  const found = { pid: Number(lines[0]), port: Number(lines[3]), text };
  postmasters.add(found.pid);
  return found;
}

const lockFileExists = () =>
  readFile(LOCK_FILE).then(
    () => true,
    () => false,
  );

const TYPENAME = { status: 200, retryAfter: null, body: { data: { __typename: 'Query' } } };

/**
 * How long a Ctrl-C'd hub may take to exit: longer than the database's own stop bound (60 s in src/db/embedded.ts),
 * well inside the test's. A hub still running after it fails the test with its log, rather than the test timing out
 * with nothing to go on. (Hubs that never exited were seen here: their Ctrl-C came as start-up swapped its signal
 * listeners and was lost; see src/common/stop-signals.ts.)
 */
const EXIT_MS = 90_000;

/** The hub's exit code, or a failure naming what it last logged when it has not exited within EXIT_MS. */
async function exitOf(hub: HubProcess): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the hub did not exit within ${EXIT_MS} ms of SIGINT; its log:\n${hub.messages().join('\n')}`)),
      EXIT_MS,
    );
  });
  try {
    return await Promise.race([hub.exited, stuck]);
  } finally {
    clearTimeout(timer);
  }
}

/** A terminal's Ctrl-C; the hub must then exit 0 and leave no PostgreSQL on the folder. */
async function interrupt(hub: HubProcess): Promise<void> {
  const { pid: postmaster } = await lockFile();
  process.kill(-hub.pid, 'SIGINT');
  expect(await exitOf(hub)).toBe(0);
  expect(isRunning(postmaster)).toBe(false);
  expect(await lockFileExists()).toBe(false);
}

/** Starts and stops the hub once, returning the lock file as its server wrote it: what a crash would leave. */
async function lockFileOfACleanRun(): Promise<string> {
  const hub = start();
  await hub.ready;
  const { text } = await lockFile();
  await interrupt(hub);
  return text;
}

const withPid = (text: string, pid: number) => text.replace(/^\d+\n/, `${pid}\n`);

afterAll(async () => {
  for (const hub of hubs) if (hub.running()) process.kill(-hub.pid, 'SIGKILL');
  // A server a failed test left behind, found by the pids its lock files named: immediate shutdown.
  for (const pid of postmasters) if (isRunning(pid)) process.kill(pid, 'SIGQUIT');
  await waitUntil(() => [...postmasters].every((pid) => !isRunning(pid)), 'the test servers to stop');
  await rm(DATA_DIR, { recursive: true, force: true });
}, 30_000);

describe('the embedded database of npm start', () => {
  it(
    'is taken over by the next start after the process that started it was killed, and stops on its Ctrl-C',
    async () => {
      const crashed = start();
      expect(await postGraphQL(await crashed.ready, '{ __typename }')).toEqual(TYPENAME);
      const server = await lockFile();

      process.kill(crashed.pid, 'SIGKILL');
      expect(await crashed.exited).toBeNull();
      expect(isRunning(server.pid)).toBe(true);

      const next = start();
      expect(await postGraphQL(await next.ready, '{ __typename }')).toEqual(TYPENAME);
      expect(next.messages()).toContain(
        `embedded PostgreSQL left running in ${CLUSTER} by process ${crashed.pid} (crashed?) on port ${server.port}: taking it over; it stops when this process stops`,
      );
      expect((await lockFile()).pid).toBe(server.pid);
      await interrupt(next);
    },
    3 * START_MS,
  );

  it(
    'starts beside a lock file whose process is gone, and says so',
    async () => {
      const text = await lockFileOfACleanRun();
      const gone = spawnSync('true').pid;
      await writeFile(LOCK_FILE, withPid(text, gone));

      const hub = start();
      expect(await postGraphQL(await hub.ready, '{ __typename }')).toEqual(TYPENAME);
      expect(hub.messages()).toContain(`${LOCK_FILE} names process ${gone}, which no longer runs (left by a crash?): starting anew`);
      await interrupt(hub);
    },
    3 * START_MS,
  );

  it(
    'removes a lock file whose pid now belongs to another program, says so, and starts',
    async () => {
      const text = await lockFileOfACleanRun();
      // This test's own process: alive, and not PostgreSQL.
      await writeFile(LOCK_FILE, withPid(text, process.pid));

      const hub = start();
      expect(await postGraphQL(await hub.ready, '{ __typename }')).toEqual(TYPENAME);
      expect(hub.messages()).toContain(
        `${LOCK_FILE} names process ${process.pid}, which is not PostgreSQL (its pid was reused after a crash): removing it and starting anew`,
      );
      await interrupt(hub);
    },
    3 * START_MS,
  );

  it(
    'answers every request in flight on a Ctrl-C before the database stops, then exits 0',
    async () => {
      const hub = start();
      const url = await hub.ready;
      const token = await signToken({ role: 'staff', sub: 'staff:lifecycle' }, new TextEncoder().encode(JWT_SECRET));
      const server = await lockFile();

      // The requests are held in the database by a lock this session takes, so that they are in flight for certain
      // when the signal comes, and finish when it is released.
      const holder = new Client({ connectionString: embeddedUrl(server.port, EMBEDDED_DATABASE_NAME) });
      holder.on('error', () => {});
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE processor IN ACCESS EXCLUSIVE MODE');
        const inFlight = Array.from({ length: 5 }, () => postGraphQL(url, '{ processors { id } }', { token }).catch((error: Error) => error.message));
        await waitUntil(async () => {
          const { rows } = await holder.query<{ waiting: number }>(
            `SELECT count(*)::int AS waiting FROM pg_locks WHERE relation = 'processor'::regclass AND NOT granted`,
          );
          return rows[0].waiting === inFlight.length;
        }, 'the requests to wait on the lock');

        process.kill(-hub.pid, 'SIGINT');
        // Long enough for a database that stops at the signal to have stopped, well within the lock timeout.
        await new Promise((resolve) => setTimeout(resolve, 750));
        const released = await holder.query('COMMIT').then(
          () => 'released',
          (error: Error) => error.message,
        );

        expect(await Promise.all(inFlight)).toEqual(inFlight.map(() => ({ status: 200, retryAfter: null, body: { data: { processors: [] } } })));
        expect(released).toBe('released');
      } finally {
        await holder.end().catch(() => {});
      }
      expect(await exitOf(hub)).toBe(0);
      expect(isRunning(server.pid)).toBe(false);
      expect(await lockFileExists()).toBe(false);
    },
    2 * START_MS,
  );
});
