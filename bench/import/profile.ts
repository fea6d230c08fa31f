import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource, QueryRunner } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { importCustomers } from '../../src/modules/intake/import/importer';
import { lineProgress } from '../../src/modules/intake/import/progress';
import { log } from '../log';
import { runWithCleanup, type Cleanup } from '../cleanup';
import { writeCustomerFile } from './generate';
import { migrate, openImportBenchDatabase } from './import-database';
import { parseOptions } from './options';
import { BENCH_PROCESSOR_IDS, createBenchProcessors } from './processors';

/**
 * `node --import tsx bench/import/profile.ts [--customers N] [--batch-size N]`: the same import, in this process,
 * with the time of every statement the import sends, grouped by statement (several connections write at once, so
 * the times overlap). A tool for finding what to speed up, not part of `npm run bench:import`.
 */

interface Timing {
  calls: number;
  ms: number;
  maxMs: number;
}

/** A statement's name: its first words, which tell the importer's statements apart. */
const statementName = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 72);

function timeStatements(dataSource: DataSource, timings: Map<string, Timing>): void {
  const create = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (...args: Parameters<DataSource['createQueryRunner']>): QueryRunner => {
    const runner = create(...args);
    const query = runner.query.bind(runner) as (sql: string, parameters?: unknown[]) => Promise<unknown>;
    runner.query = (async (sql: string, parameters?: unknown[]) => {
      const started = process.hrtime.bigint();
      try {
        return await query(sql, parameters);
      } finally {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        const timing = timings.get(statementName(sql)) ?? { calls: 0, ms: 0, maxMs: 0 };
        timings.set(statementName(sql), { calls: timing.calls + 1, ms: timing.ms + ms, maxMs: Math.max(timing.maxMs, ms) });
      }
    }) as QueryRunner['query'];
    return runner;
  };
}

function printTimings(timings: Map<string, Timing>, wallMs: number): void {
  const rows = [...timings].sort((a, b) => b[1].ms - a[1].ms);
  const inDatabase = rows.reduce((total, [, timing]) => total + timing.ms, 0);
  console.log(`| statement | calls | total s | share of wall | mean ms | max ms |\n| --- | --- | --- | --- | --- | --- |`);
  for (const [name, t] of rows) {
    console.log(
      `| \`${name}\` | ${t.calls} | ${(t.ms / 1000).toFixed(1)} | ${((t.ms / wallMs) * 100).toFixed(0)}% | ${(t.ms / t.calls).toFixed(1)} | ${t.maxMs.toFixed(0)} |`,
    );
  }
  // Batches are written on several connections at once, so the statements' times add up to more than the wall.
  console.log(`| (all statements, every connection) | | ${(inDatabase / 1000).toFixed(1)} | ${((inDatabase / wallMs) * 100).toFixed(0)}% | | |`);
}

async function main(cleanup: Cleanup): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const database = await openImportBenchDatabase(process.env.DATABASE_URL, () => {});
  cleanup.add('dispose of the bench database', database.dispose);
  await migrate(database.url);
  await createBenchProcessors(database.url);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'privacy-hub-bench-import-'));
  cleanup.add('delete the generated file', () => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'customers.jsonl');
  await writeCustomerFile(file, { customers: options.customers, seed: options.seed, processorIds: BENCH_PROCESSOR_IDS });
  const dataSource = createDataSource({ url: database.url });
  await dataSource.initialize();
  cleanup.add('close the connection', () => dataSource.destroy());
  const timings = new Map<string, Timing>();
  timeStatements(dataSource, timings);
  const summary = await importCustomers(dataSource, { file, batchSize: options.batchSize, progress: lineProgress((line) => log(line)) });
  log(`${summary.rows} rows in ${summary.seconds.toFixed(1)} s (${Math.round(summary.rowsPerSecond)} rows/s), ${summary.rejected} rejected`);
  printTimings(timings, summary.seconds * 1000);
  return 0;
}

runWithCleanup(main);
