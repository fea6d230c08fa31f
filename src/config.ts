import path from 'node:path';
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
