import { setTimeout as sleep } from 'node:timers/promises';
import { createDataSource } from '../../src/db/data-source';
import { AuditService } from '../../src/modules/audit/audit.service';
import type { Sql } from '../../src/modules/audit/log/sql';
import { log } from '../log';
import { drive, percentile, warmUp } from './append';
import { coreShare } from './cpu';
import { measured, type Measured, type Surroundings } from './measured';
import { CLIENT_COUNTS, ROWS_PER_WRITE, type AuditBenchOptions } from './options';
import { sealLag, type CheckpointWatch, type LagFigures } from './seal-lag';
import type { AuditWorkload } from './workload';

/**
 * The append cells: AuditService.write from 1, 4 and 16 clients into audit_event while the sequencer process seals
 * (ours), and into the floor's table with nothing sealing (floor); every cell once a round, the order rotated each
 * round as `npm run bench` rotates its rows. Each cell has its own pool of as many connections as clients, is warmed
 * up by a few writes per client, and starts with the sealing queue empty, so that no cell pays for another's
 * sealing; an ours cell ends when the sequencer has sealed all its rows, which gives its catch-up time, the
 * sequencer's rate during and after the load, and every row's seal lag.
 */

export type TableKind = 'ours' | 'floor';

export interface Cell {
  kind: TableKind;
  clients: number;
}

export interface CellRound extends Cell {
  round: number;
  startedAt: Date;
  statementsPerSecond: number;
  rowsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Time, CPU and what else ran, of the measured part. */
  measured: Omit<Measured<unknown>, 'value'>;
  /** Ours only: from the end of the cell to the queue's being empty. */
  catchUpSeconds: number | null;
  /** WAL written per counted statement: for ours from the start of the cell until its rows were sealed. */
  walBytesPerStatement: number;
  /** Ours only: rows per second the sequencer sealed while the clients appended, and after they stopped. */
  sealedPerSecondDuring: number | null;
  sealedPerSecondAfter: number | null;
  lag: LagFigures | null;
}

export interface CellSetting {
  url: string;
  floorUrl: string;
  /** The benchmark's own connection, for the queue and the lag queries. */
  sql: Sql;
  surroundings: Surroundings;
  watch: CheckpointWatch;
  workload: AuditWorkload;
  options: AuditBenchOptions;
}

const DRAIN_TIMEOUT_MS = 600_000;

/** The server's WAL position in bytes: the whole server's, so a shared server's other databases count too. */
async function walPosition(sql: Sql): Promise<number> {
  const [{ bytes }] = await sql<{ bytes: number }>(`SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::float8 AS bytes`);
  return bytes;
}

/** Until the sequencer has sealed everything queued (its checkpoint commits with the queue rows' removal). */
async function drained(sql: Sql): Promise<void> {
  const startedAt = Date.now();
  let toldAt = startedAt;
  for (;;) {
    const [{ waiting }] = await sql<{ waiting: boolean }>(`SELECT EXISTS (SELECT 1 FROM audit_unsealed) AS waiting`);
    if (!waiting) return;
    if (Date.now() - startedAt > DRAIN_TIMEOUT_MS) throw new Error(`the sealing queue was not empty after ${DRAIN_TIMEOUT_MS / 1000} s`);
    if (Date.now() - toldAt > 10_000) {
      const [{ queued }] = await sql<{ queued: number }>(`SELECT count(*)::int AS queued FROM audit_unsealed`);
      log(`  waiting for the sequencer: ${queued} rows still queued after ${Math.round((Date.now() - startedAt) / 1000)} s`);
      toldAt = Date.now();
    }
    await sleep(50);
  }
}

export const CELLS: readonly Cell[] = CLIENT_COUNTS.flatMap((clients) => (['ours', 'floor'] as const).map((kind) => ({ kind, clients })));

async function runCell({ kind, clients }: Cell, round: number, setting: CellSetting): Promise<CellRound> {
  const { sql, options } = setting;
  const dataSource = createDataSource({ url: kind === 'ours' ? setting.url : setting.floorUrl, poolSize: clients });
  await dataSource.initialize();
  try {
    const service = new AuditService(dataSource);
    await warmUp(service, setting.workload, clients, options.warmupWrites);
    await drained(sql);
    const walAtStart = await walPosition(sql);
    const startedAt = new Date();
    const began = performance.now();
    const { value: driven, ...surrounding } = await measured(setting.surroundings, () => drive(service, setting.workload, clients, options.seconds));
    const endedAt = performance.now();
    let catchUpSeconds: number | null = null;
    let sealedPerSecondDuring: number | null = null;
    let sealedPerSecondAfter: number | null = null;
    let lag: LagFigures | null = null;
    if (kind === 'ours') {
      await drained(sql);
      const drainedAt = performance.now();
      catchUpSeconds = (drainedAt - endedAt) / 1000;
      await sleep(100); // for the watch to see the last checkpoint
      const { watch } = setting;
      sealedPerSecondDuring = (watch.treeSizeAt(endedAt) - watch.treeSizeAt(began)) / ((endedAt - began) / 1000);
      sealedPerSecondAfter = catchUpSeconds > 0 ? (watch.treeSizeAt(drainedAt + 100) - watch.treeSizeAt(endedAt)) / catchUpSeconds : null;
    }
    const walBytesPerStatement = ((await walPosition(sql)) - walAtStart) / driven.statements;
    if (kind === 'ours') lag = await sealLag(sql, setting.watch, driven.commits, driven.window, ROWS_PER_WRITE);
    const statementsPerSecond = driven.statements / driven.seconds;
    return {
      kind,
      clients,
      round,
      startedAt,
      statementsPerSecond,
      rowsPerSecond: statementsPerSecond * ROWS_PER_WRITE,
      p50Ms: percentile(driven.latenciesMs, 0.5),
      p99Ms: percentile(driven.latenciesMs, 0.99),
      measured: surrounding,
      walBytesPerStatement,
      catchUpSeconds,
      sealedPerSecondDuring,
      sealedPerSecondAfter,
      lag,
    };
  } finally {
    await dataSource.destroy();
  }
}

const pct = (share: number | null) => (share === null ? 'n/a' : `${Math.round(share * 100)}%`);

function describe(result: CellRound): string {
  const { cpu } = result.measured;
  const lag =
    result.lag === null
      ? ''
      : `, lag p50 ${Math.round(result.lag.p50Ms)} / p99 ${Math.round(result.lag.p99Ms)} ms, catch-up ${result.catchUpSeconds?.toFixed(1)} s`;
  return (
    `${Math.round(result.statementsPerSecond)} statements/s, p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms${lag}, ` +
    `WAL ${(result.walBytesPerStatement / 1024).toFixed(1)} KB/statement; ` +
    `CPU: clients ${pct(coreShare(cpu.own, cpu))}, sequencer ${pct(coreShare(cpu.sequencer, cpu))}, PostgreSQL ${pct(coreShare(cpu.postgres, cpu))}, ` +
    `other ${pct(coreShare(cpu.other, cpu))}${cpu.busiest ? ` (${cpu.busiest})` : ''}, steal ${pct(coreShare(cpu.steal, cpu))}` +
    `${result.measured.disturbed ? ' ⚠ disturbed' : ''}`
  );
}

export async function runCells(setting: CellSetting): Promise<CellRound[]> {
  const results: CellRound[] = [];
  for (let round = 1; round <= setting.options.rounds; round += 1) {
    const shift = (round - 1) % CELLS.length;
    for (const cell of [...CELLS.slice(shift), ...CELLS.slice(0, shift)]) {
      const result = await runCell(cell, round, setting);
      results.push(result);
      log(`round ${round}/${setting.options.rounds} ${cell.kind} × ${cell.clients}: ${describe(result)}`);
    }
  }
  return results;
}
