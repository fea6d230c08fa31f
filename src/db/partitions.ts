import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';

/** The history tables partitioned by month (see the SealedAuditLog migration). */
export const MONTHLY_PARTITIONED_TABLES = ['audit_event', 'consent_event'] as const;

/** How many months past the current one always have their partition, so no write waits for one to be made. */
export const MONTHS_AHEAD = 3;

const CHECK_EVERY_MS = 6 * 60 * 60 * 1000;

/**
 * Creates every monthly partition missing up to MONTHS_AHEAD months after `now`'s (UTC) month, and returns how
 * many it made. Safe from several instances at once: the SQL function serialises on an advisory lock.
 */
export async function extendPartitions(dataSource: DataSource, now: Date = new Date()): Promise<number> {
  const month = (offset: number) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
  let made = 0;
  for (const table of MONTHLY_PARTITIONED_TABLES) {
    const [{ count }] = (await dataSource.query(`SELECT extend_monthly_partitions($1::regclass, $2::date, $3::date) AS count`, [table, month(0), month(MONTHS_AHEAD)])) as Array<{
      count: number;
    }>;
    made += count;
  }
  return made;
}

/** Extends the partitions now and every six hours; returns the function that stops it. */
export function startPartitionMaintenance(dataSource: DataSource, logger: Logger): () => void {
  const extend = () =>
    extendPartitions(dataSource)
      .then((made) => {
        if (made > 0) logger.info({ made }, 'monthly partitions created ahead of time');
      })
      .catch((error: unknown) => logger.error({ err: error }, 'creating monthly partitions failed'));
  void extend();
  const timer = setInterval(() => void extend(), CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
