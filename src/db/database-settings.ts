/**
 * How long the server waits on PostgreSQL, and how it sheds load it cannot serve. Every bound turns a database
 * that is down, slow or saturated into a prompt 503 SERVICE_UNAVAILABLE instead of a request that hangs.
 */
export interface DatabaseSettings {
  /**
   * Longest a request waits for a pooled connection, opening a new one included: pg-pool applies its one
   * `connectionTimeoutMillis` to both the wait in its queue and the connect of a new client.
   */
  acquireTimeoutMs: number;
  /** Requests already waiting for a connection beyond which the next one is refused at once instead of queued. */
  maxWaitingForConnection: number;
  /** A request's statement running longer is cancelled by PostgreSQL (57014); 0 disables it. */
  statementTimeoutMs: number;
  /** A request's statement waiting longer for a lock fails (55P03); 0 disables it. */
  lockTimeoutMs: number;
  /** A session idle inside an open transaction longer is ended by PostgreSQL, releasing its locks; 0 disables it. */
  idleInTransactionTimeoutMs: number;
  /** One start-up connection attempt, from opening the socket to the first answer. */
  connectTimeoutMs: number;
  /** Connection attempts at start-up before the server gives up. */
  connectAttempts: number;
  /** The longest pause between two start-up attempts (the backoff doubles from CONNECT_BACKOFF_INITIAL_MS up to it). */
  connectBackoffMaxMs: number;
  /** `/readyz`'s own bound on reaching the database, shorter than a request's. */
  readinessTimeoutMs: number;
}

export const DEFAULT_DATABASE_SETTINGS: DatabaseSettings = {
  acquireTimeoutMs: 2_000,
  maxWaitingForConnection: 50,
  statementTimeoutMs: 10_000,
  lockTimeoutMs: 5_000,
  idleInTransactionTimeoutMs: 30_000,
  connectTimeoutMs: 5_000,
  connectAttempts: 10,
  connectBackoffMaxMs: 8_000,
  readinessTimeoutMs: 1_000,
};

/** The bounds a request's connections get; the pool of a batch job (migrations, import) gets none of them. */
export type RequestLimits = Pick<
  DatabaseSettings,
  'acquireTimeoutMs' | 'maxWaitingForConnection' | 'statementTimeoutMs' | 'lockTimeoutMs' | 'idleInTransactionTimeoutMs'
>;
