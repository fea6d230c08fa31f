import { readFile, rm, writeFile } from 'node:fs/promises';

/**
 * Which of our processes stops the embedded cluster when it stops: the one that started it or took it over. Kept
 * beside the cluster (`<dir>.owner.json`), so that the next start can tell a cluster another of our processes is
 * using (leave it running) from one a crashed process left behind (take it over).
 */
export interface ClusterOwner {
  /** The node process that owns it. */
  pid: number;
  /** The server it owns, so that a record left from an earlier server is not taken for this one's. */
  postmasterPid: number;
  port: number;
  since: string;
}

const ownerFile = (dir: string) => `${dir}.owner.json`;

/** null when there is no record, or an unreadable one: the cluster then has no owner. */
export async function readOwner(dir: string): Promise<ClusterOwner | null> {
  try {
    const owner = JSON.parse(await readFile(ownerFile(dir), 'utf8')) as Partial<ClusterOwner>;
    return Number.isInteger(owner.pid) && Number.isInteger(owner.postmasterPid) ? (owner as ClusterOwner) : null;
  } catch {
    return null;
  }
}

export async function recordOwner(dir: string, postmasterPid: number, port: number): Promise<void> {
  const owner: ClusterOwner = { pid: process.pid, postmasterPid, port, since: new Date().toISOString() };
  await writeFile(ownerFile(dir), `${JSON.stringify(owner, null, 2)}\n`);
}

export async function forgetOwner(dir: string): Promise<void> {
  await rm(ownerFile(dir), { force: true });
}
