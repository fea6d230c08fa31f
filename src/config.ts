import path from 'node:path';

/** Everything the process reads from its environment, read once and validated here. */
export interface Config {
  /** Port the HTTP server listens on. */
  port: number;
  /** External PostgreSQL; when absent an embedded server is started under `dataDir`. */
  databaseUrl: string | undefined;
  /** HS256 secret; when absent one is generated once into `dataDir`. */
  jwtSecret: string | undefined;
  /** Folder for the embedded database and generated secrets. */
  dataDir: string;
  /** pino level. */
  logLevel: string;
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

export const MIN_JWT_SECRET_LENGTH = 32;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const jwtSecret = env.JWT_SECRET || undefined;
  if (jwtSecret !== undefined && jwtSecret.length < MIN_JWT_SECRET_LENGTH) {
    throw new ConfigError(`JWT_SECRET must be at least ${MIN_JWT_SECRET_LENGTH} characters`);
  }
  return {
    port: parsePort(env.PORT, 4000),
    databaseUrl: env.DATABASE_URL || undefined,
    jwtSecret,
    dataDir: path.resolve(env.DATA_DIR || '.data'),
    logLevel: env.LOG_LEVEL || 'info',
  };
}
