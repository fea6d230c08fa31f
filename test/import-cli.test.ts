import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/db/data-source';
import { outputOf, type CommandResult } from './support/run-command';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * The import CLI at its edges, as an operator meets them: `npm run import` typed in another directory (a temporary
 * one here; `--prefix` names the package, as being inside it would). npm runs `tsx scripts/import.ts` in the package
 * root and sets INIT_CWD to the directory it was typed in.
 */

jest.setTimeout(90_000);

const ROOT = path.resolve(__dirname, '..');
const CSV_HEADER =
  'externalRef,email,phone,fullName,dateOfBirth,locale,street,city,postalCode,country,consents,consentPolicyVersion,consentLanguage,consentChannel';
const GRANTED_AT = '2025-03-01T10:00:00.000Z';

let database: TestDatabase;
let dataSource: DataSource;
let callerDir: string;
const children = new Set<ChildProcess>();

beforeAll(() => {
  callerDir = mkdtempSync(path.join(tmpdir(), 'privacy-hub-import-cli-'));
});
afterAll(() => {
  rmSync(callerDir, { recursive: true, force: true });
});
// Each test imports into a database of its own: the audit tables are append-only, so nothing can be cleared between.
beforeEach(async () => {
  database = await createTestDatabase();
  dataSource = createDataSource({ url: database.url, poolSize: 2 });
  await dataSource.initialize();
});
afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
  children.clear();
  await dataSource?.destroy();
  await database?.drop();
});

type CliResult = CommandResult;

/**
 * Starts the CLI in its own process group, so that a signal reaches it as a terminal's Ctrl-C would. Through npm by
 * default; `direct` runs what npm runs (node with the tsx loader in the package root, INIT_CWD set as npm sets it) to see the CLI's own
 * exit code, which npm, itself stopped by the Ctrl-C, does not pass on.
 */
function startImport(args: string[], { direct = false } = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const [command, commandArgs, cwd] = direct
    ? [process.execPath, ['--import', 'tsx', 'scripts/import.ts', ...args], ROOT]
    : ['npm', ['--prefix', ROOT, 'run', '--silent', 'import', '--', ...args], callerDir];
  const child = spawn(command, commandArgs, {
    cwd,
    env: { ...process.env, DATABASE_URL: database.url, INIT_CWD: callerDir, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  children.add(child);
  const done: Promise<CliResult> = outputOf(child);
  return { child, done };
}

const runImport = (...args: string[]) => startImport(args).done;

const count = async (sql: string): Promise<number> =>
  ((await dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) q`)) as Array<{ n: number }>)[0].n;

const refs = async (): Promise<string[]> =>
  ((await dataSource.query(`SELECT external_ref FROM customer ORDER BY external_ref`)) as Array<{ external_ref: string }>).map(
    (row) => row.external_ref,
  );

function jsonLine(i: number): string {
  return JSON.stringify({
    externalRef: `CLI-${i}`,
    email: `cli${i}@example.az`,
    fullName: `Müştəri ${i}`,
    consents: [{ purpose: 'NEW_SERVICES', grantedAt: GRANTED_AT, evidence: { policyVersion: '2024-01', language: 'az', channel: 'WEB' } }],
  });
}

function writeInCaller(name: string, text: string): string {
  const file = path.join(callerDir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function rejectsOf(file: string): Array<{ line: number; reason: string }> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { line: number; reason: string });
}

describe('paths', () => {
  it('reads a relative file, and writes a relative reject file, from the directory npm was run in', async () => {
    writeInCaller('in/two.jsonl', `${jsonLine(1)}\n{"externalRef":\n${jsonLine(2)}\n`);

    const result = await runImport('in/two.jsonl', '--rejects', 'out.rejects.jsonl');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('imported 2 (2 new customers), unchanged 0, 2 consent changes with their events');
    expect(await refs()).toEqual(['CLI-1', 'CLI-2']);
    expect(rejectsOf(path.join(callerDir, 'out.rejects.jsonl'))).toEqual([{ line: 2, reason: 'malformed JSON' }]);
    expect(existsSync(path.join(ROOT, 'out.rejects.jsonl'))).toBe(false);
  });

  it('says in one line that a missing file is missing, exits 1 and creates no reject file', async () => {
    const result = await runImport('nowhere.jsonl');

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('import: no such file: nowhere.jsonl');
    expect(existsSync(path.join(callerDir, 'nowhere.jsonl.rejects.jsonl'))).toBe(false);
    expect(existsSync(path.join(ROOT, 'nowhere.jsonl.rejects.jsonl'))).toBe(false);
  });

  it('refuses, in one line with exit 1 and before importing anything, a reject file whose folder does not exist', async () => {
    writeInCaller('bad-row.jsonl', `${jsonLine(1)}\n{"externalRef":\n`);

    const result = await runImport('bad-row.jsonl', '--rejects', 'missing-folder/rejects.jsonl');

    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      'error: import: cannot write the reject file missing-folder/rejects.jsonl: its folder does not exist; give another with --rejects <file>',
    ]);
    expect(await count('SELECT 1 FROM customer')).toBe(0);
  });

  it('creates no reject file when no row is rejected', async () => {
    const file = writeInCaller('clean.jsonl', `${jsonLine(1)}\n`);

    const result = await runImport('clean.jsonl');

    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[2]).toBe('rejected 0');
    expect(existsSync(`${file}.rejects.jsonl`)).toBe(false);
  });
});

describe('a malformed CSV line', () => {
  const UNCLOSED = 'malformed CSV line: a quote on this line is not closed (the next line is read as a new row)';

  it('rejects a line whose quote is never closed, alone, and imports the rows before and after it', async () => {
    const file = writeInCaller(
      'unclosed.csv',
      [
        /* 1 */ CSV_HEADER,
        /* 2 */ `Q-1,q1@example.az,,Quoted One,,,,,,,,,,`,
        /* 3 */ `Q-2,q2@example.az,,Quoted Two,,,,,,,,,,`,
        /* 4 */ `Q-3,q3@example.az,,"Never Closed,,,,,,,,,,`,
        /* 5 */ `Q-4,q4@example.az,,Four,,,"Nizami küçəsi 5, mənzil 7",Bakı,,,,,,`,
        /* 6 */ `Q-5,q5@example.az,,Five,,,,,,,,,,`,
        /* 7 */ `Q-6,q6@example.az,,Six,,,"Füzuli küçəsi 12`,
        /* 8 */ `giriş 2",Gəncə,,,,,,`,
      ].join('\r\n') + '\r\n',
    );

    const result = await runImport('unclosed.csv');

    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^read 6 rows in /);
    expect(lines.slice(1)).toEqual([
      'imported 5 (5 new customers), unchanged 0, 0 consent changes with their events',
      `rejected 1: see ${file}.rejects.jsonl`,
    ]);
    expect(await refs()).toEqual(['Q-1', 'Q-2', 'Q-4', 'Q-5', 'Q-6']);
    expect(
      await dataSource.query(`SELECT external_ref, address_street, address_city FROM customer WHERE address_street IS NOT NULL ORDER BY 1`),
    ).toEqual([
      { external_ref: 'Q-4', address_street: 'Nizami küçəsi 5, mənzil 7', address_city: 'Bakı' },
      // A quoted value over two lines is one value, its line break as the file has it.
      { external_ref: 'Q-6', address_street: 'Füzuli küçəsi 12\r\ngiriş 2', address_city: 'Gəncə' },
    ]);
    expect(rejectsOf(`${file}.rejects.jsonl`)).toEqual([{ line: 4, reason: UNCLOSED }]);
  });

  it('rejects a stray quote and text after a closing quote line by line, and imports the rows after them', async () => {
    const file = writeInCaller(
      'stray.csv',
      [
        /* 1 */ CSV_HEADER,
        /* 2 */ `S-1,s1@example.az,,Stray One,,,,,,,,,,`,
        /* 3 */ `S-2,s2@example.az,,Stray "Two,,,,,,,,,,`,
        /* 4 */ `S-3,s3@example.az,,"Stray" Three,,,,,,,,,,`,
        /* 5 */ `S-4,s4@example.az,,Stray Four,,,,,,,,,,`,
      ].join('\n') + '\n',
    );

    const result = await runImport('stray.csv');

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('imported 2 (2 new customers), unchanged 0');
    expect(await refs()).toEqual(['S-1', 'S-4']);
    expect(rejectsOf(`${file}.rejects.jsonl`)).toEqual([
      { line: 3, reason: UNCLOSED },
      { line: 4, reason: 'malformed CSV line: text after a closing quote' },
    ]);
  });
});

describe('the summary', () => {
  it('counts a re-import of the same file as unchanged, not imported', async () => {
    writeInCaller('again.jsonl', `${jsonLine(1)}\n${jsonLine(2)}\n${jsonLine(3)}\n`);
    const first = await runImport('again.jsonl');
    expect(first.stdout).toContain('imported 3 (3 new customers), unchanged 0, 3 consent changes with their events');

    const second = await runImport('again.jsonl');

    expect(second.code).toBe(0);
    expect(second.stdout.split('\n')[1]).toBe('imported 0 (0 new customers), unchanged 3, 0 consent changes with their events');
    expect(await count('SELECT 1 FROM consent_event')).toBe(3);
  });

  it('counts a row whose customer changed as imported, the rest as unchanged', async () => {
    writeInCaller('before.jsonl', `${jsonLine(1)}\n${jsonLine(2)}\n`);
    await runImport('before.jsonl');
    writeInCaller('after.jsonl', `${jsonLine(1)}\n${jsonLine(2).replace('Müştəri 2', 'Müştəri İki')}\n`);

    const result = await runImport('after.jsonl');

    expect(result.stdout.split('\n')[1]).toBe('imported 1 (0 new customers), unchanged 1, 0 consent changes with their events');
  });
});

describe('the command line', () => {
  it('prints the usage on stdout for --help and exits 0 without importing', async () => {
    const result = await runImport('--help');

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^npm run import -- <file\.jsonl\|file\.csv>/);
    expect(await count('SELECT 1 FROM customer')).toBe(0);
  });

  it('refuses an unknown option in one line with exit 2', async () => {
    const result = await runImport('x.jsonl', '--frobnicate');

    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain("Unknown option '--frobnicate'");
  });
});

describe('Ctrl-C during an import', () => {
  const TOTAL = 40_000;
  const BATCH = 500;

  it('stops reading, writes only whole batches, prints the summary so far and exits 130', async () => {
    writeInCaller('big.jsonl', `${Array.from({ length: TOTAL }, (_, i) => jsonLine(i + 1)).join('\n')}\n`);
    const running = startImport(['big.jsonl', '--batch-size', String(BATCH)], { direct: true });
    // Interrupted once batches are going in, long before the end of the file.
    const deadline = Date.now() + 60_000;
    while ((await count('SELECT 1 FROM customer')) === 0 && running.child.exitCode === null && Date.now() < deadline) await sleep(20);
    process.kill(-running.child.pid!, 'SIGINT');

    const result = await running.done;

    expect(result.code).toBe(130);
    expect(result.stderr).toContain('import: stopping: writing the rows read so far (Ctrl-C again stops at once)');
    const lines = result.stdout.trim().split('\n');
    const interrupted =
      /^interrupted after (\d+) rows in \d+\.\d s \(\d+ rows\/s\): the rest of the file was not read; import the same file again to finish$/.exec(
        lines[0],
      );
    expect(interrupted).not.toBeNull();
    const rows = Number(interrupted![1]);
    expect(rows).toBeLessThan(TOTAL);
    expect(lines[1]).toBe(`imported ${rows} (${rows} new customers), unchanged 0, ${rows} consent changes with their events`);
    expect(await count('SELECT 1 FROM customer')).toBe(rows);
    expect(await count('SELECT 1 FROM consent_event')).toBe(rows);
  });
});
