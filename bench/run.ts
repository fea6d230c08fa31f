import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { openBenchDatabase } from './bench-database';
import type { ChildEnvironment } from './children';
import { runWithCleanup, type Cleanup } from './cleanup';
import { log } from './log';
import { readCommandLine } from './cli-options';
import { parseOptions, USAGE, type BenchOptions } from './options';
import { renderReport, type RunInfo } from './report';
import { ensureReportFolder, reportFile } from './report-file';
import { codeVersion, commandLine } from './run-info';
import { setUpScene } from './scene';
import { seedDatabase } from './seed';
import { runSession } from './session';
import { runSweep } from './sweep';
import { renderSweepReport } from './sweep-report';
import { WORKLOADS } from './workloads';

/**
 * `npm run bench`: privacy-hub (privacy officer and trusted affiliate) against PostGraphile 5 and a raw-SQL floor
 * in one run, so that the ratios hold on a noisy machine; `--sweep` runs ours alone over database sizes.
 * Progress goes to stderr; the report goes to stdout and bench/out/results.md (bench/out/sweep-results.md), or with
 * --record to the committed bench/results.md (bench/sweep-results.md).
 */

/** The app's default pool; every server gets the same, so none has more database connections. */
const POOL_SIZE = 10;

function machine(args: string[], options: BenchOptions) {
  return {
    date: new Date(),
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    node: process.versions.node,
    options,
    command: commandLine('bench', args),
    code: codeVersion(),
  };
}

function secrets() {
  const text = randomBytes(32).toString('hex');
  return { text, bytes: new TextEncoder().encode(text) };
}

async function mainBench(options: BenchOptions, args: string[], cleanup: Cleanup): Promise<string> {
  const started = machine(args, options);
  const database = await openBenchDatabase(process.env.DATABASE_URL, () => {});
  cleanup.add('dispose of the bench database', database.dispose);
  log(`database: ${database.description}`);
  const seed = await seedDatabase(database.url, options.customers, 'demo');
  log(`seeded ${options.customers} customers (${seed.consents} consents) in ${seed.seconds.toFixed(1)} s`);
  const secret = secrets();
  const { scene, facts } = await setUpScene(database.url, secret.bytes, 'all');
  log(`affiliate: ${facts.affiliateConsents} consents; ${facts.erasedMoved} erased customer(s) moved out of the first page`);
  const env: ChildEnvironment = { databaseUrl: database.url, jwtSecret: secret.text, poolSize: POOL_SIZE };
  const session = await runSession(WORKLOADS, env, scene, options, cleanup);
  const info: RunInfo = {
    ...started,
    postgres: session.facts.version,
    database: database.description,
    seed,
    scene: facts,
    equivalence: session.equivalence,
    rowsWritten: session.rowsWritten,
  };
  return renderReport(info, session.rows, session.servers);
}

async function sweepBench(sizes: number[], options: BenchOptions, args: string[], cleanup: Cleanup): Promise<string> {
  const started = machine(args, options);
  const secret = secrets();
  const { results, database, postgres } = await runSweep(sizes, options, { jwtSecret: secret.text, poolSize: POOL_SIZE }, secret.bytes, cleanup);
  return renderSweepReport({ ...started, database, postgres }, results);
}

async function main(cleanup: Cleanup): Promise<number> {
  const { options, record, args } = readCommandLine(parseOptions, USAGE);
  const file = reportFile(options.sweep ? 'sweep-results.md' : 'results.md', record);
  const report = options.sweep ? await sweepBench(options.sweep, options, args, cleanup) : await mainBench(options, args, cleanup);
  process.stdout.write(report);
  await ensureReportFolder(file);
  await writeFile(file, report);
  log(`written to ${path.relative(process.cwd(), file)}`);
  return 0;
}

runWithCleanup(main);
