import path from 'node:path';
import { DEFAULT_DATABASE_SETTINGS, type DatabaseSettings } from './db/database-settings';
import { DEFAULT_EDGE_SETTINGS, type EdgeSettings } from './http/edge-settings';
import type { Quota } from './http/rate-limits';
import { DEFAULT_SEALING_SETTINGS, type SealingSettings } from './modules/audit/log/sealing-settings';
import { DEFAULT_REQUEST_SETTINGS, type RequestSettings } from './modules/requests/request-settings';
import { DEFAULT_K } from './policy/k-anonymity';

/** Everything the process reads from its environment, read once and validated here. */
export interface Config {
  /** Port the HTTP server listens on. */
  port: number;
  /** Interface to listen on. */
  host: string;
  /** External PostgreSQL; when absent an embedded server is started under `dataDir`. */
  databaseUrl: string | undefined;
  /** HS256 secret; when absent one is generated once into `dataDir`. */
  jwtSecret: string | undefined;
  /** Folder for the embedded database and generated secrets. */
  dataDir: string;
  /** pino level. */
  logLevel: string;
  /** Deadlines, verification and the repetitive-request rule of the privacy request procedure. */
  requests: RequestSettings;
  /** The k of k-anonymity for analysts' aggregates. */
  statsK: number;
  /** Ed25519 private key (PKCS#8 PEM) that signs audit checkpoints; when absent one is generated once into `dataDir`. */
  auditSigningKey: string | undefined;
  /** How often and in what batches the audit log is sealed, and the seal lag that is an alert. */
  sealing: SealingSettings;
  /** Pool and statement timeouts, load shedding, start-up retries and the readiness probe's bound. */
  database: DatabaseSettings;
  /** Operation limits, rate limits, the request deadline and the HTTP server's timeouts. */
  edge: EdgeSettings;
}

export class ConfigError extends Error {}

function parsePort(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function parsePositiveInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new ConfigError(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** `<requests>/<seconds>`, e.g. `120/60`. */
function parseQuota(name: string, raw: string | undefined, fallback: Quota): Quota {
  if (raw === undefined || raw === '') return fallback;
  const match = /^(\d{1,9})\/(\d{1,9})$/.exec(raw);
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) {
    throw new ConfigError(`${name} must be "<requests>/<seconds>" with both at least 1, got "${raw}"`);
  }
  return { points: Number(match[1]), seconds: Number(match[2]) };
}

function parseSwitch(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  throw new ConfigError(`${name} must be "on" or "off", got "${raw}"`);
}

function loadEdgeSettings(env: NodeJS.ProcessEnv): EdgeSettings {
  const { operations, rateLimits, http } = DEFAULT_EDGE_SETTINGS;
  const positive = (name: string, fallback: number) => parsePositiveInteger(name, env[name], fallback);
  return {
    operations: {
      maxTokens: positive('MAX_QUERY_TOKENS', operations.maxTokens),
      maxOperations: positive('MAX_OPERATIONS_PER_DOCUMENT', operations.maxOperations),
      maxDepth: positive('MAX_QUERY_DEPTH', operations.maxDepth),
      maxAliases: positive('MAX_QUERY_ALIASES', operations.maxAliases),
      maxDirectives: positive('MAX_QUERY_DIRECTIVES', operations.maxDirectives),
      maxCost: positive('MAX_QUERY_COST', operations.maxCost),
    },
    rateLimits: {
      enabled: parseSwitch('RATE_LIMITS', env.RATE_LIMITS, rateLimits.enabled),
      anonymous: parseQuota('RATE_LIMIT_ANONYMOUS', env.RATE_LIMIT_ANONYMOUS, rateLimits.anonymous),
      token: parseQuota('RATE_LIMIT_TOKEN', env.RATE_LIMIT_TOKEN, rateLimits.token),
      failedAuthentication: parseQuota('RATE_LIMIT_FAILED_AUTH', env.RATE_LIMIT_FAILED_AUTH, rateLimits.failedAuthentication),
    },
    requestDeadlineMs: positive('REQUEST_DEADLINE_MS', DEFAULT_EDGE_SETTINGS.requestDeadlineMs),
    longRequestDeadlineMs: positive('LONG_REQUEST_DEADLINE_MS', DEFAULT_EDGE_SETTINGS.longRequestDeadlineMs),
    http: {
      headersTimeoutMs: positive('HTTP_HEADERS_TIMEOUT_MS', http.headersTimeoutMs),
      requestTimeoutMs: positive('HTTP_REQUEST_TIMEOUT_MS', http.requestTimeoutMs),
      keepAliveTimeoutMs: positive('HTTP_KEEP_ALIVE_TIMEOUT_MS', http.keepAliveTimeoutMs),
      maxConnections: positive('HTTP_MAX_CONNECTIONS', http.maxConnections),
      maxBodyBytes: positive('HTTP_MAX_BODY_BYTES', http.maxBodyBytes),
    },
  };
}

/** A timeout in milliseconds where 0 means "none", as PostgreSQL reads its own. */
function parseNonNegativeInteger(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`${name} must be a non-negative integer, got "${raw}"`);
  return value;
}

function loadDatabaseSettings(env: NodeJS.ProcessEnv): DatabaseSettings {
  const defaults = DEFAULT_DATABASE_SETTINGS;
  const positive = (name: string, fallback: number) => parsePositiveInteger(name, env[name], fallback);
  const orNone = (name: string, fallback: number) => parseNonNegativeInteger(name, env[name], fallback);
  return {
    acquireTimeoutMs: positive('DB_ACQUIRE_TIMEOUT_MS', defaults.acquireTimeoutMs),
    maxWaitingForConnection: positive('DB_POOL_MAX_WAITING', defaults.maxWaitingForConnection),
    statementTimeoutMs: orNone('DB_STATEMENT_TIMEOUT_MS', defaults.statementTimeoutMs),
    lockTimeoutMs: orNone('DB_LOCK_TIMEOUT_MS', defaults.lockTimeoutMs),
    idleInTransactionTimeoutMs: orNone('DB_IDLE_IN_TRANSACTION_TIMEOUT_MS', defaults.idleInTransactionTimeoutMs),
    connectTimeoutMs: positive('DB_CONNECT_TIMEOUT_MS', defaults.connectTimeoutMs),
    connectAttempts: positive('DB_CONNECT_ATTEMPTS', defaults.connectAttempts),
    connectBackoffMaxMs: positive('DB_CONNECT_BACKOFF_MAX_MS', defaults.connectBackoffMaxMs),
    readinessTimeoutMs: positive('DB_READINESS_TIMEOUT_MS', defaults.readinessTimeoutMs),
  };
}

export const MIN_JWT_SECRET_LENGTH = 32;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const jwtSecret = env.JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < MIN_JWT_SECRET_LENGTH) {
    throw new ConfigError(`JWT_SECRET must be at least ${MIN_JWT_SECRET_LENGTH} characters`);
  }
  return {
    port: parsePort(env.PORT, 4000),
    host: env.HOST || '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    jwtSecret,
    dataDir: path.resolve(env.DATA_DIR || '.data'),
    logLevel: env.LOG_LEVEL || 'info',
    statsK: parsePositiveInteger('STATS_K', env.STATS_K, DEFAULT_K),
    auditSigningKey: env.AUDIT_SIGNING_KEY || undefined,
    edge: loadEdgeSettings(env),
    database: loadDatabaseSettings(env),
    sealing: {
      intervalMs: parsePositiveInteger('AUDIT_SEAL_INTERVAL_MS', env.AUDIT_SEAL_INTERVAL_MS, DEFAULT_SEALING_SETTINGS.intervalMs),
      maxBatch: parsePositiveInteger('AUDIT_SEAL_BATCH_MAX', env.AUDIT_SEAL_BATCH_MAX, DEFAULT_SEALING_SETTINGS.maxBatch),
      lagBoundSeconds: parsePositiveInteger(
        'AUDIT_SEAL_LAG_BOUND_SECONDS',
        env.AUDIT_SEAL_LAG_BOUND_SECONDS,
        DEFAULT_SEALING_SETTINGS.lagBoundSeconds,
      ),
    },
    requests: {
      deadlineDays: parsePositiveInteger('REQUEST_DEADLINE_DAYS', env.REQUEST_DEADLINE_DAYS, DEFAULT_REQUEST_SETTINGS.deadlineDays),
      repetitiveLimit: parsePositiveInteger('REPETITIVE_REQUEST_LIMIT', env.REPETITIVE_REQUEST_LIMIT, DEFAULT_REQUEST_SETTINGS.repetitiveLimit),
      repetitiveWindowDays: parsePositiveInteger(
        'REPETITIVE_REQUEST_WINDOW_DAYS',
        env.REPETITIVE_REQUEST_WINDOW_DAYS,
        DEFAULT_REQUEST_SETTINGS.repetitiveWindowDays,
      ),
      verificationCodeTtlMinutes: parsePositiveInteger(
        'VERIFICATION_CODE_TTL_MINUTES',
        env.VERIFICATION_CODE_TTL_MINUTES,
        DEFAULT_REQUEST_SETTINGS.verificationCodeTtlMinutes,
      ),
      verificationMaxAttempts: parsePositiveInteger(
        'VERIFICATION_MAX_ATTEMPTS',
        env.VERIFICATION_MAX_ATTEMPTS,
        DEFAULT_REQUEST_SETTINGS.verificationMaxAttempts,
      ),
      exportTtlHours: parsePositiveInteger('EXPORT_TTL_HOURS', env.EXPORT_TTL_HOURS, DEFAULT_REQUEST_SETTINGS.exportTtlHours),
      logVerificationCodes: env.NODE_ENV !== 'production',
    },
  };
}
