import { DEFAULT_OPERATION_LIMITS, type OperationLimits } from './limits/operation-limits';
import { DEFAULT_RATE_LIMITS, type RateLimitSettings } from './rate-limits';

/** Node's HTTP server bounds: a slow or idle client cannot hold a connection, and connections are capped. */
export interface HttpServerLimits {
  /** Until the request's headers have arrived. */
  headersTimeoutMs: number;
  /** Until the whole request (headers and body) has arrived. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: number;
  /** Connections past this are closed as they arrive. */
  maxConnections: number;
  /** Largest request body, in bytes. */
  maxBodyBytes: number;
}

/** Everything that bounds what one caller can make the server do. */
export interface EdgeSettings {
  operations: OperationLimits;
  rateLimits: RateLimitSettings;
  /** A request still running after this gets 503 DEADLINE_EXCEEDED, and its resolvers stop. */
  requestDeadlineMs: number;
  /** The deadline of an operation known to run long (verifying the whole audit log), once it is known. */
  longRequestDeadlineMs: number;
  http: HttpServerLimits;
}

export const DEFAULT_EDGE_SETTINGS: EdgeSettings = {
  operations: DEFAULT_OPERATION_LIMITS,
  rateLimits: DEFAULT_RATE_LIMITS,
  requestDeadlineMs: 15_000,
  longRequestDeadlineMs: 600_000,
  http: {
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 20_000,
    keepAliveTimeoutMs: 5_000,
    maxConnections: 1_000,
    maxBodyBytes: 1_048_576,
  },
};
