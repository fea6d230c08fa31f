import type { AuditService } from '../../src/modules/audit/audit.service';
import type { AuditWorkload } from './workload';

/**
 * Closed-loop clients: each sends AuditService.write, waits for it, sends the next, until the time is up. Each client
 * is one pool connection (the pool has as many as there are clients), so N clients are N concurrent requests'
 * appends. Only writes that completed within the window count.
 */

export interface Driven {
  seconds: number;
  statements: number;
  /** Latency of each counted write, in ms. */
  latenciesMs: number[];
  /** Request id → performance.now() when its write returned (its commit acknowledged): the start of its seal lag. */
  commits: Map<string, number>;
  /** A range of occurred_at holding every counted write's rows (and maybe others, which `commits` tells apart). */
  window: { from: Date; to: Date };
}

/** Slack on each side of the occurred_at window: a write takes its time before it is sent. */
const WINDOW_MARGIN_MS = 1000;

export async function drive(service: AuditService, workload: AuditWorkload, clients: number, seconds: number): Promise<Driven> {
  const latenciesMs: number[] = [];
  const commits = new Map<string, number>();
  const from = new Date(Date.now() - WINDOW_MARGIN_MS);
  const startedAt = performance.now();
  const endAt = startedAt + seconds * 1000;
  const client = async () => {
    while (performance.now() < endAt) {
      const write = workload.next();
      const sentAt = performance.now();
      await service.write(write);
      const doneAt = performance.now();
      if (doneAt > endAt) return;
      latenciesMs.push(doneAt - sentAt);
      commits.set(write.requestId, doneAt);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return {
    seconds: (endAt - startedAt) / 1000,
    statements: latenciesMs.length,
    latenciesMs,
    commits,
    window: { from, to: new Date(Date.now() + WINDOW_MARGIN_MS) },
  };
}

/** `writes` writes from each of `clients` clients at once, unmeasured. */
export async function warmUp(service: AuditService, workload: AuditWorkload, clients: number, writes: number): Promise<void> {
  const client = async () => {
    for (let written = 0; written < writes; written += 1) await service.write(workload.next());
  };
  await Promise.all(Array.from({ length: clients }, client));
}

export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
}
