import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { DatabaseUnreachableError, waitForDatabase } from '../src/db/connect-with-retry';
import { databaseUrl, TEST_ADMIN_URL } from './support/test-database';

/**
 * At start the server waits for its database with capped exponential backoff, one line per failed attempt, and
 * gives up with one line; a port that accepts TCP and never answers costs one connect timeout per attempt.
 */

const adminUrl = () => process.env[TEST_ADMIN_URL]!;

/** A port nothing listens on: bound, then released. */
async function refusingPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP server on `port` (0: any) that handles each connection with `handle`; closes its sockets on close. */
async function tcpServer(port: number, handle: (socket: net.Socket) => void) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    handle(socket);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A proxy on `port` to the test run's PostgreSQL. */
function proxyToDatabase(port: number) {
  const target = new URL(adminUrl());
  return tcpServer(port, (socket) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
    socket.pipe(upstream).pipe(socket);
  });
}

const urlOnPort = (port: number) => {
  const url = new URL(adminUrl());
  url.host = `127.0.0.1:${port}`;
  return url.toString();
};

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected it to give up');
    },
    (error: unknown) => error,
  );

describe('waiting for the database at start-up', () => {
  it('retries a port that refuses with doubling pauses, a line per attempt, and gives up with one line', async () => {
    const port = await refusingPort();
    const lines: string[] = [];
    const error = await failure(
      waitForDatabase({
        url: urlOnPort(port),
        attempts: 4,
        connectTimeoutMs: 1000,
        backoffInitialMs: 100,
        backoffMaxMs: 200,
        log: (line) => lines.push(line),
      }),
    );
    expect(lines).toEqual([
      `database 127.0.0.1:${port} not reachable (ECONNREFUSED), retry 1/3 in 0.1 s`,
      `database 127.0.0.1:${port} not reachable (ECONNREFUSED), retry 2/3 in 0.2 s`,
      `database 127.0.0.1:${port} not reachable (ECONNREFUSED), retry 3/3 in 0.2 s`,
    ]);
    expect(error).toBeInstanceOf(DatabaseUnreachableError);
    expect((error as Error).message).toMatch(
      new RegExp(`^database 127\\.0\\.0\\.1:${port} not reachable \\(ECONNREFUSED\\) after 4 attempts in \\d+(\\.\\d)? s; giving up$`),
    );
  });

  it('bounds each attempt on a port that accepts TCP and never answers by the connect timeout', async () => {
    const silent = await tcpServer(0, () => {});
    try {
      const lines: string[] = [];
      const error = await failure(
        waitForDatabase({
          url: urlOnPort(silent.port),
          attempts: 2,
          connectTimeoutMs: 200,
          backoffInitialMs: 100,
          backoffMaxMs: 100,
          log: (line) => lines.push(line),
        }),
      );
      expect(lines).toEqual([`database 127.0.0.1:${silent.port} not reachable (connect timeout), retry 1/1 in 0.1 s`]);
      expect((error as Error).message).toMatch(
        /^database 127\.0\.0\.1:\d+ not reachable \(connect timeout\) after 2 attempts in [\d.]+ s; giving up$/,
      );
    } finally {
      await silent.close();
    }
  });

  it('connects once the database comes up after the first failed attempt', async () => {
    const port = await refusingPort();
    const lines: string[] = [];
    let proxy: Awaited<ReturnType<typeof proxyToDatabase>> | undefined;
    try {
      await waitForDatabase({
        url: urlOnPort(port),
        attempts: 5,
        connectTimeoutMs: 2000,
        backoffInitialMs: 100,
        backoffMaxMs: 100,
        log: (line) => {
          lines.push(line);
          // The database "comes up" during the pause after the first refusal.
          void proxyToDatabase(port).then((started) => (proxy = started));
        },
      });
      expect(lines).toEqual([`database 127.0.0.1:${port} not reachable (ECONNREFUSED), retry 1/4 in 0.1 s`]);
    } finally {
      await proxy?.close();
    }
  });

  it('gives up at once, without retrying, on a failure waiting will not heal (no such database)', async () => {
    const lines: string[] = [];
    const error = await failure(
      waitForDatabase({
        url: databaseUrl(adminUrl(), 'privacy_hub_no_such_database'),
        attempts: 5,
        connectTimeoutMs: 2000,
        backoffMaxMs: 100,
        log: (line) => lines.push(line),
      }),
    );
    expect(lines).toEqual([]);
    expect((error as Error).message).toMatch(/^database [\d.]+:\d+ refused the connection: database "privacy_hub_no_such_database" does not exist$/);
  });

  it('makes `npm start` exit 1 with one line, no stack, when the database stays down', async () => {
    const port = await refusingPort();
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/main.ts')], {
      env: {
        ...process.env,
        DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/privacy_hub`,
        DB_CONNECT_ATTEMPTS: '2',
        DB_CONNECT_BACKOFF_MAX_MS: '100',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));

    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^privacy-hub did not start: database 127\\.0\\.0\\.1:${port} not reachable \\(ECONNREFUSED\\) after 2 attempts in [\\d.]+ s; giving up$`,
        ),
      ),
    ]);
    const logged = stdout
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(logged).toEqual([`database 127.0.0.1:${port} not reachable (ECONNREFUSED), retry 1/1 in 0.5 s`]);
  }, 30_000);
});
