import type { RequestHandler } from 'express';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { poolState, type PoolState } from '../db/bounded-pool';
import { unavailableReason } from '../db/unavailable';
import type { Logger } from '../logger';
import { sealStatus, type SealStatus } from '../modules/audit/log/seal-status';
import type { SealingSettings } from '../modules/audit/log/sealing-settings';
import { sqlOfClient, type Sql } from '../modules/audit/log/sql';

export interface ReadinessOptions {
  dataSource: DataSource;
  sealing: Pick<SealingSettings, 'lagBoundSeconds'>;
  /** The probe's own bound on connecting and on each of its statements, shorter than a request's. */
  timeoutMs: number;
  logger: Logger;
}

/** The names TypeORM records for our migrations, oldest first. */
const MIGRATION_NAMES: string[] = MIGRATIONS.map((Migration) => new Migration().name ?? Migration.name);

async function pendingMigrations(sql: Sql): Promise<string[]> {
  const [{ present }] = await sql<{ present: boolean }>(`SELECT to_regclass('typeorm_migrations') IS NOT NULL AS present`);
  if (!present) return MIGRATION_NAMES;
  const executed = new Set((await sql<{ name: string }>('SELECT name FROM typeorm_migrations')).map((row) => row.name));
  return MIGRATION_NAMES.filter((name) => !executed.has(name));
}

function poolAlerts(pool: PoolState | null): string[] {
  if (pool === null || pool.waiting === 0) return [];
  return [`pool: ${pool.waiting} requests wait for a connection (${pool.total - pool.idle} of ${pool.max} in use)`];
}

function sealAlerts(seal: SealStatus): string[] {
  if (seal.withinBound) return [];
  return [
    `audit: ${seal.unsealedEvents} events wait to be sealed, the oldest for ${Math.round(seal.oldestUnsealedSeconds ?? 0)} s (bound ${seal.lagBoundSeconds} s)`,
  ];
}

/** The checks that need the database, on a session of the probe's own: a saturated pool must not hold it up. */
async function probeDatabase(url: string, timeoutMs: number, sealing: ReadinessOptions['sealing']) {
  const probe = new Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    statement_timeout: timeoutMs,
    application_name: 'privacy-hub readiness',
  });
  // A connection lost mid-probe is reported by its query; unheard, it would crash the process.
  probe.on('error', () => {});
  try {
    await probe.connect();
    const sql = sqlOfClient(probe);
    return { pending: await pendingMigrations(sql), seal: await sealStatus(sql, sealing) };
  } finally {
    await probe.end().catch(() => undefined);
  }
}

/**
 * `/readyz`: 200 when this instance can serve, 503 with the failing checks when not. The checks: the database
 * answers within the probe's bound; no migration of this build is pending; no request waits for a pooled
 * connection; no audit event has waited longer than the bound to be sealed (the sequencer is down, stuck or
 * behind, and reads are no longer covered by a signed checkpoint within the promised time). `/healthz` is the
 * liveness check and does not depend on any of this.
 */
export function readiness({ dataSource, sealing, timeoutMs, logger }: ReadinessOptions): RequestHandler {
  const url = (dataSource.options as { url?: string }).url!;
  return async (_req, res) => {
    const pool = poolState(dataSource);
    let probed: Awaited<ReturnType<typeof probeDatabase>>;
    try {
      probed = await probeDatabase(url, timeoutMs, sealing);
    } catch (error) {
      const reason = unavailableReason(error);
      logger.warn({ reason: reason ?? (error instanceof Error ? error.message : String(error)) }, 'readiness: database check failed');
      res.status(503).json({
        status: 'unavailable',
        alerts: [`database: unreachable within ${timeoutMs} ms${reason ? ` (${reason})` : ''}`, ...poolAlerts(pool)],
        pool,
      });
      return;
    }
    const { pending, seal } = probed;
    const alerts = [
      ...(pending.length === 0 ? [] : [`migrations: ${pending.length} pending (${pending.join(', ')})`]),
      ...poolAlerts(pool),
      ...sealAlerts(seal),
    ];
    res.status(alerts.length === 0 ? 200 : 503).json({
      status: alerts.length === 0 ? 'ready' : 'degraded',
      alerts,
      migrations: { pending },
      pool,
      audit: {
        unsealedEvents: seal.unsealedEvents,
        oldestUnsealedSeconds: seal.oldestUnsealedSeconds,
        lagBoundSeconds: seal.lagBoundSeconds,
        latestTreeSize: seal.latestCheckpoint?.treeSize ?? 0,
      },
    });
  };
}
