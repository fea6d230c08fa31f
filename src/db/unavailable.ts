import { GraphQLError } from 'graphql';
import { ErrorCode } from '../common/errors';

/** How long a client is told to wait before trying again (the `Retry-After` header, in seconds). */
export const RETRY_AFTER_SECONDS = 5;

export const RETRY_AFTER_HEADER = 'retry-after';

/** What the client reads; it names no statement, value or host. */
export const SERVICE_UNAVAILABLE_MESSAGE = `The service is temporarily unavailable; retry after ${RETRY_AFTER_SECONDS} s.`;

/** The connection could not be made or was lost: a network or DNS failure, not a refusal. */
const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that say the server cannot do the work now, not that the work is wrong: admin and crash shutdown,
 * a server still starting, too many connections, and our own deadlines (statement_timeout cancels with 57014,
 * lock_timeout fails with 55P03: both are the server's bound on a request, so the client may retry). Class 08,
 * connection exceptions, is matched by its prefix.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '57014', '55P03']);
const CONNECTION_EXCEPTION_CLASS = '08';

/** Messages of node-postgres and pg-pool that carry no code. */
const UNAVAILABLE_MESSAGES: Array<[RegExp, string]> = [
  [/^Connection terminated/, 'connection terminated'],
  [/timeout exceeded when trying to connect/, 'pool acquire timeout'],
  [/^timeout expired$/, 'connect timeout'],
  [/Client has encountered a connection error and is not queryable/, 'connection lost'],
  // A client the pool closed after its connection failed, asked again (a transaction's ROLLBACK, say).
  [/^Client was closed and is not queryable$/, 'connection closed'],
  [/^Query read timeout$/, 'query read timeout'],
];

/** Thrown by the pool when too many requests already wait for a connection (see bounded-pool.ts). */
export class PoolSaturatedError extends Error {
  constructor(waiting: number) {
    super(`${waiting} requests already wait for a database connection`);
    this.name = 'PoolSaturatedError';
  }
}

/** A connection the pool could not hand out, for `reason` (see bounded-pool.ts); the driver's error is its cause. */
export class DatabaseUnavailableError extends Error {
  constructor(
    readonly reason: string,
    options: { cause: unknown },
  ) {
    super(`database unavailable (${reason})`, options);
    this.name = 'DatabaseUnavailableError';
  }
}

const SQLSTATE = /^[0-9A-Z]{5}$/;

/**
 * Nothing here uses a query runner or a transaction's manager after its transaction ends, so a released one is a
 * connection that failed under it (the database stopping between two statements of a mutation).
 */
const RELEASED_RUNNER_ERRORS = new Set<unknown>(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

function ownReason(error: object): string | null {
  if (error instanceof PoolSaturatedError) return 'pool saturated';
  if (error instanceof DatabaseUnavailableError) return error.reason;
  // TypeORM releases a query runner by itself when its connection fails; the statements after that one fail so,
  // through the runner or through the transaction's entity manager.
  if (RELEASED_RUNNER_ERRORS.has((error as { name?: unknown }).name)) return 'connection lost';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_ERROR_CODES.has(code)) return code;
    if (SQLSTATE.test(code) && (UNAVAILABLE_SQLSTATES.has(code) || code.startsWith(CONNECTION_EXCEPTION_CLASS))) return `SQLSTATE ${code}`;
  }
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string') {
    for (const [pattern, reason] of UNAVAILABLE_MESSAGES) if (pattern.test(message)) return reason;
  }
  return null;
}

/** The errors an error was made from: TypeORM's driverError, GraphQL's originalError, `cause`, AggregateError's list. */
function innerErrors(error: object): unknown[] {
  const { driverError, originalError, cause } = error as { driverError?: unknown; originalError?: unknown; cause?: unknown };
  return [driverError, originalError, cause, ...(error instanceof AggregateError ? error.errors : [])];
}

/**
 * Why `error` means "the database is unavailable" (e.g. `ECONNREFUSED`, `SQLSTATE 57P01`, `pool acquire timeout`),
 * or null when it is any other failure. Looks through the wrappers TypeORM, graphql-js and Node put around it.
 */
export function unavailableReason(error: unknown, seen = new Set<unknown>()): string | null {
  if (typeof error !== 'object' || error === null || seen.has(error)) return null;
  seen.add(error);
  const own = ownReason(error);
  if (own !== null) return own;
  for (const inner of innerErrors(error)) {
    const reason = unavailableReason(inner, seen);
    if (reason !== null) return reason;
  }
  return null;
}

export function isDatabaseUnavailable(error: unknown): boolean {
  return unavailableReason(error) !== null;
}

/**
 * The error a request answers when the database is unavailable: HTTP 503 with Retry-After. Apollo takes
 * `extensions.http` into the response of an error thrown in the context function (its headers must be a Map);
 * for errors during execution the service-unavailable plugin sets the same.
 */
export function serviceUnavailableError(): GraphQLError {
  return new GraphQLError(SERVICE_UNAVAILABLE_MESSAGE, {
    extensions: {
      code: ErrorCode.SERVICE_UNAVAILABLE,
      http: { status: 503, headers: new Map([[RETRY_AFTER_HEADER, String(RETRY_AFTER_SECONDS)]]) },
    },
  });
}

/** `error` as the 503 answer when the database is unavailable; any other error unchanged. */
export function asServiceUnavailable(error: unknown): unknown {
  return isDatabaseUnavailable(error) ? serviceUnavailableError() : error;
}
