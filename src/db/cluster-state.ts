import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The lines of PostgreSQL's lock file `postmaster.pid` that tell which server holds a data directory. */
export interface PostmasterPid {
  pid: number;
  /** The data directory as the server named it. */
  dataDirectory: string;
  port: number;
  /** `starting`, `stopping`, `ready` or `standby`; empty until the server writes it. */
  status: string;
}

export const postmasterPidFile = (dir: string) => path.join(dir, 'postmaster.pid');

/** null when there is no file; `unreadable` when it is empty or garbled (as a power loss can leave it). */
export async function readPostmasterPid(dir: string): Promise<PostmasterPid | 'unreadable' | null> {
  let text: string;
  try {
    text = await readFile(postmasterPidFile(dir), 'utf8');
  } catch {
    return null;
  }
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return 'unreadable';
  return { pid, dataDirectory: lines[1] ?? '', port, status: (lines[7] ?? '').trim() };
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether `pid` runs a PostgreSQL binary; null where the system does not say (no /proc). */
async function runsPostgres(pid: number): Promise<boolean | null> {
  try {
    return (await readFile(`/proc/${pid}/comm`, 'utf8')).trim() === 'postgres';
  } catch {
    return process.platform === 'linux' ? false : null;
  }
}

export type ClusterState =
  /** No postmaster.pid: nothing runs on the directory. */
  | { kind: 'stopped' }
  /** The server of postmaster.pid answers on its port as this directory's. */
  | { kind: 'running'; pid: number; port: number }
  /**
   * postmaster.pid is left from a server that is gone (a crash, a power loss): its process no longer runs (`gone`),
   * its pid now belongs to another program (`reused`), or the file cannot be read (`unreadable`).
   */
  | { kind: 'stale'; reason: 'gone' | 'reused' | 'unreadable'; pid: number | null }
  /** A PostgreSQL holds the directory but does not answer: starting, recovering or stopping, or one we cannot tell apart. */
  | { kind: 'unresponsive'; pid: number; port: number };

/**
 * What holds `dir` now. `answers(port, dataDirectory)` tells whether the server on that port is the one that wrote
 * the file. A pid alone proves nothing: after a crash it may name any process, and PostgreSQL, seeing one alive
 * under its own user, refuses to start ("lock file already exists").
 */
export async function clusterState(dir: string, answers: (port: number, dataDirectory: string) => Promise<boolean>): Promise<ClusterState> {
  const file = await readPostmasterPid(dir);
  if (file === null) return { kind: 'stopped' };
  if (file === 'unreadable') return { kind: 'stale', reason: 'unreadable', pid: null };
  const { pid, port } = file;
  if (!isAlive(pid)) return { kind: 'stale', reason: 'gone', pid };
  if (await answers(port, file.dataDirectory)) return { kind: 'running', pid, port };
  if ((await runsPostgres(pid)) === false) return { kind: 'stale', reason: 'reused', pid };
  return { kind: 'unresponsive', pid, port };
}
