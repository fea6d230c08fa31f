import { isIP } from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { z } from 'zod';
import { OperatorError } from './common/operator-error';
import { DEFAULT_DATABASE_SETTINGS, type DatabaseSettings } from './db/database-settings';
import { DEFAULT_EDGE_SETTINGS, type EdgeSettings } from './http/edge-settings';
import type { Quota } from './http/rate-limits';
import { DEFAULT_SEALING_SETTINGS, type SealingSettings } from './modules/audit/log/sealing-settings';
import { DEFAULT_REQUEST_SETTINGS, type RequestSettings } from './modules/requests/request-settings';
import { DEFAULT_REFUSED_READ_RETENTION_DAYS } from './modules/refusals/refusal-retention';
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
  /** Browser origins (scheme, host, port) allowed to call the API cross-origin; empty: none. */
  corsOrigins: string[];
  /** Deadlines, verification and the repetitive-request rule of the privacy request procedure. */
  requests: RequestSettings;
  /** The k of k-anonymity for analysts' aggregates. */
  statsK: number;
  /** How many days a refused read is kept for the customer to see. */
  refusedReadRetentionDays: number;
  /** Ed25519 private key (PKCS#8 PEM) that signs audit checkpoints; when absent one is generated once into `dataDir`. */
  auditSigningKey: string | undefined;
  /** How often and in what batches the audit log is sealed, and the seal lag that is an alert. */
  sealing: SealingSettings;
  /** Pool and statement timeouts, load shedding, start-up retries and the readiness probe's bound. */
  database: DatabaseSettings;
  /** Operation limits, rate limits, the request deadline and the HTTP server's timeouts. */
  edge: EdgeSettings;
  /**
   * The personal cabinet's demo sign-in (src/http/cabinet-demo-sign-in.ts): a customer token for any demo customer,
   * to loopback callers. On by default outside production; refused in production.
   */
  cabinetDemoSignIn: boolean;
}

/** Every problem of the configuration at once, as one line: `configuration: PORT must be ...; LOG_LEVEL must be ...`. */
export class ConfigError extends OperatorError {
  override name = 'ConfigError';
}

export const MIN_JWT_SECRET_LENGTH = 32;

/** pino's levels, most severe first, and `silent`. */
export const LOG_LEVELS = [...Object.keys(pino.levels.values).sort((a, b) => pino.levels.values[b] - pino.levels.values[a]), 'silent'];

/** How a refused value appears in the message: as given, hidden (a secret), or with its password hidden (a URL). */
type Echo = (raw: string) => string | null;
const asGiven: Echo = (raw) => raw;
const hidden: Echo = () => null;
const withoutPassword: Echo = (raw) => raw.replace(/(\/\/[^/@:]*):[^/@]*@/, '$1:***@');

/**
 * One variable: unset or empty gives `fallback`; otherwise `parse` gives the value, or undefined to refuse it with
 * `rule`, the sentence after the variable's name that says what is accepted.
 */
function variable<T>(rule: string, parse: (raw: string) => T | undefined, fallback: T, echo: Echo = asGiven) {
  return z
    .string()
    .optional()
    .transform((raw, context): T => {
      if (raw === undefined || raw === '') return fallback;
      const value = parse(raw);
      if (value !== undefined) return value;
      const shown = echo(raw);
      context.addIssue({ code: 'custom', message: shown === null ? rule : `${rule} (got "${shown}")` });
      return z.NEVER;
    });
}

/** A value taken as given (a path, a key the code that uses it checks), only defaulted. */
const unchecked = <T extends string | undefined>(fallback: T) => variable<string | T>('', (raw) => raw, fallback);

const integerAtLeast = (min: number) => (raw: string) => {
  const value = Number(raw);
  return raw.trim() !== '' && Number.isSafeInteger(value) && value >= min ? value : undefined;
};
const positive = (fallback: number) => variable('must be a positive integer', integerAtLeast(1), fallback);
/** A timeout in milliseconds where 0 means "none", as PostgreSQL reads its own. */
const nonNegative = (fallback: number) => variable('must be a non-negative integer', integerAtLeast(0), fallback);

/** `<requests>/<seconds>`, e.g. `120/60`. */
const quota = (fallback: Quota) =>
  variable<Quota>(
    'must be "<requests>/<seconds>" with both at least 1',
    (raw) => {
      const match = /^(\d{1,9})\/(\d{1,9})$/.exec(raw);
      if (!match || Number(match[1]) < 1 || Number(match[2]) < 1) return undefined;
      return { points: Number(match[1]), seconds: Number(match[2]) };
    },
    fallback,
  );

const ON_OFF_RULE = 'must be "on" or "off"';
const onOffValue = (raw: string) => (raw === 'on' ? true : raw === 'off' ? false : undefined);
const onOff = (fallback: boolean) => variable(ON_OFF_RULE, onOffValue, fallback);

function port(raw: string): number | undefined {
  const value = integerAtLeast(0)(raw);
  return value !== undefined && value <= 65535 ? value : undefined;
}

const HOST_NAME = /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const host = (raw: string) => (isIP(raw) !== 0 || HOST_NAME.test(raw) ? raw : undefined);

function databaseUrl(raw: string): string | undefined {
  if (!URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  return ['postgres:', 'postgresql:'].includes(url.protocol) && url.hostname !== '' ? raw : undefined;
}

/** An origin as browsers send it in `Origin`: `http(s)://host[:port]`, nothing after. */
function origin(entry: string): boolean {
  if (!URL.canParse(entry)) return false;
  const url = new URL(entry);
  return ['http:', 'https:'].includes(url.protocol) && url.origin === entry;
}

function origins(raw: string): string[] | undefined {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.every(origin) ? entries : undefined;
}

const { operations, rateLimits, http } = DEFAULT_EDGE_SETTINGS;
const requestDefaults = DEFAULT_REQUEST_SETTINGS;
const databaseDefaults = DEFAULT_DATABASE_SETTINGS;

/** Every variable, its rule and its default: one schema, so that every problem is found in one pass. */
const environment = z.object({
  PORT: variable('must be an integer 0-65535', port, 4000),
  HOST: variable('must be a host name or an IP address, e.g. 127.0.0.1 or 0.0.0.0', host, '127.0.0.1'),
  DATABASE_URL: variable<string | undefined>(
    'must be a postgres:// URL with a host, e.g. postgres://user@localhost:5432/privacy_hub, or unset for the embedded database',
    databaseUrl,
    undefined,
    withoutPassword,
  ),
  JWT_SECRET: variable<string | undefined>(
    `must be at least ${MIN_JWT_SECRET_LENGTH} characters`,
    (raw) => (raw.length >= MIN_JWT_SECRET_LENGTH ? raw : undefined),
    undefined,
    hidden,
  ),
  DATA_DIR: unchecked('.data'),
  LOG_LEVEL: variable(`must be one of ${LOG_LEVELS.join(', ')}`, (raw) => (LOG_LEVELS.includes(raw) ? raw : undefined), 'info'),
  CORS_ORIGINS: variable<string[]>(
    'must be comma-separated origins such as https://app.example.com,http://localhost:3000 (scheme, host and port; no path)',
    origins,
    [],
  ),
  STATS_K: positive(DEFAULT_K),
  AUDIT_SIGNING_KEY: unchecked(undefined),
  AUDIT_SEAL_INTERVAL_MS: positive(DEFAULT_SEALING_SETTINGS.intervalMs),
  AUDIT_SEAL_BATCH_MAX: positive(DEFAULT_SEALING_SETTINGS.maxBatch),
  AUDIT_SEAL_LAG_BOUND_SECONDS: positive(DEFAULT_SEALING_SETTINGS.lagBoundSeconds),
  REQUEST_DEADLINE_DAYS: positive(requestDefaults.deadlineDays),
  REPETITIVE_REQUEST_LIMIT: positive(requestDefaults.repetitiveLimit),
  REPETITIVE_REQUEST_WINDOW_DAYS: positive(requestDefaults.repetitiveWindowDays),
  VERIFICATION_CODE_TTL_MINUTES: positive(requestDefaults.verificationCodeTtlMinutes),
  VERIFICATION_MAX_ATTEMPTS: positive(requestDefaults.verificationMaxAttempts),
  EXPORT_TTL_HOURS: positive(requestDefaults.exportTtlHours),
  REFUSED_READ_RETENTION_DAYS: positive(DEFAULT_REFUSED_READ_RETENTION_DAYS),
  NODE_ENV: z.string().optional(),
  MAX_QUERY_TOKENS: positive(operations.maxTokens),
  MAX_OPERATIONS_PER_DOCUMENT: positive(operations.maxOperations),
  MAX_QUERY_DEPTH: positive(operations.maxDepth),
  MAX_QUERY_ALIASES: positive(operations.maxAliases),
  MAX_QUERY_DIRECTIVES: positive(operations.maxDirectives),
  MAX_QUERY_COST: positive(operations.maxCost),
  RATE_LIMITS: onOff(rateLimits.enabled),
  RATE_LIMIT_ANONYMOUS: quota(rateLimits.anonymous),
  RATE_LIMIT_TOKEN: quota(rateLimits.token),
  RATE_LIMIT_FAILED_AUTH: quota(rateLimits.failedAuthentication),
  REQUEST_DEADLINE_MS: positive(DEFAULT_EDGE_SETTINGS.requestDeadlineMs),
  LONG_REQUEST_DEADLINE_MS: positive(DEFAULT_EDGE_SETTINGS.longRequestDeadlineMs),
  HTTP_HEADERS_TIMEOUT_MS: positive(http.headersTimeoutMs),
  HTTP_REQUEST_TIMEOUT_MS: positive(http.requestTimeoutMs),
  HTTP_KEEP_ALIVE_TIMEOUT_MS: positive(http.keepAliveTimeoutMs),
  HTTP_MAX_CONNECTIONS: positive(http.maxConnections),
  HTTP_MAX_BODY_BYTES: positive(http.maxBodyBytes),
  DB_ACQUIRE_TIMEOUT_MS: positive(databaseDefaults.acquireTimeoutMs),
  DB_POOL_MAX_WAITING: positive(databaseDefaults.maxWaitingForConnection),
  DB_STATEMENT_TIMEOUT_MS: nonNegative(databaseDefaults.statementTimeoutMs),
  DB_LOCK_TIMEOUT_MS: nonNegative(databaseDefaults.lockTimeoutMs),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: nonNegative(databaseDefaults.idleInTransactionTimeoutMs),
  DB_CONNECT_TIMEOUT_MS: positive(databaseDefaults.connectTimeoutMs),
  DB_CONNECT_ATTEMPTS: positive(databaseDefaults.connectAttempts),
  DB_CONNECT_BACKOFF_MAX_MS: positive(databaseDefaults.connectBackoffMaxMs),
  DB_READINESS_TIMEOUT_MS: positive(databaseDefaults.readinessTimeoutMs),
  // Its default depends on NODE_ENV: see toConfig.
  CABINET_DEMO_SIGN_IN: variable<boolean | undefined>(ON_OFF_RULE, onOffValue, undefined),
});

/** The rules between variables, once each variable is read. */
const checkedEnvironment = environment.superRefine((env, context) => {
  // It hands out a token for any demo customer without a password: a production instance must never offer it.
  if (env.NODE_ENV === 'production' && env.CABINET_DEMO_SIGN_IN === true) {
    context.addIssue({ code: 'custom', path: ['CABINET_DEMO_SIGN_IN'], message: 'must be "off" when NODE_ENV is production' });
  }
});

type Environment = z.output<typeof environment>;

function toConfig(env: Environment): Config {
  return {
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    jwtSecret: env.JWT_SECRET,
    dataDir: path.resolve(env.DATA_DIR),
    logLevel: env.LOG_LEVEL,
    corsOrigins: env.CORS_ORIGINS,
    statsK: env.STATS_K,
    refusedReadRetentionDays: env.REFUSED_READ_RETENTION_DAYS,
    auditSigningKey: env.AUDIT_SIGNING_KEY,
    sealing: {
      intervalMs: env.AUDIT_SEAL_INTERVAL_MS,
      maxBatch: env.AUDIT_SEAL_BATCH_MAX,
      lagBoundSeconds: env.AUDIT_SEAL_LAG_BOUND_SECONDS,
    },
    requests: {
      deadlineDays: env.REQUEST_DEADLINE_DAYS,
      repetitiveLimit: env.REPETITIVE_REQUEST_LIMIT,
      repetitiveWindowDays: env.REPETITIVE_REQUEST_WINDOW_DAYS,
      verificationCodeTtlMinutes: env.VERIFICATION_CODE_TTL_MINUTES,
      verificationMaxAttempts: env.VERIFICATION_MAX_ATTEMPTS,
      exportTtlHours: env.EXPORT_TTL_HOURS,
      logVerificationCodes: env.NODE_ENV !== 'production',
    },
    edge: {
      operations: {
        maxTokens: env.MAX_QUERY_TOKENS,
        maxOperations: env.MAX_OPERATIONS_PER_DOCUMENT,
        maxDepth: env.MAX_QUERY_DEPTH,
        maxAliases: env.MAX_QUERY_ALIASES,
        maxDirectives: env.MAX_QUERY_DIRECTIVES,
        maxCost: env.MAX_QUERY_COST,
      },
      rateLimits: {
        enabled: env.RATE_LIMITS,
        anonymous: env.RATE_LIMIT_ANONYMOUS,
        token: env.RATE_LIMIT_TOKEN,
        failedAuthentication: env.RATE_LIMIT_FAILED_AUTH,
      },
      requestDeadlineMs: env.REQUEST_DEADLINE_MS,
      longRequestDeadlineMs: env.LONG_REQUEST_DEADLINE_MS,
      http: {
        headersTimeoutMs: env.HTTP_HEADERS_TIMEOUT_MS,
        requestTimeoutMs: env.HTTP_REQUEST_TIMEOUT_MS,
        keepAliveTimeoutMs: env.HTTP_KEEP_ALIVE_TIMEOUT_MS,
        maxConnections: env.HTTP_MAX_CONNECTIONS,
        maxBodyBytes: env.HTTP_MAX_BODY_BYTES,
      },
    },
    database: {
      acquireTimeoutMs: env.DB_ACQUIRE_TIMEOUT_MS,
      maxWaitingForConnection: env.DB_POOL_MAX_WAITING,
      statementTimeoutMs: env.DB_STATEMENT_TIMEOUT_MS,
      lockTimeoutMs: env.DB_LOCK_TIMEOUT_MS,
      idleInTransactionTimeoutMs: env.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
      connectTimeoutMs: env.DB_CONNECT_TIMEOUT_MS,
      connectAttempts: env.DB_CONNECT_ATTEMPTS,
      connectBackoffMaxMs: env.DB_CONNECT_BACKOFF_MAX_MS,
      readinessTimeoutMs: env.DB_READINESS_TIMEOUT_MS,
    },
    cabinetDemoSignIn: env.CABINET_DEMO_SIGN_IN ?? env.NODE_ENV !== 'production',
  };
}

/** Reads and checks every variable; throws one ConfigError naming every variable that is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = checkedEnvironment.safeParse(env);
  if (parsed.success) return toConfig(parsed.data);
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
  throw new ConfigError(`configuration: ${problems.join('; ')}`);
}
