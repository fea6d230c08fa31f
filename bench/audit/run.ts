import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { prepareDatabase } from '../../src/db/prepare';
import { CheckpointSigner } from '../../src/modules/audit/log/checkpoint-signer';
import { DEFAULT_SEALING_SETTINGS } from '../../src/modules/audit/log/sealing-settings';
import { sqlOfDataSource } from '../../src/modules/audit/log/sql';
import { openBenchDatabase, serverFacts, type BenchDatabase } from '../bench-database';
import { runWithCleanup, type Cleanup } from '../cleanup';
import { serverSettings } from '../import/import-database';
import { log } from '../log';
import { codeVersion, commandLine } from '../run-info';
import { runCells } from './cells';
import { codeFingerprint } from './code-fingerprint';
import { copyIntoFloor, createFloor, floorUrl } from './floor';
import { readCommandLine } from '../cli-options';
import { ensureReportFolder, reportFile } from '../report-file';
import { parseOptions, USAGE, type AuditBenchOptions } from './options';
import { isDisturbedRun, renderSection, type AuditRun, type AuditRunInfo } from './report';
import { writeSection, type SectionKey } from './results-file';
import { CheckpointWatch } from './seal-lag';
import { measureSealing } from './sealing';
import { startSequencerProcess } from './sequencer-process';
import { AuditWorkload } from './workload';

/**
 * `npm run bench:audit`: the audit log's append path (AuditService.write, 50 rows) from 1, 4 and 16 clients with
 * the sequencer sealing, against the same statement into a table nothing seals; the seal lag under that load; the
 * sequencer's drain rate; verification from zero and from a checkpoint at --verify-events events. Progress on
 * stderr, the report on stdout and in its section of bench/out/audit-results.md (with --record, of the committed
 * bench/audit-results.md), unless a measurement was disturbed.
 */

const PLACE = { database: 'privacy_hub_bench_audit', embeddedFolder: 'bench-audit-pg' };
/** Exit codes of a run that would not write its results: disturbed, or measuring two versions of the code. */
const DISTURBED_EXIT = 3;
const CODE_CHANGED_EXIT = 4;

async function openDatabase(cleanup: Cleanup): Promise<{ database: BenchDatabase; dataSource: DataSource }> {
  const database = await openBenchDatabase(process.env.DATABASE_URL, () => {}, PLACE);
  cleanup.add('dispose of the bench database', database.dispose);
  log(`database: ${database.description}`);
  // The benchmark's own connections: migration, fills, queue and lag queries, verification.
  const dataSource = createDataSource({ url: database.url, poolSize: 2 });
  await dataSource.initialize();
  cleanup.add('close the bench connections', () => dataSource.destroy());
  await prepareDatabase(dataSource);
  return { database, dataSource };
}

async function runInfo(database: BenchDatabase, options: AuditBenchOptions, args: string[]): Promise<AuditRunInfo> {
  const facts = await serverFacts(database.url);
  return {
    title: process.env.DATABASE_URL ? `PostgreSQL ${facts.version} at DATABASE_URL` : `Embedded PostgreSQL ${facts.version} (fsync off)`,
    date: new Date(),
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    node: process.versions.node,
    postgres: facts.version,
    serverSettings: await serverSettings(database.url),
    database: database.description,
    command: commandLine('bench:audit', args),
    code: codeVersion(),
    options,
    sealing: DEFAULT_SEALING_SETTINGS,
  };
}

/** src/ or migrations/ changed between this process's loading them and the sequencer process's. */
class CodeChanged extends Error {}

async function run(options: AuditBenchOptions, args: string[], cleanup: Cleanup, codeAtStart: string): Promise<AuditRun> {
  const { database, dataSource } = await openDatabase(cleanup);
  const info = await runInfo(database, options, args);
  const { postmasterPid } = await serverFacts(database.url);
  const sql = sqlOfDataSource(dataSource);
  const key = generateKeyPairSync('ed25519').privateKey;
  const signer = new CheckpointSigner(key);
  // Started now, with the code this run started with; it seals on command until the cells.
  const sequencer = await startSequencerProcess(database.url, key.export({ type: 'pkcs8', format: 'pem' }).toString());
  cleanup.add('stop the sequencer process', sequencer.stop);
  // Both processes have loaded all of their code now (nothing of src/ is imported later): later changes do not matter.
  if (codeFingerprint() !== codeAtStart) throw new CodeChanged();
  const surroundings = { url: database.url, sources: { sequencerPid: sequencer.pid, postmasterPid } };

  const sealing = await measureSealing(dataSource, sequencer, signer, options, surroundings);

  log('creating the floor table and copying the events into it');
  await createFloor(sql);
  await copyIntoFloor(sql);
  const watch = new CheckpointWatch(database.url);
  await watch.start();
  cleanup.add('stop the checkpoint watch', () => watch.stop());
  await sequencer.startSealing();
  log(`sequencer process ${sequencer.pid} seals every ${DEFAULT_SEALING_SETTINGS.intervalMs} ms; append cells`);
  const cells = await runCells({
    url: database.url,
    floorUrl: floorUrl(database.url),
    sql,
    surroundings,
    watch,
    workload: new AuditWorkload(),
    options,
  });
  await sequencer.stop();
  await watch.stop();
  const [afterCells] = await sql<{ events: number; leaves: number }>(
    `SELECT (SELECT count(*) FROM audit_event)::int AS events, (SELECT count(*) FROM audit_leaf)::int AS leaves`,
  );
  return { info, cells, sealing, afterCells };
}

async function main(cleanup: Cleanup): Promise<number> {
  const { options, record, args } = readCommandLine(parseOptions, USAGE);
  const resultsFile = reportFile('audit-results.md', record);
  const codeAtStart = codeFingerprint();
  try {
    const result = await run(options, args, cleanup, codeAtStart);
    const section = renderSection(result);
    process.stdout.write(`${section}\n`);
    if (result.afterCells.events !== result.afterCells.leaves) {
      log('not every event was sealed after the cells: not written');
      return 1;
    }
    if (isDisturbedRun(result)) {
      log('other work on the machine or the server disturbed this run (⚠ in the report): not written; run it again when the machine is quiet');
      return DISTURBED_EXIT;
    }
    const key: SectionKey = process.env.DATABASE_URL ? 'database-url' : 'embedded';
    await ensureReportFolder(resultsFile);
    await writeSection(resultsFile, key, section);
    log(`written to the ${key} section of ${path.relative(process.cwd(), resultsFile)}`);
    return 0;
  } catch (error) {
    if (!(error instanceof CodeChanged)) throw error;
    log('src/ or migrations/ changed while the run started its processes (another session committed or edited): run it again');
    return CODE_CHANGED_EXIT;
  }
}

runWithCleanup(main);
