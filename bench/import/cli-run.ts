import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from '../children';
import { onExit } from '../cleanup';
import { log } from '../log';
import { withClient } from './import-database';
import { clusterCpuSeconds, cpuSeconds, machineCpu, peakRssMiB } from '../proc';

/**
 * Runs the real CLI, `node --import tsx scripts/import.ts <file>`, as its own process group, and measures it from
 * outside: wall time, peak RSS and CPU of the importer, CPU of the PostgreSQL server.
 */

const TIME = '/usr/bin/time';
const POLL_MS = 100;
const STOP_TIMEOUT_MS = 5_000;

/** What the CLI prints when it is done. */
export interface CliSummary {
  rows: number;
  seconds: number;
  /** Rows that changed something; the rest of the rows read were `unchanged` or `rejected`. */
  imported: number;
  newCustomers: number;
  unchanged: number;
  consentChanges: number;
  rejected: number;
}

export interface CliRun {
  wallSeconds: number;
  summary: CliSummary;
  stdout: string;
  peakRssMiB: number;
  /** user + system CPU of the importer process. */
  importerCpuSeconds: number;
  /** The whole PostgreSQL server's CPU during the run; null when it does not run on this machine. */
  postgresCpuSeconds: number | null;
  /** WAL the server wrote during the run (the whole server's), in bytes. */
  walBytes: number;
  /** CPU of everything else on the machine during the run: another session's tests make a run a disturbed one. */
  otherCpuSeconds: number;
  /** Where the RSS and CPU figures come from. */
  measuredWith: string;
}

export interface CliSettings {
  file: string;
  databaseUrl: string;
  batchSize: number | undefined;
  postmasterPid: number | null;
  /** Called with a way to kill the run, so that a failed or interrupted benchmark leaves no importer behind. */
  onStart: (stop: () => Promise<void>) => void;
}

function killGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-group, signal);
  } catch {
    // already gone
  }
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve, reject) => {
    // 'close', not 'exit': the output is all read by then.
    child.once('close', (code, signal) => resolve({ code, signal }));
    child.once('error', reject);
  });
}

/** SIGTERM to the group, then SIGKILL if the importer has not exited in time. */
async function stopGroup(child: ChildProcess, group: number): Promise<void> {
  killGroup(group, 'SIGTERM');
  const exited = await Promise.race([exitOf(child).then(() => true), new Promise<boolean>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS, false))]);
  if (!exited) killGroup(group, 'SIGKILL');
}

function cliArguments(settings: CliSettings): string[] {
  const batch = settings.batchSize === undefined ? [] : ['--batch-size', String(settings.batchSize)];
  return ['--import', 'tsx', path.join(REPO_ROOT, 'scripts', 'import.ts'), settings.file, ...batch];
}

export function parseSummary(stdout: string): CliSummary {
  const read = /read (\d+) rows in ([\d.]+) s/.exec(stdout);
  const imported = /imported (\d+) \((\d+) new customers\), unchanged (\d+), (\d+) consent changes/.exec(stdout);
  const rejected = /rejected (\d+)/.exec(stdout);
  if (!read || !imported || !rejected) throw new Error(`the import printed no summary:\n${stdout}`);
  return {
    rows: Number(read[1]),
    seconds: Number(read[2]),
    imported: Number(imported[1]),
    newCustomers: Number(imported[2]),
    unchanged: Number(imported[3]),
    consentChanges: Number(imported[4]),
    rejected: Number(rejected[1]),
  };
}

/** The importer's own figures: its peak RSS and its CPU (user + system). */
interface ProcessFigures {
  peakRssMiB: number;
  cpuSeconds: number;
}

/**
 * Without /usr/bin/time the importer is the child itself, read from /proc until it exits: VmHWM only grows, so
 * the last reading is at most one poll late.
 */
function pollProcess(pid: number): { stop: () => ProcessFigures } {
  const last: ProcessFigures = { peakRssMiB: 0, cpuSeconds: 0 };
  const read = () => {
    try {
      last.peakRssMiB = peakRssMiB(pid);
      last.cpuSeconds = cpuSeconds(pid);
    } catch {
      // exited between two readings
    }
  };
  const timer = setInterval(read, POLL_MS);
  return {
    stop: () => {
      clearInterval(timer);
      return last;
    },
  };
}

/** /usr/bin/time's -f '%M %U %S': max RSS in KiB, user and system seconds of the importer (from wait4). */
async function readTimeFile(file: string): Promise<ProcessFigures> {
  const lines = (await readFile(file, 'utf8')).trim().split('\n');
  const [maxRssKiB, user, system] = lines[lines.length - 1].split(' ').map(Number);
  if (![maxRssKiB, user, system].every(Number.isFinite)) throw new Error(`cannot read ${file}: ${lines.join(' / ')}`);
  return { peakRssMiB: maxRssKiB / 1024, cpuSeconds: user + system };
}

function spawnCli(settings: CliSettings, timeFile: string | null): ChildProcess {
  const [command, args] = timeFile
    ? [TIME, ['-o', timeFile, '-f', '%M %U %S', process.execPath, ...cliArguments(settings)]]
    : [process.execPath, cliArguments(settings)];
  return spawn(command, args, {
    cwd: REPO_ROOT,
    // Its own process group, so that /usr/bin/time and the importer under it are stopped together.
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, DATABASE_URL: settings.databaseUrl },
  });
}

const walPosition = (url: string) =>
  withClient(url, async (client) => (await client.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn);

const walSince = (url: string, lsn: string) =>
  withClient(url, async (client) =>
    Number((await client.query<{ bytes: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS bytes', [lsn])).rows[0].bytes),
  );

/** Readings taken just before and just after the run; only their differences mean anything. */
interface Readings {
  at: bigint;
  postgresCpu: number | null;
  machineCpu: number;
}

const readingsNow = (postmasterPid: number | null): Readings => ({
  at: process.hrtime.bigint(),
  postgresCpu: postmasterPid === null ? null : clusterCpuSeconds(postmasterPid),
  machineCpu: machineCpu().busy,
});

/** Starts the CLI, and waits for it to end: its exit and everything it printed on stdout. */
async function runToEnd(settings: CliSettings, timeFile: string | null): Promise<{ stdout: string; polled: ProcessFigures | null }> {
  const child = spawnCli(settings, timeFile);
  if (child.pid === undefined) throw new Error('the import did not start');
  const group = child.pid;
  // Killed when the benchmark exits, however it exits; once the run has ended, the group id may be another's.
  const forgetGroup = onExit(() => killGroup(group, 'SIGKILL'));
  let ended = false;
  settings.onStart(() => (ended ? Promise.resolve() : stopGroup(child, group)));
  const polling = timeFile ? null : pollProcess(group);
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  try {
    const { code, signal } = await exitOf(child);
    if (code !== 0) throw new Error(`the import failed (code ${code}, signal ${signal}):\n${stdout}`);
  } finally {
    ended = true;
    forgetGroup();
    polling?.stop();
  }
  return { stdout, polled: polling?.stop() ?? null };
}

export async function runImportCli(settings: CliSettings): Promise<CliRun> {
  const timeFile = existsSync(TIME) ? `${settings.file}.time` : null;
  const walBefore = await walPosition(settings.databaseUrl);
  const before = readingsNow(settings.postmasterPid);
  const { stdout, polled } = await runToEnd(settings, timeFile);
  const after = readingsNow(settings.postmasterPid);
  for (const line of stdout.trim().split('\n')) log(`import: ${line}`);
  const own = timeFile ? await readTimeFile(timeFile) : (polled as ProcessFigures);
  const postgresCpuSeconds = before.postgresCpu === null || after.postgresCpu === null ? null : after.postgresCpu - before.postgresCpu;
  return {
    wallSeconds: Number(after.at - before.at) / 1e9,
    summary: parseSummary(stdout),
    stdout,
    peakRssMiB: own.peakRssMiB,
    importerCpuSeconds: own.cpuSeconds,
    postgresCpuSeconds,
    walBytes: await walSince(settings.databaseUrl, walBefore),
    otherCpuSeconds: Math.max(0, after.machineCpu - before.machineCpu - own.cpuSeconds - (postgresCpuSeconds ?? 0)),
    measuredWith: timeFile ? '/usr/bin/time (max RSS and CPU from wait4)' : `/proc/<pid>/status VmHWM, polled every ${POLL_MS} ms`,
  };
}
