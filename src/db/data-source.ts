import 'reflect-metadata';
import { DataSource, type Logger as TypeOrmLogger } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { boundedPg } from './bounded-pool';
import type { RequestLimits } from './database-settings';
import { ENTITIES } from './entities';

export interface DataSourceOptions {
  url: string;
  /** Receives every SQL statement; used by the statement-count tests and the benchmark. */
  logger?: TypeOrmLogger;
  poolSize?: number;
  /**
   * The bounds of a request's connections (the server's pool). Left out for batch work, whose statements may
   * rightly run longer than a request's: migrations, the import's COPY, the seeds and benchmarks.
   */
  limits?: RequestLimits;
}

/**
 * node-postgres options for a request pool: the timeouts go in the startup packet, so every session of the pool
 * has them from its first statement. No client-side `query_timeout`: it cannot be lifted per statement, and
 * statement_timeout already bounds the server's work; keepAlive notices a peer that vanished without a FIN.
 */
function requestPoolOptions(limits: RequestLimits) {
  return {
    connectionTimeoutMillis: limits.acquireTimeoutMs,
    statement_timeout: limits.statementTimeoutMs,
    lock_timeout: limits.lockTimeoutMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

/** The single DataSource definition used by the server, the scripts and the tests. Never `synchronize`. */
export function createDataSource({ url, logger, poolSize = 10, limits }: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    logger,
    ...(limits ? { driver: boundedPg(limits.maxWaitingForConnection) } : {}),
    extra: { max: poolSize, ...(limits ? requestPoolOptions(limits) : {}) },
  });
}
