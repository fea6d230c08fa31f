import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import type { DataSource, QueryRunner } from 'typeorm';
import { createDataSource } from '../src/db/data-source';
import { insertCustomer, insertProcessor, type ProcessorRow } from './support/fixtures';
import { outputOf } from './support/run-command';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * The bulk import as an operator runs it: the real CLI (`scripts/import.ts`) in a child process, pointed at this
 * file's database with DATABASE_URL. Asserted: what the operator sees (exit code, summary on stdout, progress on
 * stderr, the reject file) and what the database holds afterwards.
 */

const ROOT = path.resolve(__dirname, '..');
let app: TestApp;
let databaseUrl: string;
let dir: string;
let partner: ProcessorRow;
let limited: ProcessorRow;
let inactive: ProcessorRow;

beforeAll(async () => {
  app = await startTestApp();
  databaseUrl = (app.dataSource.options as { url: string }).url;
  dir = mkdtempSync(path.join(tmpdir(), 'privacy-hub-import-'));
  partner = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION', 'NEW_SERVICES'] });
  limited = await insertProcessor(app.dataSource, { purposes: ['NEW_SERVICES'] });
  inactive = await insertProcessor(app.dataSource, { active: false, purposes: ['PERSONALIZATION'] });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

type CliResult = Awaited<ReturnType<typeof outputOf>>;

/** `npm run import` is `tsx scripts/import.ts`; node with the tsx loader runs the same, and a signal reaches the importer itself. */
function startImport(url: string, file: string, args: string[] = []): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', file, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const done: Promise<CliResult> = outputOf(child);
  return { child, done };
}

const runImport = (file: string, args: string[] = [], url = databaseUrl) => startImport(url, file, args).done;

/**
 * Runs the CLI while another transaction holds back every write to customer: `meanwhile` runs (with that
 * transaction) once one of the import's writes waits on it, then the transaction commits and the import goes on.
 */
async function importWhileCustomerLocked(file: string, args: string[], meanwhile: (blocker: QueryRunner) => Promise<unknown>): Promise<CliResult> {
  const blocker = app.dataSource.createQueryRunner();
  await blocker.connect();
  await blocker.startTransaction();
  await blocker.query(`LOCK TABLE customer IN SHARE ROW EXCLUSIVE MODE`);
  const running = startImport(databaseUrl, file, args);
  try {
    const waiting = () => count(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    while ((await waiting()) === 0) await sleep(20);
    await meanwhile(blocker);
  } finally {
    await blocker.commitTransaction();
    await blocker.release();
  }
  return running.done;
}

/** The reject file's entries; it is created only when a row is rejected, so none is no entries. */
function rejectsOf(file: string): Array<{ line: number; reason: string }> {
  if (!existsSync(`${file}.rejects.jsonl`)) return [];
  return readFileSync(`${file}.rejects.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { line: number; reason: string });
}

/** The three summary lines the CLI prints on stdout; `unchanged` rows were already stored as the file gives them. */
function expectSummary(result: CliResult, { rows, imported, unchanged = 0, created, changes, rejected, file }: Record<string, number | string>) {
  expect(result.code).toBe(0);
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(new RegExp(`^read ${rows} rows in \\d+\\.\\d s \\(\\d+ rows/s\\)$`));
  expect(lines[1]).toBe(`imported ${imported} (${created} new customers), unchanged ${unchanged}, ${changes} consent changes with their events`);
  expect(lines[2]).toBe(Number(rejected) > 0 ? `rejected ${rejected}: see ${file}.rejects.jsonl` : 'rejected 0');
}

const count = async (sql: string, params: unknown[] = [], dataSource = app.dataSource): Promise<number> =>
  ((await dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) q`, params)) as Array<{ n: number }>)[0].n;

const CUSTOMER_COLUMNS = `c.external_ref, c.email, c.phone, c.full_name, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth, c.locale,
  c.address_street, c.address_city, c.address_postal_code, c.address_country, c.erased_at`;

async function customersByRef(refs: string[]): Promise<unknown[]> {
  return app.dataSource.query(`SELECT ${CUSTOMER_COLUMNS} FROM customer c WHERE c.external_ref = ANY($1) ORDER BY c.external_ref`, [refs]);
}

/** Consents of the customers with these refs, with their events, in a comparable form. */
async function consentsByRef(refs: string[]) {
  return app.dataSource.query(
    `SELECT c.external_ref, k.purpose_code, k.processor_id, k.status, k.status_changed_at, k.source, k.policy_version,
            (SELECT json_agg(json_build_object('status', e.status, 'source', e.source, 'policy_version', e.policy_version,
                     'occurred_at', to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                     'evidence', e.evidence) ORDER BY e.id)
             FROM consent_event e WHERE e.consent_id = k.id) AS events
     FROM consent k JOIN customer c ON c.id = k.customer_id
     WHERE c.external_ref = ANY($1) ORDER BY c.external_ref, k.purpose_code, k.processor_id NULLS FIRST`,
    [refs],
  ) as Promise<Array<Record<string, unknown>>>;
}

const GRANTED_AT = '2025-03-01T09:00:00.000Z';
const SHOWN_AT = '2025-03-01T08:59:30.000Z';
const LATER = '2025-05-20T14:30:00.000Z';
const EVIDENCE = { policyVersion: '2024-01', language: 'az', channel: 'WEB', shownAt: SHOWN_AT };

/**
 * A JSON Lines file of good and bad rows under the reference prefix `p`, and what the import must make of it.
 * Read with `--batch-size 5` the records fall in batches 1-5 | 6,7,8,10,11 | 12-16: duplicates are caught
 * across batches (lines 7, 8) and within one (line 14).
 */
async function mixedJsonLines(p: string) {
  const held = await insertCustomer(app.dataSource, { email: `${p}.held@example.az` });
  const unknownProcessor = randomUUID();
  const email = (name: string) => `${p}.${name}@example.az`;
  const lines: string[] = [
    /* 1 */ JSON.stringify({
      externalRef: `${p}-001`,
      email: email('Aysel.Quliyeva').replace('example', 'Example'),
      phone: '+994501234567',
      fullName: 'Aysel Quliyeva',
      dateOfBirth: '1990-04-12',
      locale: 'en',
      address: { street: 'Nizami küçəsi 10', city: 'Bakı', postalCode: 'AZ1000', country: 'az' },
      consents: [
        { purpose: 'NEW_SERVICES', grantedAt: GRANTED_AT, evidence: EVIDENCE },
        { purpose: 'PERSONALIZATION', processorId: partner.id, grantedAt: GRANTED_AT, evidence: EVIDENCE },
      ],
    }),
    /* 2 */ JSON.stringify({ externalRef: `${p}-002`, email: `${p}.aysel@`, fullName: 'Aysel Bad Email' }),
    /* 3 */ JSON.stringify({ externalRef: `${p}-003`, email: email('elvin'), fullName: 'Elvin Əliyev' }),
    /* 4 */ JSON.stringify({
      externalRef: `${p}-004`,
      email: email('unknown.purpose'),
      fullName: 'Unknown Purpose',
      consents: [{ purpose: 'MARKETING', grantedAt: GRANTED_AT, evidence: EVIDENCE }],
    }),
    /* 5 */ JSON.stringify({
      externalRef: `${p}-005`,
      email: email('unknown.processor'),
      fullName: 'Unknown Processor',
      consents: [{ purpose: 'PERSONALIZATION', processorId: unknownProcessor, grantedAt: GRANTED_AT, evidence: EVIDENCE }],
    }),
    /* 6 */ `{"externalRef": "${p}-006", "email": "${email('malformed')}", "fullName": "Mal Formed"`,
    /* 7 */ JSON.stringify({ externalRef: `${p}-007`, email: email('aysel.quliyeva').toUpperCase(), fullName: 'Aysel Again' }),
    /* 8 */ JSON.stringify({ externalRef: `${p}-003`, email: email('elvin.other'), fullName: 'Elvin Other' }),
    /* 9 */ '',
    /* 10 */ JSON.stringify({ externalRef: `${p}-010`, email: email('no.name'), fullName: '  ' }),
    /* 11 */ JSON.stringify({
      externalRef: `${p}-011`,
      email: email('not.allowed'),
      fullName: 'Not Allowed',
      consents: [{ purpose: 'TECHNICAL_SUPPORT', processorId: partner.id, grantedAt: GRANTED_AT, evidence: EVIDENCE }],
    }),
    /* 12 */ JSON.stringify({ externalRef: `${p}-012`, email: held.email.toUpperCase(), fullName: 'Somebody Else' }),
    /* 13 */ JSON.stringify({
      externalRef: `${p}-013`,
      email: email('rauf'),
      fullName: 'Rauf Hüseynov',
      locale: 'AZ',
      consents: [
        {
          purpose: 'TECHNICAL_SUPPORT',
          grantedAt: LATER,
          evidence: { policyVersion: '2025-05', language: 'EN', channel: 'call_center', shownAt: LATER },
        },
        {
          purpose: 'NEW_SERVICES',
          processorId: limited.id.toUpperCase(),
          grantedAt: LATER,
          evidence: { policyVersion: '2025-05', language: 'en', channel: 'WEB' },
        },
      ],
    }),
    /* 14 */ JSON.stringify({ externalRef: `${p}-014`, email: email('RAUF'), fullName: 'Rauf Again' }),
    /* 15 */ JSON.stringify({
      externalRef: `${p}-015`,
      email: email('inactive'),
      fullName: 'Inactive Partner',
      consents: [{ purpose: 'PERSONALIZATION', processorId: inactive.id, grantedAt: GRANTED_AT, evidence: EVIDENCE }],
    }),
    /* 16 */ JSON.stringify({
      externalRef: `${p}-016`,
      email: email('dilara'),
      fullName: 'Dilarə Kərimova',
      dateOfBirth: '2001-12-31',
      consents: [{ purpose: 'NEW_SERVICES', grantedAt: GRANTED_AT, evidence: { policyVersion: '2024-01', language: 'az' } }],
    }),
  ];
  const file = path.join(dir, `${p}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return {
    file,
    held,
    rejects: [
      { line: 2, reason: 'email must be an email address such as name@example.az' },
      { line: 4, reason: 'unknown purpose "MARKETING"' },
      { line: 5, reason: `unknown processor "${unknownProcessor}"` },
      { line: 6, reason: 'malformed JSON' },
      { line: 7, reason: 'duplicate email within the file (first on line 1)' },
      { line: 8, reason: 'duplicate externalRef within the file (first on line 3)' },
      { line: 10, reason: 'fullName is missing' },
      { line: 11, reason: `processor ${partner.id} may not be used for TECHNICAL_SUPPORT` },
      { line: 12, reason: 'email belongs to another customer' },
      { line: 14, reason: 'duplicate email within the file (first on line 13)' },
      { line: 15, reason: `processor ${inactive.id} is not active` },
    ],
    goodRefs: [`${p}-001`, `${p}-003`, `${p}-013`, `${p}-016`],
    rejectedRefs: [`${p}-002`, `${p}-004`, `${p}-005`, `${p}-006`, `${p}-007`, `${p}-010`, `${p}-011`, `${p}-012`, `${p}-014`, `${p}-015`],
    /** Emails of rejected rows that no good row has. */
    rejectedEmails: [
      `${p}.aysel@`,
      ...['unknown.purpose', 'unknown.processor', 'malformed', 'elvin.other', 'no.name', 'not.allowed', 'inactive'].map(email),
    ],
    customers: [
      {
        external_ref: `${p}-001`,
        email: email('Aysel.Quliyeva').replace('example', 'Example'),
        phone: '+994501234567',
        full_name: 'Aysel Quliyeva',
        date_of_birth: '1990-04-12',
        locale: 'en',
        address_street: 'Nizami küçəsi 10',
        address_city: 'Bakı',
        address_postal_code: 'AZ1000',
        address_country: 'AZ',
        erased_at: null,
      },
      ...[
        [`${p}-003`, email('elvin'), 'Elvin Əliyev', null],
        [`${p}-013`, email('rauf'), 'Rauf Hüseynov', null],
        [`${p}-016`, email('dilara'), 'Dilarə Kərimova', '2001-12-31'],
      ].map(([ref, mail, name, born]) => ({
        external_ref: ref,
        email: mail,
        phone: null,
        full_name: name,
        date_of_birth: born,
        locale: 'az',
        address_street: null,
        address_city: null,
        address_postal_code: null,
        address_country: null,
        erased_at: null,
      })),
    ],
    consents: [
      importedConsent(`${p}-001`, 'NEW_SERVICES', null, GRANTED_AT, EVIDENCE),
      importedConsent(`${p}-001`, 'PERSONALIZATION', partner.id, GRANTED_AT, EVIDENCE),
      importedConsent(`${p}-013`, 'NEW_SERVICES', limited.id, LATER, { policyVersion: '2025-05', language: 'en', channel: 'WEB', shownAt: LATER }),
      importedConsent(`${p}-013`, 'TECHNICAL_SUPPORT', null, LATER, {
        policyVersion: '2025-05',
        language: 'en',
        channel: 'CALL_CENTER',
        shownAt: LATER,
      }),
      importedConsent(`${p}-016`, 'NEW_SERVICES', null, GRANTED_AT, {
        policyVersion: '2024-01',
        language: 'az',
        channel: 'IMPORT',
        shownAt: GRANTED_AT,
      }),
    ],
  };
}

function importedConsent(ref: string, purpose: string, processorId: string | null, at: string, evidence: Record<string, string>) {
  return {
    external_ref: ref,
    purpose_code: purpose,
    processor_id: processorId,
    status: 'GRANTED',
    status_changed_at: new Date(at),
    source: 'IMPORT',
    policy_version: evidence.policyVersion,
    events: [{ status: 'GRANTED', source: 'IMPORT', policy_version: evidence.policyVersion, occurred_at: at, evidence }],
  };
}

/** The consent rows as stored, each with exactly one event: the grant, at the file's instant, with its evidence. */
async function expectConsents(refs: string[], expected: Array<ReturnType<typeof importedConsent>>) {
  expect(await consentsByRef(refs)).toEqual(expected);
}

async function expectNothingOfRejected(mixed: Awaited<ReturnType<typeof mixedJsonLines>>) {
  expect(await count(`SELECT 1 FROM customer WHERE external_ref = ANY($1)`, [mixed.rejectedRefs])).toBe(0);
  expect(await count(`SELECT 1 FROM customer WHERE lower(email) = ANY($1)`, [mixed.rejectedEmails.map((email) => email.toLowerCase())])).toBe(0);
}

describe('npm run import of a JSON Lines file', () => {
  it('imports every good row with its consents and events, and rejects exactly the bad lines with their reasons', async () => {
    const mixed = await mixedJsonLines('J');
    const before = { customers: await count('SELECT 1 FROM customer'), consents: await count('SELECT 1 FROM consent') };

    const result = await runImport(mixed.file, ['--batch-size', '5']);

    expectSummary(result, { rows: 15, imported: 4, created: 4, changes: 5, rejected: 11, file: mixed.file });
    expect(rejectsOf(mixed.file)).toEqual(mixed.rejects);
    expect(await customersByRef(mixed.goodRefs)).toEqual(mixed.customers);
    await expectConsents(mixed.goodRefs, mixed.consents);
    await expectNothingOfRejected(mixed);
    expect(await count('SELECT 1 FROM customer')).toBe(before.customers + 4);
    expect(await count('SELECT 1 FROM consent')).toBe(before.consents + 5);
    // The customer whose email line 12 repeated is untouched.
    expect(await count(`SELECT 1 FROM customer WHERE id = $1 AND email = $2 AND external_ref IS NULL`, [mixed.held.id, mixed.held.email])).toBe(1);
  });

  it('gives the same state, row for row, when the same file is imported again', async () => {
    const mixed = await mixedJsonLines('R');
    const snapshot = async () => ({
      customers: await app.dataSource.query(`SELECT * FROM customer ORDER BY id`),
      consents: await app.dataSource.query(`SELECT * FROM consent ORDER BY id`),
      events: await app.dataSource.query(`SELECT * FROM consent_event ORDER BY id`),
    });
    const first = await runImport(mixed.file, ['--batch-size', '5']);
    expectSummary(first, { rows: 15, imported: 4, created: 4, changes: 5, rejected: 11, file: mixed.file });
    const afterFirst = await snapshot();

    const second = await runImport(mixed.file, ['--batch-size', '5']);

    expectSummary(second, { rows: 15, imported: 0, unchanged: 4, created: 0, changes: 0, rejected: 11, file: mixed.file });
    expect(rejectsOf(mixed.file)).toEqual(mixed.rejects);
    expect(await snapshot()).toEqual(afterFirst);
  });

  it('does not undo a withdrawal made after the import when the file is imported again', async () => {
    const mixed = await mixedJsonLines('W');
    expect((await runImport(mixed.file)).code).toBe(0);
    const [{ id }] = (await app.dataSource.query(`SELECT id FROM customer WHERE external_ref = 'W-001'`)) as Array<{ id: string }>;
    const withdrawn = await app.graphql(`mutation ($p: UUID) { withdrawConsent(purpose: PERSONALIZATION, processorId: $p) { status source } }`, {
      token: await app.customerToken(id),
      variables: { p: partner.id },
    });
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data).toEqual({ withdrawConsent: { status: 'WITHDRAWN', source: 'PERSONAL_CABINET' } });
    const afterWithdrawal = await consentsByRef(mixed.goodRefs);
    const events = await count('SELECT 1 FROM consent_event');

    const again = await runImport(mixed.file);

    expectSummary(again, { rows: 15, imported: 0, unchanged: 4, created: 0, changes: 0, rejected: 11, file: mixed.file });
    expect(await consentsByRef(mixed.goodRefs)).toEqual(afterWithdrawal);
    expect(await count('SELECT 1 FROM consent_event')).toBe(events);
    const mine = await app.graphql<{
      myConsents: Array<{ purpose: { code: string }; status: string; history: Array<{ status: string; source: string }> }>;
    }>(`{ myConsents { purpose { code } status history { status source } } }`, { token: await app.customerToken(id) });
    expect(mine.data?.myConsents.find((consent) => consent.purpose.code === 'PERSONALIZATION')).toEqual({
      purpose: { code: 'PERSONALIZATION' },
      status: 'WITHDRAWN',
      history: [
        { status: 'GRANTED', source: 'IMPORT' },
        { status: 'WITHDRAWN', source: 'PERSONAL_CABINET' },
      ],
    });
  });
});

describe('batches written side by side', () => {
  it('accepts an email that an earlier batch, still being written, moves away from its customer', async () => {
    const line = (ref: string, email: string) => JSON.stringify({ externalRef: ref, email, fullName: 'Kamran Əliyev' });
    const first = path.join(dir, 'moving-1.jsonl');
    writeFileSync(first, `${line('M-001', 'm.old@example.az')}\n`);
    expect((await runImport(first)).code).toBe(0);
    // M-001 gives up its email in the first batch; the new M-002 takes it in the second.
    const second = path.join(dir, 'moving-2.jsonl');
    writeFileSync(second, `${line('M-001', 'm.new@example.az')}\n${line('M-002', 'm.old@example.az')}\n`);
    // The first batch's write waits on this lock while the second batch is checked.
    const result = await importWhileCustomerLocked(second, ['--batch-size', '1'], () => sleep(500));

    expectSummary(result, { rows: 2, imported: 2, created: 1, changes: 0, rejected: 0, file: second });
    expect(rejectsOf(second)).toEqual([]);
    expect(await app.dataSource.query(`SELECT external_ref, email FROM customer WHERE external_ref IN ('M-001', 'M-002') ORDER BY 1`)).toEqual([
      { external_ref: 'M-001', email: 'm.new@example.az' },
      { external_ref: 'M-002', email: 'm.old@example.az' },
    ]);
  }, 20_000);
});

describe('values as given', () => {
  it('stores tabs, backslashes and line breaks inside values exactly, written as new rows or as updates', async () => {
    const street = 'Nizami küçəsi 5\\blok B\tgiriş 2\nmənzil 7\r\n\\N';
    const file = path.join(dir, 'special.jsonl');
    const consents = [{ purpose: 'NEW_SERVICES', grantedAt: GRANTED_AT, evidence: { ...EVIDENCE, channel: 'WEB' } }];
    const record = (name: string) => JSON.stringify({ externalRef: 'T-001', email: 't@example.az', fullName: name, address: { street }, consents });
    writeFileSync(file, `${record('Tural\tƏliyev')}\n`);
    expect((await runImport(file)).code).toBe(0);
    expect(await app.dataSource.query(`SELECT full_name, address_street FROM customer WHERE external_ref = 'T-001'`)).toEqual([
      { full_name: 'Tural\tƏliyev', address_street: street },
    ]);

    writeFileSync(file, `${record('Tural\\Əliyev\n')}\n`);
    expect((await runImport(file)).code).toBe(0);
    expect(await app.dataSource.query(`SELECT full_name, address_street FROM customer WHERE external_ref = 'T-001'`)).toEqual([
      { full_name: 'Tural\\Əliyev', address_street: street },
    ]);
  });
});

describe('a customer stored by someone else while the import runs', () => {
  it('updates the customer that a sign-up stored between the check and the write, instead of failing', async () => {
    const file = path.join(dir, 'raced.jsonl');
    const consents = [{ purpose: 'NEW_SERVICES', grantedAt: GRANTED_AT, evidence: EVIDENCE }];
    writeFileSync(file, `${JSON.stringify({ externalRef: 'S-001', email: 's.file@example.az', fullName: 'Rəna Hüseynova', consents })}\n`);
    // The batch is checked (S-001 is new) and its write waits on this lock; then S-001 is stored under it.
    const result = await importWhileCustomerLocked(file, [], (blocker) =>
      blocker.query(`INSERT INTO customer (external_ref, email, full_name) VALUES ('S-001', 's.signup@example.az', 'Rəna')`),
    );

    expectSummary(result, { rows: 1, imported: 1, created: 0, changes: 1, rejected: 0, file });
    expect(await app.dataSource.query(`SELECT email, full_name FROM customer WHERE external_ref = 'S-001'`)).toEqual([
      { email: 's.file@example.az', full_name: 'Rəna Hüseynova' },
    ]);
    expect(await consentsByRef(['S-001'])).toEqual([
      expect.objectContaining({ purpose_code: 'NEW_SERVICES', status: 'GRANTED', events: [expect.objectContaining({ status: 'GRANTED' })] }),
    ]);
  }, 20_000);
});

describe('what the operator sees', () => {
  it('prints a plain progress line on stderr when not on a terminal, and the summary on stdout', async () => {
    const mixed = await mixedJsonLines('P');
    // Another transaction holds back inserts into customer, so the first two batches with good rows are held on
    // both writing connections for over the 5 s between progress lines; reading and checking go on until the next
    // batch with a good row needs a connection, and the line shows how far they got.
    const result = await importWhileCustomerLocked(mixed.file, ['--batch-size', '2'], () => sleep(5_200));

    expect(result.stderr).toMatch(/^read 12 rows \(\d+ rows\/s\), 9 rejected\n$/);
    expectSummary(result, { rows: 15, imported: 4, created: 4, changes: 5, rejected: 11, file: mixed.file });
    expect(rejectsOf(mixed.file)).toEqual(mixed.rejects);
  }, 20_000);
});

describe('npm run import of a CSV file', () => {
  it('imports the good rows with their consents and rejects exactly the bad lines, a wrong column count included', async () => {
    const header =
      'externalRef,email,phone,fullName,dateOfBirth,locale,street,city,postalCode,country,consents,consentPolicyVersion,consentLanguage,consentChannel';
    const unknownProcessor = randomUUID();
    const both = `NEW_SERVICES||${GRANTED_AT};PERSONALIZATION|${partner.id}|${GRANTED_AT}`;
    const rows = [
      /* 1 */ header,
      /* 2 */ `C-001,Gunel.Mammadova@example.az,+994551234567,Günel Məmmədova,1991-07-15,en,"Füzuli küçəsi 5, mənzil 12",Gəncə,AZ2000,az,"${both}",2024-01,az,WEB`,
      /* 3 */ `C-002,gunel@,,Bad Email,,,,,,,,,,`,
      /* 4 */ `C-003,c.unknown.purpose@example.az,,Unknown Purpose,,,,,,,MARKETING||${GRANTED_AT},2024-01,az,WEB`,
      /* 5 */ `C-004,c.unknown.processor@example.az,,Unknown Processor,,,,,,,PERSONALIZATION|${unknownProcessor}|${GRANTED_AT},2024-01,az,WEB`,
      /* 6 */ `C-005,c.short.row@example.az,,Short Row,,az`,
      /* 7 */ `C-006,GUNEL.MAMMADOVA@example.az,,Günel Again,,,,,,,,,,`,
      /* 8 */ `C-007,c.murad@example.az,,Murad Səfərov,,,,,,,,,,`,
      /* 9 */ `C-007,c.murad.other@example.az,,Murad Other,,,,,,,,,,`,
      /* 10 */ `C-009,c.no.name@example.az,,,,,,,,,,,,`,
      /* 11 */ `C-010,c.not.allowed@example.az,,Not Allowed,,,,,,,PERSONALIZATION|${limited.id}|${GRANTED_AT},2024-01,az,WEB`,
      /* 12 */ `C-011,c.long.row@example.az,,Long Row,,,,,,,,,,,extra`,
      /* 13 */ `C-012,c.nigar@example.az,+994701112233,Nigar Rzayeva,,az,,,,,TECHNICAL_SUPPORT||${LATER},2025-05,EN,`,
    ];
    const file = path.join(dir, 'customers.csv');
    writeFileSync(file, `${rows.join('\r\n')}\r\n`);

    const result = await runImport(file);

    expectSummary(result, { rows: 12, imported: 3, created: 3, changes: 3, rejected: 9, file });
    expect(rejectsOf(file)).toEqual([
      { line: 3, reason: 'email must be an email address such as name@example.az' },
      { line: 4, reason: 'unknown purpose "MARKETING"' },
      { line: 5, reason: `unknown processor "${unknownProcessor}"` },
      { line: 6, reason: 'wrong number of columns' },
      { line: 7, reason: 'duplicate email within the file (first on line 2)' },
      { line: 9, reason: 'duplicate externalRef within the file (first on line 8)' },
      { line: 10, reason: 'fullName is missing' },
      { line: 11, reason: `processor ${limited.id} may not be used for PERSONALIZATION` },
      { line: 12, reason: 'wrong number of columns' },
    ]);
    const goodRefs = ['C-001', 'C-007', 'C-012'];
    const plain = {
      phone: null,
      date_of_birth: null,
      locale: 'az',
      address_street: null,
      address_city: null,
      address_postal_code: null,
      address_country: null,
      erased_at: null,
    };
    expect(await customersByRef(goodRefs)).toEqual([
      {
        external_ref: 'C-001',
        email: 'Gunel.Mammadova@example.az',
        phone: '+994551234567',
        full_name: 'Günel Məmmədova',
        date_of_birth: '1991-07-15',
        locale: 'en',
        address_street: 'Füzuli küçəsi 5, mənzil 12',
        address_city: 'Gəncə',
        address_postal_code: 'AZ2000',
        address_country: 'AZ',
        erased_at: null,
      },
      { ...plain, external_ref: 'C-007', email: 'c.murad@example.az', full_name: 'Murad Səfərov' },
      { ...plain, external_ref: 'C-012', email: 'c.nigar@example.az', full_name: 'Nigar Rzayeva', phone: '+994701112233' },
    ]);
    const csvEvidence = { policyVersion: '2024-01', language: 'az', channel: 'WEB', shownAt: GRANTED_AT };
    await expectConsents(goodRefs, [
      importedConsent('C-001', 'NEW_SERVICES', null, GRANTED_AT, csvEvidence),
      importedConsent('C-001', 'PERSONALIZATION', partner.id, GRANTED_AT, csvEvidence),
      importedConsent('C-012', 'TECHNICAL_SUPPORT', null, LATER, { policyVersion: '2025-05', language: 'en', channel: 'IMPORT', shownAt: LATER }),
    ]);
    const rejectedRefs = ['C-002', 'C-003', 'C-004', 'C-005', 'C-006', 'C-009', 'C-010', 'C-011'];
    expect(await count(`SELECT 1 FROM customer WHERE external_ref = ANY($1)`, [rejectedRefs])).toBe(0);
    const rejectedEmails = ['c.unknown.purpose', 'c.unknown.processor', 'c.short.row', 'c.murad.other', 'c.no.name', 'c.not.allowed', 'c.long.row'];
    expect(await count(`SELECT 1 FROM customer WHERE email = ANY($1)`, [rejectedEmails.map((name) => `${name}@example.az`)])).toBe(0);
    expect(await count(`SELECT 1 FROM customer WHERE lower(email) = 'gunel.mammadova@example.az'`)).toBe(1);
  });
});

describe('an import killed half way', () => {
  const TOTAL = 30_000;
  const PROCESSOR_ID = randomUUID();
  let killedDb: TestDatabase;
  let cleanDb: TestDatabase;
  let killed: DataSource;
  let clean: DataSource;

  beforeAll(async () => {
    [killedDb, cleanDb] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    killed = createDataSource({ url: killedDb.url, poolSize: 2 });
    clean = createDataSource({ url: cleanDb.url, poolSize: 2 });
    await Promise.all([killed.initialize(), clean.initialize()]);
    for (const dataSource of [killed, clean]) {
      await dataSource.query(
        `INSERT INTO processor (id, name, kind, country, active, agreement_accepted_at, trusted_at, trusted_by)
         VALUES ($1, 'Bulk Partner', 'AFFILIATE', 'AZ', true, now(), now(), 'privacy_officer:test')`,
        [PROCESSOR_ID],
      );
      await dataSource.query(`INSERT INTO processor_purpose VALUES ($1, 'PERSONALIZATION'), ($1, 'NEW_SERVICES')`, [PROCESSOR_ID]);
    }
  });
  afterAll(async () => {
    await Promise.all([killed?.destroy(), clean?.destroy()]);
    await Promise.all([killedDb?.drop(), cleanDb?.drop()]);
  });

  /** 30,000 customers, a third with consents; every 997th email is invalid and every 1,500th repeats the one before. */
  function bulkFile(): string {
    const lines: string[] = [];
    for (let i = 1; i <= TOTAL; i += 1) {
      const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
      const consents = [];
      if (i % 3 === 0)
        consents.push({ purpose: 'NEW_SERVICES', grantedAt: at, evidence: { policyVersion: '2024-01', language: 'az', channel: 'WEB' } });
      if (i % 6 === 0)
        consents.push({
          purpose: 'PERSONALIZATION',
          processorId: PROCESSOR_ID,
          grantedAt: at,
          evidence: { policyVersion: '2024-01', language: 'en', channel: 'MOBILE_APP', shownAt: at },
        });
      lines.push(
        JSON.stringify({
          externalRef: `BULK-${i}`,
          email: i % 997 === 0 ? `bulk${i}@` : `bulk${i % 1500 === 0 ? i - 1 : i}@example.az`,
          phone: `+99450${String(i).padStart(7, '0')}`,
          fullName: `Müştəri ${i}`,
          dateOfBirth: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
          locale: i % 4 === 0 ? 'en' : 'az',
          address: { street: `Küçə ${i}`, city: 'Bakı', postalCode: `AZ${1000 + (i % 9000)}`, country: 'AZ' },
          consents,
        }),
      );
    }
    const file = path.join(dir, 'bulk.jsonl');
    writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  async function state(dataSource: DataSource) {
    return {
      customers: await dataSource.query(`SELECT ${CUSTOMER_COLUMNS} FROM customer c ORDER BY c.external_ref`),
      consents: await dataSource.query(
        `SELECT c.external_ref, k.purpose_code, k.processor_id, k.status, k.status_changed_at, k.source, k.policy_version
         FROM consent k JOIN customer c ON c.id = k.customer_id ORDER BY c.external_ref, k.purpose_code`,
      ),
      events: await dataSource.query(
        `SELECT c.external_ref, k.purpose_code, k.processor_id, e.status, e.source, e.policy_version, e.occurred_at, e.evidence, e.actor
         FROM consent_event e JOIN consent k ON k.id = e.consent_id JOIN customer c ON c.id = k.customer_id
         ORDER BY c.external_ref, k.purpose_code, e.id`,
      ),
    };
  }

  it('re-run to completion gives the same state as one clean run', async () => {
    const file = bulkFile();
    // What the file's bad rows make: the invalid emails, and the repeats of a valid email.
    const rejectedRows = new Set<number>();
    for (let i = 1; i <= TOTAL; i += 1) {
      if (i % 997 === 0 || (i % 1500 === 0 && (i - 1) % 997 !== 0)) rejectedRows.add(i);
    }
    const expectedRejected = rejectedRows.size;
    let expectedConsents = 0;
    for (let i = 1; i <= TOTAL; i += 1) {
      if (!rejectedRows.has(i)) expectedConsents += (i % 3 === 0 ? 1 : 0) + (i % 6 === 0 ? 1 : 0);
    }

    const interrupted = startImport(killedDb.url, file, ['--batch-size', '1000']);
    // Killed once several batches are in, while it is still writing.
    let committed = 0;
    while (committed < TOTAL / 4 && interrupted.child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      committed = await count('SELECT 1 FROM customer', [], killed);
    }
    interrupted.child.kill('SIGKILL');
    const stopped = await interrupted.done;
    expect(stopped.signal).toBe('SIGKILL');
    const partial = await count('SELECT 1 FROM customer', [], killed);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(TOTAL - expectedRejected);

    const resumed = await runImport(file, ['--batch-size', '1000'], killedDb.url);
    expect(resumed.code).toBe(0);
    const resumedRejects = rejectsOf(file);
    const resumedState = await state(killed);

    const single = await runImport(file, ['--batch-size', '1000'], cleanDb.url);

    expectSummary(single, {
      rows: TOTAL,
      imported: TOTAL - expectedRejected,
      created: TOTAL - expectedRejected,
      changes: expectedConsents,
      rejected: expectedRejected,
      file,
    });
    expect(resumed.stdout).toContain(
      `imported ${TOTAL - expectedRejected - partial} (${TOTAL - expectedRejected - partial} new customers), unchanged ${partial},`,
    );
    expect(rejectsOf(file)).toEqual(resumedRejects);
    expect(resumedRejects).toHaveLength(expectedRejected);
    const cleanState = await state(clean);
    expect(cleanState.customers).toHaveLength(TOTAL - expectedRejected);
    expect(cleanState.consents).toHaveLength(expectedConsents);
    expect(cleanState.events).toHaveLength(expectedConsents);
    expect(resumedState).toEqual(cleanState);
  }, 60_000);
});
