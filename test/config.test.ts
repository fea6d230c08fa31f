import path from 'node:path';
import { OperatorError } from '../src/common/operator-error';
import { ConfigError, loadConfig } from '../src/config';

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toBeInstanceOf(OperatorError);
    return (error as Error).message;
  }
  throw new Error('loadConfig accepted the environment');
}

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      jwtSecret: undefined,
      auditSigningKey: undefined,
      dataDir: path.resolve('.data'),
      logLevel: 'info',
      corsOrigins: [],
      statsK: 10,
      refusedReadRetentionDays: 365,
    });
    expect(config.edge.rateLimits.enabled).toBe(true);
    expect(config.requests.logVerificationCodes).toBe(true);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '', DATABASE_URL: '', CORS_ORIGINS: '' })).toMatchObject({
      port: 4000,
      logLevel: 'info',
      databaseUrl: undefined,
      corsOrigins: [],
    });
  });

  it('reads every kind of value', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATABASE_URL: 'postgresql://hub:pw@db.internal:6543/hub',
      LOG_LEVEL: 'silent',
      DB_STATEMENT_TIMEOUT_MS: '0',
      RATE_LIMIT_ANONYMOUS: '7/3',
      NODE_ENV: 'production',
      REFUSED_READ_RETENTION_DAYS: '30',
    });
    expect(config.refusedReadRetentionDays).toBe(30);
    expect(config).toMatchObject({ port: 0, host: '0.0.0.0', databaseUrl: 'postgresql://hub:pw@db.internal:6543/hub', logLevel: 'silent' });
    expect(config.database.statementTimeoutMs).toBe(0);
    expect(config.edge.rateLimits.anonymous).toEqual({ points: 7, seconds: 3 });
    expect(config.requests.logVerificationCodes).toBe(false);
  });

  it('reports every problem in one message, in the order of the table', () => {
    expect(problemsOf({ PORT: 'x', LOG_LEVEL: 'loud', STATS_K: '0', REFUSED_READ_RETENTION_DAYS: '-1', RATE_LIMITS: 'maybe' })).toBe(
      'configuration: PORT must be an integer 0-65535 (got "x"); ' +
        'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud"); ' +
        'STATS_K must be a positive integer (got "0"); ' +
        'REFUSED_READ_RETENTION_DAYS must be a positive integer (got "-1"); ' +
        'RATE_LIMITS must be "on" or "off" (got "maybe")',
    );
  });

  it.each([
    ['not-a-url', 'not-a-url'],
    ['mysql://hub@db/hub', 'mysql://hub@db/hub'],
    ['postgres:///hub', 'postgres:///hub'],
    ['postgress://hub:hunter2@db/hub', 'postgress://hub:***@db/hub'],
  ])('refuses DATABASE_URL=%s, showing it without a password', (raw, shown) => {
    expect(problemsOf({ DATABASE_URL: raw })).toBe(
      `configuration: DATABASE_URL must be a postgres:// URL with a host, e.g. postgres://user@localhost:5432/privacy_hub, or unset for the embedded database (got "${shown}")`,
    );
  });

  it('never echoes a secret', () => {
    const message = problemsOf({ JWT_SECRET: 'too-short-secret', PORT: '65536' });
    expect(message).toBe('configuration: PORT must be an integer 0-65535 (got "65536"); JWT_SECRET must be at least 32 characters');
    expect(message).not.toContain('too-short-secret');
  });

  it.each(['local host', '-bad.example', 'a_b.example'])('refuses HOST=%s', (host) => {
    expect(problemsOf({ HOST: host })).toBe(`configuration: HOST must be a host name or an IP address, e.g. 127.0.0.1 or 0.0.0.0 (got "${host}")`);
  });
});

describe('CORS_ORIGINS', () => {
  it('reads comma-separated exact origins, spaces and empty entries aside', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:3000,' }).corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:3000',
    ]);
  });

  it.each([
    'https://app.example.com/',
    'https://app.example.com/path',
    'ftp://files.example.com',
    'app.example.com',
    '*',
    'https://App.example.com',
    'https://app.example.com:443',
  ])('refuses %s, which is not an origin as browsers send it', (entry) => {
    expect(problemsOf({ CORS_ORIGINS: `http://localhost:3000,${entry}` })).toBe(
      'configuration: CORS_ORIGINS must be comma-separated origins such as https://app.example.com,http://localhost:3000 ' +
        `(scheme, host and port; no path) (got "http://localhost:3000,${entry}")`,
    );
  });
});
