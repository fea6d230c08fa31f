import { existsSync } from 'node:fs';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from './support/test-database';
import { killRunningCommands, runNode, type CommandResult } from './support/run-command';

/** `npm start` as an operator runs it, failing: what it prints on stderr and its exit code. */
const START_TIMEOUT_MS = 60_000;
const startHub = (env: Record<string, string>) => runNode(['--import', 'tsx', 'src/main.ts'], { DATA_DIR: dataDir, ...env }, START_TIMEOUT_MS);

const STACK_LINE = /^\s+at /m;

function expectOneLine(result: CommandResult, line: string | RegExp): void {
  expect(result.code).toBe(1);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toEqual([typeof line === 'string' ? line : expect.stringMatching(line)]);
  expect(result.stderr).not.toMatch(STACK_LINE);
}

let dataDir: string;
let occupier: net.Server;
let occupiedPort: number;
let database: TestDatabase;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'privacy-hub-startup-'));
  // The embedded PostgreSQL runs as the postgres user when the tests run as root: it must reach the folder.
  await chmod(dataDir, 0o755);
  occupier = net.createServer();
  await new Promise<void>((resolve) => occupier.listen(0, '127.0.0.1', resolve));
  occupiedPort = (occupier.address() as net.AddressInfo).port;
  database = await createTestDatabase();
});

afterAll(async () => {
  killRunningCommands();
  // An embedded PostgreSQL a failed test left running.
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (existsSync(pidFile)) process.kill(Number((await readFile(pidFile, 'utf8')).split('\n')[0]), 'SIGKILL');
  occupier.close();
  await database.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('a configuration problem', () => {
  it(
    'refuses DATABASE_URL=not-a-url in one line, without starting anything',
    async () => {
      expectOneLine(
        await startHub({ DATABASE_URL: 'not-a-url' }),
        'privacy-hub did not start: configuration: DATABASE_URL must be a postgres:// URL with a host, e.g. postgres://user@localhost:5432/privacy_hub, or unset for the embedded database (got "not-a-url")',
      );
      expect(existsSync(path.join(dataDir, 'pg'))).toBe(false);
    },
    START_TIMEOUT_MS,
  );

  it(
    'refuses an unknown LOG_LEVEL in one line instead of crashing in the logger',
    async () => {
      expectOneLine(
        await startHub({ LOG_LEVEL: 'loud' }),
        'privacy-hub did not start: configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      );
    },
    START_TIMEOUT_MS,
  );

  it(
    'reports every bad variable at once, and never a secret',
    async () => {
      expectOneLine(
        await startHub({ PORT: 'x', LOG_LEVEL: 'loud', JWT_SECRET: 'short-secret-value', DATABASE_URL: 'postgress://hub:hunter2@db/hub' }),
        'privacy-hub did not start: configuration: PORT must be an integer 0-65535 (got "x"); ' +
          'DATABASE_URL must be a postgres:// URL with a host, e.g. postgres://user@localhost:5432/privacy_hub, or unset for the embedded database (got "postgress://hub:***@db/hub"); ' +
          'JWT_SECRET must be at least 32 characters; ' +
          'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
      );
    },
    START_TIMEOUT_MS,
  );

  it(
    'adds the stack under LOG_LEVEL=debug',
    async () => {
      const result = await startHub({ LOG_LEVEL: 'debug', PORT: '70000' });
      expect(result.code).toBe(1);
      const [first, ...rest] = result.stderr.trimEnd().split('\n');
      expect(first).toBe('privacy-hub did not start: configuration: PORT must be an integer 0-65535 (got "70000")');
      expect(rest.join('\n')).toMatch(STACK_LINE);
    },
    START_TIMEOUT_MS,
  );
});

describe('an unreachable database', () => {
  it(
    'names a host that does not exist and says to check DATABASE_URL, without the password',
    async () => {
      expectOneLine(
        await startHub({ DATABASE_URL: 'postgres://nobody:hunter2@no-such-host.invalid/x', DB_CONNECT_ATTEMPTS: '1' }),
        'privacy-hub did not start: database host no-such-host.invalid not found (ENOTFOUND) after 1 attempt; check the host in DATABASE_URL',
      );
    },
    START_TIMEOUT_MS,
  );
});

describe('a port in use', () => {
  it(
    'says which port is taken and what to do, after preparing the database',
    async () => {
      expectOneLine(
        await startHub({ DATABASE_URL: database.url, HOST: '127.0.0.1', PORT: String(occupiedPort), LOG_LEVEL: 'warn' }),
        `privacy-hub did not start: port ${occupiedPort} on 127.0.0.1 is in use by another process; stop it or set PORT`,
      );
    },
    START_TIMEOUT_MS,
  );

  it(
    'stops the embedded database it started',
    async () => {
      const result = await startHub({ HOST: '127.0.0.1', PORT: String(occupiedPort), LOG_LEVEL: 'info' });
      expectOneLine(result, `privacy-hub did not start: port ${occupiedPort} on 127.0.0.1 is in use by another process; stop it or set PORT`);
      expect(result.stdout).toContain('embedded PostgreSQL started');
      // PostgreSQL removes its pid file as its last step of a shutdown.
      const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
      const deadline = Date.now() + 15_000;
      while (existsSync(pidFile) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(existsSync(pidFile)).toBe(false);
    },
    START_TIMEOUT_MS + 15_000,
  );
});

describe('a script', () => {
  const migrate = (env: Record<string, string>) =>
    runNode(['--import', 'tsx', 'scripts/migrate.ts'], { DATA_DIR: dataDir, ...env }, START_TIMEOUT_MS);

  it(
    'reports a configuration problem in one line',
    async () => {
      expectOneLine(
        await migrate({ DB_CONNECT_ATTEMPTS: 'many' }),
        'error: configuration: DB_CONNECT_ATTEMPTS must be a positive integer (got "many")',
      );
    },
    START_TIMEOUT_MS,
  );

  it(
    'reports a database that does not answer in one line naming it',
    async () => {
      // The occupier accepts and never answers: the attempt ends at DB_CONNECT_TIMEOUT_MS.
      expectOneLine(
        await migrate({ DATABASE_URL: `postgres://postgres@127.0.0.1:${occupiedPort}/x`, DB_CONNECT_ATTEMPTS: '1', DB_CONNECT_TIMEOUT_MS: '300' }),
        new RegExp(`^error: database 127\\.0\\.0\\.1:${occupiedPort} not reachable \\(connect timeout\\) after 1 attempts in [\\d.]+ s; giving up$`),
      );
    },
    START_TIMEOUT_MS,
  );
});
