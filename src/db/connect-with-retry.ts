import type { DatabaseSettings } from './database-settings';
import { Client } from 'pg';
import { OperatorError } from '../common/operator-error';
import { unavailableReason } from './unavailable';

/** The first pause between two attempts; it doubles up to `backoffMaxMs`. */
export const CONNECT_BACKOFF_INITIAL_MS = 500;

export interface ConnectRetryOptions {
  url: string;
  /** Attempts in all, the first included. */
  attempts: number;
  /** Bound of one attempt, from opening the socket to the answer of `SELECT 1`: a port that accepts and never answers. */
  connectTimeoutMs: number;
  backoffInitialMs?: number;
  backoffMaxMs: number;
  /** One line per failed attempt. */
  log: (line: string) => void;
}

/** The retry part of ConnectRetryOptions as the configuration gives it, for start-up and the scripts alike. */
export function retryFrom(settings: Pick<DatabaseSettings, 'connectAttempts' | 'connectTimeoutMs' | 'connectBackoffMaxMs'>) {
  return { attempts: settings.connectAttempts, connectTimeoutMs: settings.connectTimeoutMs, backoffMaxMs: settings.connectBackoffMaxMs };
}

/** The database could not be reached at start-up; its message is the one line the operator reads. */
export class DatabaseUnreachableError extends OperatorError {
  override name = 'DatabaseUnreachableError';
}

/** The DNS knows no such host: most likely a typo in DATABASE_URL, which the last line says. */
const HOST_NOT_FOUND = 'ENOTFOUND';

/** Where the database is, for the operator: host and port, never the credentials of the URL. */
export function databaseAddress(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname || 'localhost'}:${port || '5432'}`;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function attempt(url: string, connectTimeoutMs: number): Promise<void> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    query_timeout: connectTimeoutMs,
    application_name: 'privacy-hub start-up check',
  });
  // A connection lost after connect() resolved is reported by the query; without a listener it would crash the process.
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Waits until the database answers, retrying with capped exponential backoff while it is unavailable (down,
 * starting, saturated, not answering within the connect timeout). Any other failure (wrong password, no such
 * database) is not going to heal by waiting: it gives up at once. Throws DatabaseUnreachableError when it gives up.
 */
export async function waitForDatabase({
  url,
  attempts,
  connectTimeoutMs,
  backoffInitialMs = CONNECT_BACKOFF_INITIAL_MS,
  backoffMaxMs,
  log,
}: ConnectRetryOptions): Promise<void> {
  const where = databaseAddress(url);
  const started = Date.now();
  let delay = backoffInitialMs;
  for (let number = 1; ; number += 1) {
    try {
      await attempt(url, connectTimeoutMs);
      return;
    } catch (error) {
      const reason = unavailableReason(error);
      if (reason === null) {
        throw new DatabaseUnreachableError(`database ${where} refused the connection: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (number >= attempts && reason === HOST_NOT_FOUND) {
        throw new DatabaseUnreachableError(
          `database host ${new URL(url).hostname} not found (${reason}) after ${attempts} attempt${attempts === 1 ? '' : 's'}; check the host in DATABASE_URL`,
        );
      }
      if (number >= attempts) {
        throw new DatabaseUnreachableError(
          `database ${where} not reachable (${reason}) after ${attempts} attempts in ${seconds(Date.now() - started)}; giving up`,
        );
      }
      log(`database ${where} not reachable (${reason}), retry ${number}/${attempts - 1} in ${seconds(delay)}`);
      await sleep(delay);
      delay = Math.min(delay * 2, backoffMaxMs);
    }
  }
}
