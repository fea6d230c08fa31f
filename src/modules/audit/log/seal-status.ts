import type { SealingSettings } from './sealing-settings';
import type { Sql } from './sql';
import { latestCheckpoint, type StoredCheckpoint } from './tree-store';

export interface SealStatus {
  unsealedEvents: number;
  /** Age of the oldest committed event still waiting to be sealed; null when none waits. */
  oldestUnsealedSeconds: number | null;
  lagBoundSeconds: number;
  /** False when an event has waited longer than the bound: the sequencer is down, stuck or behind. */
  withinBound: boolean;
  latestCheckpoint: StoredCheckpoint | null;
}

export async function sealStatus(sql: Sql, { lagBoundSeconds }: Pick<SealingSettings, 'lagBoundSeconds'>): Promise<SealStatus> {
  const [[queue], latest] = await Promise.all([
    sql<{ unsealed: number; oldest_seconds: number | null }>(
      `SELECT count(*)::int AS unsealed, extract(epoch FROM clock_timestamp() - min(queued_at))::float8 AS oldest_seconds FROM audit_unsealed`,
    ),
    latestCheckpoint(sql),
  ]);
  return {
    unsealedEvents: queue.unsealed,
    oldestUnsealedSeconds: queue.oldest_seconds,
    lagBoundSeconds,
    withinBound: queue.oldest_seconds === null || queue.oldest_seconds <= lagBoundSeconds,
    latestCheckpoint: latest,
  };
}
