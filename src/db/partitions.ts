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
    const [{ count }] = (await dataSource.query(`SELECT extend_monthly_partitions($1::regclass, $2::date, $3::date) AS count`, [
      table,
      month(0),
      month(MONTHS_AHEAD),
    ])) as Array<{
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

const STARTS_TTL_MS = 60_000;
const startsCache = new WeakMap<DataSource, Map<string, { readAt: number; starts: Date[] }>>();

/**
 * Where each partition of `table` begins, newest first (the partition from MINVALUE begins nowhere). Read from the
 * catalog at most once a minute: a query split on these bounds stays correct with a stale list, as long as its
 * first and last ranges are open-ended (see `newestFirstRanges`).
 */
export async function partitionStarts(dataSource: DataSource, table: (typeof MONTHLY_PARTITIONED_TABLES)[number]): Promise<Date[]> {
  let byTable = startsCache.get(dataSource);
  if (byTable === undefined) {
    byTable = new Map();
    startsCache.set(dataSource, byTable);
  }
  const cached = byTable.get(table);
  if (cached !== undefined && Date.now() - cached.readAt < STARTS_TTL_MS) return cached.starts;
  const rows = (await dataSource.query(
    `SELECT (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS start
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = $1::regclass`,
    [table],
  )) as Array<{ start: Date | null }>;
  const starts = rows.flatMap((row) => (row.start === null ? [] : [row.start])).sort((a, b) => b.getTime() - a.getTime());
  byTable.set(table, { readAt: Date.now(), starts });
  return starts;
}

/**
 * The time ranges between the starts, newest first, as SQL conditions on `column`; the first has no upper end and
 * the last no lower end, so together they cover all time whatever partitions exist.
 */
export function newestFirstRanges(column: string, starts: readonly Date[]): string[] {
  if (starts.length === 0) return ['true'];
  const at = (date: Date) => `'${date.toISOString()}'::timestamptz`;
  return [
    `${column} >= ${at(starts[0])}`,
    ...starts.slice(1).map((start, index) => `${column} >= ${at(start)} AND ${column} < ${at(starts[index])}`),
    `${column} < ${at(starts[starts.length - 1])}`,
  ];
}
