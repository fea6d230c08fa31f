import type { Sql } from '../../src/modules/audit/log/sql';
import { Poller } from './poller';

/**
 * Seal lag, per sealed row: from the moment its INSERT's commit was acknowledged to the client that sent it, to the
 * moment the checkpoint covering it (the first with tree_size > its tree_index) was seen committed. Both moments are
 * taken on this process's clock (performance.now): the clients note when each write returned, and CheckpointWatch
 * polls audit_checkpoint every POLL_MS and notes when each new batch first appears. So a lag is late by at most one
 * poll interval plus one poll's round trip, and nothing depends on the database's clock or on the sequencer's
 * issued_at (taken before its batch commits). A request's rows are matched to their leaves by its request id.
 */

const POLL_MS = 20;

export class CheckpointWatch {
  /** Every batch in order, with the performance.now() of the poll that first returned it. */
  private readonly seen: Array<{ batch: number; treeSize: number; at: number }> = [];
  private readonly byBatch = new Map<number, number>();
  private readonly poller: Poller;

  constructor(url: string) {
    this.poller = new Poller(url, POLL_MS, async (client) => {
      const { rows } = await client.query<{ batch: string; tree_size: string }>(
        `SELECT batch, tree_size FROM audit_checkpoint WHERE batch > $1 ORDER BY batch`,
        [this.seen[this.seen.length - 1]?.batch ?? 0],
      );
      const at = performance.now();
      for (const row of rows) {
        this.seen.push({ batch: Number(row.batch), treeSize: Number(row.tree_size), at });
        this.byBatch.set(Number(row.batch), at);
      }
    });
  }

  start(): Promise<void> {
    return this.poller.start();
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }

  visibleAt(batch: number): number | undefined {
    return this.byBatch.get(batch);
  }

  /** Events sealed as the watch saw it at `at` (performance.now()). */
  treeSizeAt(at: number): number {
    let size = 0;
    for (const seen of this.seen) {
      if (seen.at > at) break;
      size = seen.treeSize;
    }
    return size;
  }
}

/** Rows that share a lag: a request's rows sealed in one batch. */
export interface LagSample {
  lag: number;
  rows: number;
}

export interface LagFigures {
  /** Rows whose lag was measured: every row of the cell's measured writes that was sealed. */
  rows: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Rows of measured writes not found sealed (should be 0: the queue is drained before this is read). */
  unsealed: number;
  /** For pooling rounds. */
  samples: LagSample[];
}

/** The batch of each measured request's rows: requests and their occurred_at window come from the cell. */
type RequestBatch = { request_id: string; batch: string; rows: number };

async function batchesOf(sql: Sql, from: Date, to: Date): Promise<RequestBatch[]> {
  return sql<RequestBatch>(
    `SELECT e.request_id::text AS request_id, c.batch, count(*)::int AS rows
     FROM audit_event e
     JOIN audit_leaf l ON l.event_id = e.id
     CROSS JOIN LATERAL (SELECT batch FROM audit_checkpoint c WHERE c.tree_size > l.tree_index ORDER BY c.tree_size LIMIT 1) c
     WHERE e.occurred_at BETWEEN $1 AND $2
     GROUP BY 1, 2`,
    [from, to],
  );
}

/** Percentile of lags each weighing its row count (nearest rank). */
function weightedPercentile(sorted: readonly LagSample[], total: number, fraction: number): number {
  const rank = Math.max(1, Math.ceil(fraction * total));
  let covered = 0;
  for (const { lag, rows } of sorted) {
    covered += rows;
    if (covered >= rank) return lag;
  }
  return sorted[sorted.length - 1]?.lag ?? Number.NaN;
}

/** The figures of lags measured in one or several cells. */
export function lagFigures(samples: readonly LagSample[], unsealed: number): LagFigures {
  const sorted = [...samples].sort((a, b) => a.lag - b.lag);
  const rows = sorted.reduce((total, sample) => total + sample.rows, 0);
  return {
    rows,
    p50Ms: weightedPercentile(sorted, rows, 0.5),
    p99Ms: weightedPercentile(sorted, rows, 0.99),
    maxMs: sorted[sorted.length - 1]?.lag ?? Number.NaN,
    unsealed,
    samples: sorted,
  };
}

export async function sealLag(
  sql: Sql,
  watch: CheckpointWatch,
  commits: ReadonlyMap<string, number>,
  window: { from: Date; to: Date },
  rowsPerWrite: number,
): Promise<LagFigures> {
  const samples: LagSample[] = [];
  for (const { request_id, batch, rows } of await batchesOf(sql, window.from, window.to)) {
    const committed = commits.get(request_id);
    if (committed === undefined) continue; // a warm-up write, or one that finished after the cell's end
    const visible = watch.visibleAt(Number(batch));
    if (visible === undefined) throw new Error(`checkpoint of batch ${batch} was never seen by the watch`);
    samples.push({ lag: visible - committed, rows });
  }
  const sealed = samples.reduce((total, sample) => total + sample.rows, 0);
  return lagFigures(samples, commits.size * rowsPerWrite - sealed);
}
