import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { firstUnsettledMonth, monthLabel } from '../src/policy/stats-window';
import { insertConsent, insertCustomer, insertProcessor } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Analysts see aggregates that cannot identify a person, alone or by differencing answers (issue 13, class 2):
 * groups of 1 to k-1 people are suppressed (k = 10 by default); every figure is one month's flow in one cell, never
 * a sum over the window or a stock; only months that are over may be asked, and they answer the same ever after.
 * Fixture rows are dated into months of 2026 that are over (this file's database is its own).
 */

let app: TestApp;
let analyst: string;
let officer: string;

const ALL = `query ($from: DateTime!, $to: DateTime!) {
  stats(from: $from, to: $to) {
    k
    consentFlows { month purpose recipient granted { value suppressed reason } withdrawn { value suppressed } }
    requestsSubmitted { month type customers { value suppressed } requests }
    requestsClosed {
      month type outcome customers { value suppressed } requests closedAfterDueDate { value suppressed }
      medianHoursToClose p95HoursToClose
    }
    disclosuresByGround { month ground count { value suppressed } }
    personalFieldReads { month reader purpose customers { value suppressed } fieldReads }
  }
}`;

interface Count {
  value: number | null;
  suppressed: boolean;
}
interface StatsAnswer {
  stats: {
    k: number;
    consentFlows: Array<{ month: string; purpose: string; recipient: string; granted: Count & { reason: string | null }; withdrawn: Count }>;
    requestsSubmitted: Array<{ month: string; type: string; customers: Count; requests: number | null }>;
    requestsClosed: Array<{
      month: string;
      type: string;
      outcome: string;
      customers: Count;
      requests: number | null;
      closedAfterDueDate: Count;
      medianHoursToClose: number | null;
      p95HoursToClose: number | null;
    }>;
    disclosuresByGround: Array<{ month: string; ground: string; count: Count }>;
    personalFieldReads: Array<{ month: string; reader: string; purpose: string | null; customers: Count; fieldReads: number | null }>;
  } | null;
}

const window = (from: string, to: string) => ({ from: `${from}-01T00:00:00.000Z`, to: `${to}-01T00:00:00.000Z` });

async function statsFor(from: string, to: string): Promise<NonNullable<StatsAnswer['stats']>> {
  const result = await app.graphql<StatsAnswer>(ALL, { token: analyst, variables: window(from, to) });
  expect(result.errors).toBeUndefined();
  return result.data!.stats!;
}

async function newCustomers(count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) ids.push((await insertCustomer(app.dataSource)).id);
  return ids;
}

/** A consent and its GRANTED event as the consent API writes them, dated `at`. */
async function grantedAt(customerId: string, purpose: string, processorId: string | null, at: string): Promise<void> {
  const [{ id }] = (await app.dataSource.query(
    `INSERT INTO consent (customer_id, purpose_code, processor_id, status, status_changed_at, source, policy_version, created_at)
     VALUES ($1, $2, $3, 'GRANTED', $4, 'PERSONAL_CABINET', '2024-01', $4) RETURNING id`,
    [customerId, purpose, processorId, at],
  )) as Array<{ id: string }>;
  await app.dataSource.query(
    `INSERT INTO consent_event (consent_id, status, source, policy_version, occurred_at, actor)
     VALUES ($1, 'GRANTED', 'PERSONAL_CABINET', '2024-01', $2, 'test')`,
    [id, at],
  );
}

/** A privacy request as the workflow leaves it: open when `closedAt` is null, else COMPLETED then. */
async function requestAt(
  customerId: string,
  { type = 'ACCESS', submittedAt, dueAt, closedAt = null }: { type?: string; submittedAt: string; dueAt: string; closedAt?: string | null },
): Promise<string> {
  const [{ id }] = (await app.dataSource.query(
    `INSERT INTO privacy_request (customer_id, type, status, submitted_at, due_at, verified_at, closed_at)
     VALUES ($1, $2, $3, $4, $5, $4, $6) RETURNING id`,
    [customerId, type, closedAt === null ? 'IN_PROGRESS' : 'COMPLETED', submittedAt, dueAt, closedAt],
  )) as Array<{ id: string }>;
  return id;
}

async function disclosureAt(customerId: string, processorId: string, at: string): Promise<void> {
  await app.dataSource.query(
    `INSERT INTO disclosure (ground, reference, processor_id, customer_id, categories, justification, expires_at, created_by, created_at)
     VALUES ('FRAUD_SECURITY', 'case 7', $2, $1, '{contact}', 'A fraud case.', $3::timestamptz + interval '1 year', 'privacy_officer:test', $3)`,
    [customerId, processorId, at],
  );
}

/** The privacy officer's read of each customer's email, as the audit flush records it, at `at`. */
async function readsAt(customerIds: string[], at: string): Promise<void> {
  await app.dataSource.query(
    `INSERT INTO audit_event (occurred_at, request_id, actor_role, actor_subject, customer_id, fields, basis)
     SELECT $2, gen_random_uuid(), 'privacy_officer', 'officer:test', id, '{email}', 'PRIVACY_OFFICER' FROM unnest($1::uuid[]) AS t(id)`,
    [customerIds, at],
  );
}

/** `npm run import` on these records, as an operator runs it (the real CLI, in a child process); its exit code. */
async function runImport(records: object[]): Promise<number | null> {
  const dir = mkdtempSync(path.join(tmpdir(), 'privacy-hub-stats-'));
  const file = path.join(dir, 'customers.jsonl');
  writeFileSync(file, records.map((record) => JSON.stringify(record)).join('\n') + '\n');
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', file], {
    cwd: path.resolve(__dirname, '..'),
    env: { ...process.env, DATABASE_URL: (app.dataSource.options as { url: string }).url, LOG_LEVEL: 'error' },
    stdio: 'ignore',
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  rmSync(dir, { recursive: true, force: true });
  return code;
}

/**
 * What an attacker can subtract: every figure of an answer by where it sits (section and field, rows of every
 * month and cell together), and for each place also the sum of its figures.
 */
function figures(value: unknown, at = '', found = new Map<string, number[]>()): Map<string, number[]> {
  if (typeof value === 'number') found.set(at, [...(found.get(at) ?? []), value]);
  else if (Array.isArray(value)) for (const item of value) figures(item, at, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) figures(item, at ? `${at}.${key}` : key, found);
  }
  return found;
}

/** Every figure (or sum) of `a` that exceeds one of `b` at the same place by exactly one person. */
function oneApart(a: unknown, b: unknown): string[] {
  const withSum = (values: number[]) => new Set([...values, values.reduce((sum, next) => sum + next, 0)]);
  const later = figures(b);
  const found: string[] = [];
  for (const [at, values] of figures(a)) {
    for (const x of withSum(values)) for (const y of withSum(later.get(at) ?? [])) if (x - y === 1) found.push(`${at}: ${x} - ${y}`);
  }
  return found;
}

beforeAll(async () => {
  app = await startTestApp();
  analyst = await app.tokenFor('analyst');
  officer = await app.tokenFor('privacy_officer');
  // November 2026: of 30 customers, 9 consent to partner A (k-1), 10 to partner B (k), 12 to the company.
  const partnerA = await insertProcessor(app.dataSource, { name: 'Partner A', purposes: ['PERSONALIZATION'] });
  const partnerB = await insertProcessor(app.dataSource, { name: 'Partner B', purposes: ['PERSONALIZATION'] });
  for (const [index, customerId] of (await newCustomers(30)).entries()) {
    if (index < 9) await insertConsent(app.dataSource, { customerId, purpose: 'PERSONALIZATION', processorId: partnerA.id });
    if (index < 10) await insertConsent(app.dataSource, { customerId, purpose: 'PERSONALIZATION', processorId: partnerB.id });
    if (index < 12) await insertConsent(app.dataSource, { customerId, purpose: 'NEW_SERVICES' });
  }
  // Fixtures write "now"; these are pinned into November 2026. consent_event refuses UPDATE, so its trigger is
  // lifted for the pinning only.
  await app.dataSource.query(`UPDATE consent SET status_changed_at = '2026-11-10T00:00:00Z', created_at = '2026-11-10T00:00:00Z'`);
  await app.dataSource.query(`ALTER TABLE consent_event DISABLE TRIGGER consent_event_append_only`);
  await app.dataSource.query(`UPDATE consent_event SET occurred_at = '2026-11-10T00:00:00Z'`);
  await app.dataSource.query(`ALTER TABLE consent_event ENABLE TRIGGER consent_event_append_only`);
});
afterAll(() => app.close());

describe('k-anonymity', () => {
  it('suppresses a group of k-1 people and shows a group of k', async () => {
    const stats = await statsFor('2026-11', '2026-12');
    expect(stats.k).toBe(10);
    expect(stats.consentFlows).toEqual([
      {
        month: '2026-11',
        purpose: 'NEW_SERVICES',
        recipient: 'Allprint',
        granted: { value: 12, suppressed: false, reason: null },
        withdrawn: { value: 0, suppressed: false },
      },
      {
        month: '2026-11',
        purpose: 'PERSONALIZATION',
        recipient: 'Partner A',
        granted: { value: null, suppressed: true, reason: 'fewer than 10 people' },
        withdrawn: { value: 0, suppressed: false },
      },
      {
        month: '2026-11',
        purpose: 'PERSONALIZATION',
        recipient: 'Partner B',
        granted: { value: 10, suppressed: false, reason: null },
        withdrawn: { value: 0, suppressed: false },
      },
    ]);
  });

  it('shows a zero (nobody) and hides no ground without reason', async () => {
    const stats = await statsFor('2026-11', '2026-12');
    expect(stats.disclosuresByGround).toEqual([
      { month: '2026-11', ground: 'LEGAL_OBLIGATION', count: { value: 0, suppressed: false } },
      { month: '2026-11', ground: 'TERMS_ENFORCEMENT', count: { value: 0, suppressed: false } },
      { month: '2026-11', ground: 'FRAUD_SECURITY', count: { value: 0, suppressed: false } },
      { month: '2026-11', ground: 'SAFETY_OF_USERS', count: { value: 0, suppressed: false } },
    ]);
  });
});

describe('which months may be asked', () => {
  it.each([
    ['a window ending a day early', { from: '2026-11-01T00:00:00Z', to: '2026-11-30T00:00:00Z' }],
    ['a window starting a day late', { from: '2026-11-02T00:00:00Z', to: '2026-12-01T00:00:00Z' }],
    ['a window off by a second', { from: '2026-11-01T00:00:01Z', to: '2026-12-01T00:00:00Z' }],
  ])('refuses %s, which with the whole month could isolate one person', async (_case, variables) => {
    const result = await app.graphql<StatsAnswer>(ALL, { token: analyst, variables });
    expect(result.data).toEqual({ stats: null });
    expect(result.errors?.[0].extensions?.code).toBe('STATS_WINDOW_NOT_ALIGNED');
  });

  // The month that may not be asked yet, by the rule the test states: the current one, or the one before during
  // the first hour of a month.
  const open = new Date(Date.now() - 3_600_000);
  const openMonth = `${open.getUTCFullYear()}-${String(open.getUTCMonth() + 1).padStart(2, '0')}`;
  const monthAfter = (month: string, count: number) => {
    const [year, index] = month.split('-').map(Number);
    return new Date(Date.UTC(year, index - 1 + count, 1)).toISOString().slice(0, 7);
  };

  it.each([
    ['the month still running', openMonth, monthAfter(openMonth, 1)],
    ['a window reaching into it', monthAfter(openMonth, -3), monthAfter(openMonth, 1)],
    ['months still to come', monthAfter(openMonth, 2), monthAfter(openMonth, 5)],
  ])('refuses %s, whose figures could still change, naming the first month not closed', async (_case, from, to) => {
    const variables = window(from, to);
    const result = await app.graphql<StatsAnswer>(ALL, { token: analyst, variables });
    expect(result.data).toEqual({ stats: null });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ path: ['stats'], extensions: { code: 'STATS_MONTH_NOT_CLOSED', firstOpenMonth: openMonth } });
    expect(result.errors![0].message).toContain(`${openMonth} is not closed yet`);
    expect(result.errors![0].message).not.toContain(variables.to);
  });

  it.each([
    ['mid-month', '2026-04-15T12:00:00.000Z', '2026-04'],
    ['in the hour after a month ended, when that month is still settling', '2026-04-01T00:30:00.000Z', '2026-03'],
    ['an hour after the month ended', '2026-04-01T01:00:00.000Z', '2026-04'],
    ['in the first hour of a year', '2027-01-01T00:10:00.000Z', '2026-12'],
  ])('at a moment %s, the first month not to be asked is the right one', (_case, now, month) => {
    expect(monthLabel(firstUnsettledMonth(new Date(now)))).toBe(month);
  });
});

describe('differencing', () => {
  beforeAll(async () => {
    // February 2026: 12 people each submit a request that is closed (3 of them late), are disclosed on a ground
    // and have a field read. March: 15 requests are closed, all but one late. April: one person more does each.
    const partner = await insertProcessor(app.dataSource, { name: 'Partner D' });
    const people = await newCustomers(13);
    for (const [index, customerId] of (await newCustomers(15)).entries()) {
      const dueAt = index === 0 ? '2026-04-01T00:00:00Z' : '2026-03-09T10:00:00Z';
      await requestAt(customerId, { type: 'RECTIFICATION', submittedAt: '2026-03-02T10:00:00Z', dueAt, closedAt: '2026-03-10T10:00:00Z' });
    }
    for (const [index, customerId] of people.slice(0, 12).entries()) {
      const closedAt = new Date(Date.parse('2026-02-10T10:00:00Z') + index * 3_600_000).toISOString();
      await requestAt(customerId, {
        submittedAt: '2026-02-03T10:00:00Z',
        dueAt: index < 3 ? '2026-02-09T10:00:00Z' : '2026-03-05T10:00:00Z',
        closedAt,
      });
      await disclosureAt(customerId, partner.id, '2026-02-05T10:00:00Z');
    }
    await readsAt(people.slice(0, 12), '2026-02-07T10:00:00Z');
    const [last] = people.slice(12);
    await requestAt(last, { submittedAt: '2026-04-03T10:00:00Z', dueAt: '2026-05-03T10:00:00Z', closedAt: '2026-04-10T10:00:00Z' });
    await disclosureAt(last, partner.id, '2026-04-05T10:00:00Z');
    await readsAt([last], '2026-04-07T10:00:00Z');
  });

  it('answers a window one month shorter so that no figure, or sum of figures, differs by the one person of the month left out', async () => {
    const longer = await statsFor('2026-01', '2026-05');
    const shorter = await statsFor('2026-01', '2026-04');
    expect(oneApart(longer, shorter)).toEqual([]);
    // The difference is April's cells, published in the longer answer, and there the one person is suppressed.
    const april = { month: '2026-04' };
    expect(longer.requestsSubmitted).toContainEqual({ ...april, type: 'ACCESS', customers: { value: null, suppressed: true }, requests: null });
    expect(longer.requestsClosed.filter((row) => row.month === '2026-04')).toEqual([
      {
        ...april,
        type: 'ACCESS',
        outcome: 'COMPLETED',
        customers: { value: null, suppressed: true },
        requests: null,
        // "None of them late" would tell about the one person as much as "one of them late".
        closedAfterDueDate: { value: null, suppressed: true },
        medianHoursToClose: null,
        p95HoursToClose: null,
      },
    ]);
    expect(longer.disclosuresByGround).toContainEqual({ ...april, ground: 'FRAUD_SECURITY', count: { value: null, suppressed: true } });
    expect(longer.personalFieldReads.filter((row) => row.month === '2026-04')).toEqual([
      { ...april, reader: 'privacy officer', purpose: null, customers: { value: null, suppressed: true }, fieldReads: null },
    ]);
  });

  it('publishes the months both windows hold identically in each', async () => {
    const longer = await statsFor('2026-01', '2026-05');
    const shorter = await statsFor('2026-01', '2026-04');
    const before = (rows: Array<{ month: string }>) => rows.filter((row) => row.month < '2026-04');
    for (const section of ['consentFlows', 'requestsSubmitted', 'requestsClosed', 'disclosuresByGround', 'personalFieldReads'] as const) {
      expect(before(longer[section])).toEqual(shorter[section]);
    }
  });

  it('shows closing times of a month with k or more people, and late closings only when both the late and the others are k or more', async () => {
    const february = await statsFor('2026-02', '2026-03');
    // Closed 168 to 179 hours after submission: the median is 173.5, the 95th percentile 168 + 10.45.
    expect(february.requestsClosed).toEqual([
      {
        month: '2026-02',
        type: 'ACCESS',
        outcome: 'COMPLETED',
        customers: { value: 12, suppressed: false },
        requests: 12,
        closedAfterDueDate: { value: null, suppressed: true },
        medianHoursToClose: 173.5,
        p95HoursToClose: expect.closeTo(178.45, 6) as number,
      },
    ]);
    expect(february.requestsSubmitted).toEqual([{ month: '2026-02', type: 'ACCESS', customers: { value: 12, suppressed: false }, requests: 12 }]);
    // 14 of 15 closed late would say the fifteenth was on time.
    const march = await statsFor('2026-03', '2026-04');
    expect(march.requestsClosed).toEqual([
      expect.objectContaining({
        type: 'RECTIFICATION',
        customers: { value: 15, suppressed: false },
        closedAfterDueDate: { value: null, suppressed: true },
      }),
    ]);
  });

  it("publishes consents as the month's grants, so consecutive months of 10 granted and then 1 more do not differ by one", async () => {
    const partner = await insertProcessor(app.dataSource, { name: 'Partner C', purposes: ['PERSONALIZATION'] });
    const people = await newCustomers(11);
    for (const customerId of people.slice(0, 10)) await grantedAt(customerId, 'PERSONALIZATION', partner.id, '2026-06-10T10:00:00Z');
    await grantedAt(people[10], 'PERSONALIZATION', partner.id, '2026-07-10T10:00:00Z');
    const june = await statsFor('2026-06', '2026-07');
    const july = await statsFor('2026-07', '2026-08');
    expect(oneApart(july, june)).toEqual([]);
    expect(oneApart(june, july)).toEqual([]);
    expect(june.consentFlows).toEqual([expect.objectContaining({ recipient: 'Partner C', granted: { value: 10, suppressed: false, reason: null } })]);
    expect(july.consentFlows).toEqual([
      expect.objectContaining({ recipient: 'Partner C', granted: { value: null, suppressed: true, reason: 'fewer than 10 people' } }),
    ]);
  });
});

describe('a month that is over answers the same ever after', () => {
  it('gives the same answer after requests are closed, consents withdrawn, an erasure, new reads and a backdated import', async () => {
    // September 2026: 12 people consent to the company's new services, submit a request and have a field read.
    const people = await newCustomers(12);
    const requests: string[] = [];
    for (const [index, customerId] of people.entries()) {
      await grantedAt(customerId, 'NEW_SERVICES', null, '2026-09-10T10:00:00Z');
      requests.push(
        await requestAt(customerId, {
          type: index === 2 ? 'ERASURE' : 'ACCESS',
          submittedAt: '2026-09-03T10:00:00Z',
          dueAt: '2026-10-03T10:00:00Z',
        }),
      );
    }
    await readsAt(people, '2026-09-07T10:00:00Z');
    const asked = await statsFor('2026-09', '2026-10');

    // Today: one access request completed, one erasure carried out (its consents withdrawn), one consent withdrawn
    // in the cabinet, fields read, and an import of a customer whose consent the file dates in September.
    for (const id of [requests[0], requests[2]]) {
      const completed = await app.graphql(`mutation ($id: UUID!) { completePrivacyRequest(id: $id) { status } }`, {
        token: officer,
        variables: { id },
      });
      expect(completed.errors).toBeUndefined();
    }
    const withdrawn = await app.graphql(`mutation { withdrawConsent(purpose: NEW_SERVICES) { status } }`, {
      token: await app.customerToken(people[1]),
    });
    expect(withdrawn.data).toEqual({ withdrawConsent: { status: 'WITHDRAWN' } });
    const read = await app.graphql(`{ customers(first: 5) { edges { node { email } } } }`, { token: officer });
    expect(read.errors).toBeUndefined();
    const imported = {
      externalRef: 'stats-late-grant',
      email: 'late.grant@example.az',
      fullName: 'Gec Razılıq',
      consents: [
        { purpose: 'NEW_SERVICES', grantedAt: '2026-09-15T10:00:00Z', evidence: { policyVersion: '2024-01', language: 'az', channel: 'WEB' } },
      ],
    };
    expect(await runImport([imported])).toBe(0);
    // The import did write into September: the event carries the file's date.
    expect(
      await app.dataSource.query(
        `SELECT count(*)::int AS events FROM consent_event WHERE source = 'IMPORT' AND occurred_at = '2026-09-15T10:00:00Z'`,
      ),
    ).toEqual([{ events: 1 }]);

    expect(await statsFor('2026-09', '2026-10')).toEqual(asked);
  });
});

describe('who sees what', () => {
  it('gives analysts no personal field at all', async () => {
    const result = await app.graphql(`{ customers(first: 1) { edges { node { email } } } }`, { token: analyst });
    expect(result.data).toEqual({ customers: null });
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it.each(['staff', 'customer'] as const)('refuses stats to %s', async (role) => {
    const token = role === 'customer' ? await app.customerToken((await insertCustomer(app.dataSource)).id) : await app.tokenFor(role);
    const result = await app.graphql(ALL, { token, variables: window('2026-11', '2026-12') });
    expect(result.errors?.[0]).toMatchObject({ path: ['stats'], extensions: { code: 'FORBIDDEN' } });
  });

  it('counts personal-field reads per reader, suppressing a reader of fewer than k customers', async () => {
    const reader = await app.token({ role: 'privacy_officer', sub: 'officer:stats-reads' });
    /** Dates the reads this officer just made into October 2026 (the audit log refuses UPDATE: lifted for this). */
    const intoOctober = async () => {
      await app.dataSource.query(`ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only`);
      await app.dataSource.query(`UPDATE audit_event SET occurred_at = '2026-10-20T00:00:00Z' WHERE actor_subject = 'officer:stats-reads'`);
      await app.dataSource.query(`ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only`);
    };
    await app.graphql(`{ customers(first: 3) { edges { node { email } } } }`, { token: reader });
    await intoOctober();
    expect((await statsFor('2026-10', '2026-11')).personalFieldReads).toEqual([
      { month: '2026-10', reader: 'privacy officer', purpose: null, customers: { value: null, suppressed: true }, fieldReads: null },
    ]);
    await app.graphql(`{ customers(first: 20) { edges { node { email phone } } } }`, { token: reader });
    await intoOctober();
    // 20 distinct customers now: 3 x email, then 20 x (email, phone).
    expect((await statsFor('2026-10', '2026-11')).personalFieldReads).toEqual([
      { month: '2026-10', reader: 'privacy officer', purpose: null, customers: { value: 20, suppressed: false }, fieldReads: 43 },
    ]);
  });

  it('counts a disclosure hidden from the customer, and the reads under it, for the privacy officer alone', async () => {
    const investigator = await insertProcessor(app.dataSource, { name: 'Stats investigator' });
    const customers = await newCustomers(10);
    await app.dataSource.query(
      `WITH hidden AS (
         INSERT INTO disclosure (ground, reference, processor_id, customer_id, categories, justification, expires_at, created_by,
                                 created_at, hidden_from_customer, hidden_reason)
         SELECT 'FRAUD_SECURITY', 'case 8', $2, id, '{contact}', 'A fraud case.', '2026-03-01', 'privacy_officer:test', '2025-03-10', true, 'An open case.'
         FROM unnest($1::uuid[]) AS t(id) RETURNING id, customer_id)
       INSERT INTO audit_event (occurred_at, request_id, actor_role, actor_subject, processor_id, customer_id, fields, basis, basis_id)
       SELECT '2025-03-11', gen_random_uuid(), 'affiliate', 'token', $2, customer_id, '{email}', 'DISCLOSURE', id FROM hidden`,
      [customers, investigator.id],
    );
    const fraudCount = (stats: NonNullable<StatsAnswer['stats']>) => stats.disclosuresByGround.find((row) => row.ground === 'FRAUD_SECURITY')?.count;
    const seenBy = async (token: string) => {
      const result = await app.graphql<StatsAnswer>(ALL, { token, variables: window('2025-03', '2025-04') });
      expect(result.errors).toBeUndefined();
      return result.data!.stats!;
    };
    const analysts = await seenBy(analyst);
    expect(fraudCount(analysts)).toEqual({ value: 0, suppressed: false });
    expect(analysts.personalFieldReads).toEqual([]);
    const officers = await seenBy(await app.tokenFor('privacy_officer'));
    expect(fraudCount(officers)).toEqual({ value: 10, suppressed: false });
    expect(officers.personalFieldReads).toEqual([
      { month: '2025-03', reader: 'Stats investigator', purpose: null, customers: { value: 10, suppressed: false }, fieldReads: 10 },
    ]);
  });
});
