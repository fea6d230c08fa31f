import pg from 'pg';
import type { DataSource } from 'typeorm';
import { DatabaseUnavailableError, PoolSaturatedError, unavailableReason } from './unavailable';

type ConnectCallback = (error: Error | undefined, client: pg.PoolClient | undefined, release: (release?: unknown) => void) => void;

/**
 * pg-pool hands back Node's socket errors (ECONNREFUSED...) as they are. Wrapped, every connection the pool could
 * not hand out is one class of this module, and an Error of this realm: under jest's VM, Node core's errors are not
 * `instanceof Error`, and graphql-js takes one that graphql-shield returns (allowExternalErrors) for a field's value.
 */
function asConnectFailure(error: Error | undefined): Error | undefined {
  const reason = error === undefined ? null : unavailableReason(error);
  return reason === null ? error : new DatabaseUnavailableError(reason, { cause: error });
}

/**
 * The node-postgres module TypeORM uses (its `driver` option), with a pool that sheds instead of queueing
 * without bound: once `maxWaiting` requests already wait for a connection, the next is refused at once with
 * PoolSaturatedError (answered 503), while the acquire timeout bounds how long the admitted ones wait.
 */
export function boundedPg(maxWaiting: number): typeof pg {
  class BoundedPool extends pg.Pool {
    // pg-pool's connect has a promise and a callback form; TypeORM uses the callback one.
    override connect(): Promise<pg.PoolClient>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
      if (this.waitingCount >= maxWaiting) {
        const error = new PoolSaturatedError(this.waitingCount);
        if (callback === undefined) return Promise.reject(error);
        process.nextTick(() => callback(error, undefined, () => {}));
        return;
      }
      if (callback === undefined) {
        return super.connect().catch((error: Error) => {
          throw asConnectFailure(error);
        });
      }
      super.connect((error, client, release) => callback(asConnectFailure(error), client, release));
    }
  }
  // Everything else (types, defaults, Client) is pg's own.
  return Object.assign(Object.create(pg) as typeof pg, { Pool: BoundedPool });
}

export interface PoolState {
  /** Connections open, in use or idle. */
  total: number;
  idle: number;
  /** Requests waiting for a connection. */
  waiting: number;
  max: number;
}

/** The data source's pool as pg-pool counts it; null before `initialize()`. */
export function poolState(dataSource: DataSource): PoolState | null {
  // TypeORM types its pool as `any`; for the postgres driver it is pg's Pool.
  const pool = (dataSource.driver as unknown as { master?: pg.Pool }).master;
  if (pool === undefined) return null;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 10 };
}
