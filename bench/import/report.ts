import { DEFAULT_BATCH_SIZE } from '../../src/modules/intake/import/importer';
import type { CliRun } from './cli-run';
import type { CopyFloor, FloorRun } from './copy-floor';
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
  /** The baseline, PostgreSQL alone; null with --no-floor. */
  floor: CopyFloor | null;
}

/** Rows a new customer adds: itself, two consents, and an event for each. */
const ROWS_PER_CUSTOMER = 5;

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

/** A floor run's customers a second; null when its database did not hold every row afterwards. */
function floorRate(info: ImportRunInfo, run: FloorRun): number | null {
  return run.checks.every((c) => c.ok) ? info.options.customers / run.wallSeconds : null;
}

const connectionCount = (run: FloorRun) => `${run.connections} connection${run.connections === 1 ? '' : 's'}`;

/** The first import's customers a second as a share of the floor's: how close the importer comes to the server's own cost. */
function importerShare(info: ImportRunInfo, run: FloorRun): string {
  const floor = floorRate(info, run);
  return floor === null ? 'n/a' : (customersPerSecond(info, info.first) / floor).toFixed(2);
}

function runRow(label: string, info: ImportRunInfo, run: CliRun): string {
  const written = label.startsWith('first') ? ROWS_PER_CUSTOMER * info.options.customers : 0;
  const pg = run.postgresCpuSeconds === null ? 'n/a' : seconds(run.postgresCpuSeconds);
  return (
    `| ${label} | ${seconds(run.wallSeconds)} | ${seconds(run.summary.seconds)} | ${int(customersPerSecond(info, run))} | ` +
    `${int(written / run.wallSeconds)} | ${mib(run.peakRssMiB)} | ${seconds(run.importerCpuSeconds)} | ${pg} | ${seconds(run.otherCpuSeconds)} | ${int(run.walBytes / 1e6)} MB |`
  );
}

function floorRow(info: ImportRunInfo, run: FloorRun): string {
  const rate = floorRate(info, run);
  if (rate === null) return `| ${connectionCount(run)} | **rows missing or extra: no figures** | | | | | |`;
  const pg = run.postgresCpuSeconds === null ? 'n/a' : seconds(run.postgresCpuSeconds);
  const rowsPerSecond = (ROWS_PER_CUSTOMER * info.options.customers) / run.wallSeconds;
  return `| ${connectionCount(run)} | ${seconds(run.wallSeconds)} | ${int(rate)} | ${int(rowsPerSecond)} | ${pg} | ${seconds(run.otherCpuSeconds)} | ${importerShare(info, run)} |`;
}

function checkTable(checks: Check[]): string[] {
  return [
    '| check | expected | actual | |',
    '| --- | --- | --- | --- |',
    ...checks.map((c) => `| ${c.what} | ${c.expected} | ${c.actual} | ${c.ok ? 'ok' : '**FAILED**'} |`),
  ];
}

function floorVerdict(info: ImportRunInfo, floor: CopyFloor): string {
  const rated = floor.runs.map((run) => ({ run, rate: floorRate(info, run) }));
  const speeds = rated.map(
    ({ run, rate }) => `${rate === null ? 'no figure (rows missing)' : `${int(rate)} customers/s`} on ${connectionCount(run)}`,
  );
  const shares = rated.map(({ run }) => `${importerShare(info, run)} of the floor on ${connectionCount(run)}`);
  const best = Math.max(0, ...rated.map(({ rate }) => rate ?? 0));
  const against =
    best === 0 ? 'no figure to compare' : best < GOAL.customersPerSecond ? "below the goal even without the importer's work" : 'above the goal';
  return `- Baseline: PostgreSQL alone writes these rows with COPY at ${speeds.join(' and ')} (${against}); the importer's first run reaches ${shares.join(' and ')}.`;
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
    ...(info.floor ? [floorVerdict(info, info.floor)] : []),
  ];
}

function floorSection(info: ImportRunInfo, floor: CopyFloor): string[] {
  const n = info.options.customers;
  return [
    '## Baseline: PostgreSQL alone',
    '',
    `The rows the first import writes (${int(n)} customers, ${int(2 * n)} consents, ${int(2 * n)} consent events with their evidence),`,
    "written with nothing but `COPY … FROM STDIN` into a new database migrated like the import's: the same constraints,",
    'indexes and foreign keys, and no parsing, checking, duplicate tracking or upsert. This is what the server needs for',
    'these rows alone: an importer committing the same batches on as many connections cannot go faster.',
    '',
    `- The COPY text files are made from the generated file beforehand: ${int(floor.fileBytes / 1e6)} MB in ${seconds(floor.prepareSeconds)}, not timed.`,
    `- Batches of ${int(floor.batchSize)} customers, one transaction each (the customers, their consents, their events, COMMIT), as the importer commits.`,
    '- On two connections, each writes one half of the customers, at the same time.',
    '- Wall time runs from the first COPY to the last COMMIT (the connections are opened before). PostgreSQL CPU and other',
    "  CPU as above; other CPU leaves out this benchmark's own process, which sends the files.",
    `- Each run has its own new database: ${floor.database}.`,
    "- Importer ÷ floor: the first import's customers/s divided by the floor's.",
    '',
    '| connections | wall | customers/s | rows written/s | PostgreSQL CPU | other CPU | importer ÷ floor |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...floor.runs.map((run) => floorRow(info, run)),
    '',
    ...checkTable(floor.runs.flatMap((run) => run.checks)),
    '',
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
      ` (batch size ${info.options.batchSize ?? `the CLI default, ${DEFAULT_BATCH_SIZE}`})`,
    `- File: ${int(n)} customers, ${int(2 * n)} consents (NEW_SERVICES to the company, PERSONALIZATION to one of three processors,` +
      ` each with evidence), JSON Lines, ${int(info.fileBytes / 1e6)} MB, generated in ${seconds(info.generateSeconds)} (seed ${info.options.seed})`,
    '',
    ...verdict(info),
    '',
    '## Runs',
    '',
    "Wall time is the whole CLI process (start-up, connecting, the migration check, the import); the CLI's own time is",
    'what it prints, from the first row read to the last batch committed. Rows written counts customers, consents and',
    "consent events. PostgreSQL CPU and WAL are the whole server's (other databases on a shared server count too). Other",
    'CPU is everything else on the machine: the kernel writing the WAL and data files back to disk, and any other',
    "session's work; a large figure with little WAL marks a disturbed run.",
    '',
    "| run | wall | CLI's own time | customers/s (wall) | rows written/s | peak RSS | importer CPU | PostgreSQL CPU | other CPU | WAL written |",
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
    ...(info.floor ? floorSection(info, info.floor) : []),
  ].join('\n');
}
