import type { CliRun } from './cli-run';
import type { ImportBenchOptions } from './options';
import type { Check } from './verify';

/** The issue's goal: at least this many customers a second, in less than this much memory. */
export const GOAL = { customersPerSecond: 20_000, peakRssBytes: 300e6 };

export interface ImportRunInfo {
  date: Date;
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres: string;
  serverSettings: string;
  database: string;
  command: string;
  code: string;
  options: ImportBenchOptions;
  fileBytes: number;
  generateSeconds: number;
  first: CliRun;
  firstChecks: Check[];
  rerun: CliRun;
  rerunChecks: Check[];
}

const int = (value: number) => Math.round(value).toLocaleString('en-US');
const mib = (value: number) => `${value.toFixed(0)} MiB`;
const seconds = (value: number) => `${value.toFixed(1)} s`;

/** Customers a second over the whole CLI run: process start, connecting and the migration check included. */
export const customersPerSecond = (info: ImportRunInfo, run: CliRun) => info.options.customers / run.wallSeconds;

export function goalMet(info: ImportRunInfo): { speed: boolean; memory: boolean } {
  return {
    speed: customersPerSecond(info, info.first) >= GOAL.customersPerSecond,
    memory: Math.max(info.first.peakRssMiB, info.rerun.peakRssMiB) * 1024 * 1024 < GOAL.peakRssBytes,
  };
}

function runRow(label: string, info: ImportRunInfo, run: CliRun): string {
  const written = label.startsWith('first') ? 5 * info.options.customers : 0;
  const pg = run.postgresCpuSeconds === null ? 'n/a' : seconds(run.postgresCpuSeconds);
  return (
    `| ${label} | ${seconds(run.wallSeconds)} | ${seconds(run.summary.seconds)} | ${int(customersPerSecond(info, run))} | ` +
    `${int(written / run.wallSeconds)} | ${mib(run.peakRssMiB)} | ${seconds(run.importerCpuSeconds)} | ${pg} | ${seconds(run.otherCpuSeconds)} | ${int(run.walBytes / 1e6)} MB |`
  );
}

function checkTable(checks: Check[]): string[] {
  return ['| check | expected | actual | |', '| --- | --- | --- | --- |', ...checks.map((c) => `| ${c.what} | ${c.expected} | ${c.actual} | ${c.ok ? 'ok' : '**FAILED**'} |`)];
}

function verdict(info: ImportRunInfo): string[] {
  const met = goalMet(info);
  const rate = customersPerSecond(info, info.first);
  const rss = Math.max(info.first.peakRssMiB, info.rerun.peakRssMiB);
  const speed = `${int(rate)} customers/s against a goal of ${int(GOAL.customersPerSecond)}: ${met.speed ? 'met' : '**not met**'}`;
  const memory = `peak RSS ${mib(rss)} (${int((rss * 1024 * 1024) / 1e6)} MB) against a limit of 300 MB: ${met.memory ? 'met' : '**not met**'}`;
  return [
    `**Goal (at least ${int(GOAL.customersPerSecond)} customers/s, RSS under 300 MB): ${met.speed && met.memory ? 'met' : 'NOT met'}.**`,
    '',
    `- Speed: ${speed} (first run, wall time of the whole CLI).`,
    `- Memory: ${memory} (the larger of the two runs).`,
  ];
}

export function renderImportReport(info: ImportRunInfo): string {
  const n = info.options.customers;
  return [
    '# Import benchmark',
    '',
    `- Date: ${info.date.toISOString()}`,
    `- Machine: ${info.nproc} CPUs (nproc), ${info.cpuModel}, ${info.memoryGiB.toFixed(0)} GiB RAM; Node ${info.node}`,
    `- PostgreSQL ${info.postgres}: ${info.database}; ${info.serverSettings}`,
    `- Command: \`${info.command}\` (${info.code})`,
    `- Import: \`node --import tsx scripts/import.ts <file>${info.options.batchSize ? ` --batch-size ${info.options.batchSize}` : ''}\`` +
      ` (batch size ${info.options.batchSize ?? 'the CLI default, 5000'})`,
    `- File: ${int(n)} customers, ${int(2 * n)} consents (NEW_SERVICES to the company, PERSONALIZATION to one of three processors,` +
      ` each with evidence), JSON Lines, ${int(info.fileBytes / 1e6)} MB, generated in ${seconds(info.generateSeconds)} (seed ${info.options.seed})`,
    '',
    ...verdict(info),
    '',
    '## Runs',
    '',
    'Wall time is the whole CLI process (start-up, connecting, the migration check, the import); the CLI\'s own time is',
    'what it prints, from the first row read to the last batch committed. Rows written counts customers, consents and',
    'consent events. PostgreSQL CPU and WAL are the whole server\'s (other databases on a shared server count too). Other',
    'CPU is everything else on the machine: the kernel writing the WAL and data files back to disk, and any other',
    'session\'s work; a large figure with little WAL marks a disturbed run.',
    '',
    '| run | wall | CLI\'s own time | customers/s (wall) | rows written/s | peak RSS | importer CPU | PostgreSQL CPU | other CPU | WAL written |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    runRow('first (empty database)', info, info.first),
    runRow('re-run, same file', info, info.rerun),
    '',
    `RSS and importer CPU measured with ${info.first.measuredWith}.`,
    '',
    '## After the first run',
    '',
    ...checkTable(info.firstChecks),
    '',
    '## After the re-run (must change nothing)',
    '',
    ...checkTable(info.rerunChecks),
    '',
  ].join('\n');
}
