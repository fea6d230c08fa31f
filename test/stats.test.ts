import { insertConsent, insertCustomer, insertProcessor } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Analysts see aggregates that cannot identify a person: groups of 1 to k-1 people are suppressed (k = 10 by
 * default), windows fall on month boundaries, and analysts cannot select a personal field at all.
 */

let app: TestApp;
let analyst: string;

const MONTH = { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' };
const STATS = `query ($from: DateTime!, $to: DateTime!) {
  stats(from: $from, to: $to) {
    k
    consentRates { month purpose recipient granted { value suppressed reason } customers rate }
    disclosuresByGround { ground count { value suppressed } }
    personalFieldReads { reader purpose customers { value suppressed } fieldReads }
  }
}`;

interface StatsAnswer {
  stats: {
    k: number;
    consentRates: Array<{ purpose: string; recipient: string; granted: { value: number | null; suppressed: boolean }; customers: number; rate: number | null }>;
    disclosuresByGround: Array<{ ground: string; count: { value: number | null; suppressed: boolean } }>;
    personalFieldReads: Array<{ reader: string; customers: { value: number | null; suppressed: boolean }; fieldReads: number | null }>;
  } | null;
}

async function inThisMonth(sql: string) {
  // Fixtures write "now"; the window is this month, so the test pins the rows into November 2026.
  await app.dataSource.query(sql);
}

beforeAll(async () => {
  app = await startTestApp();
  analyst = await app.tokenFor('analyst');
  // 30 customers; 9 consent to partner A (k-1), 10 to partner B (k), 12 to the company.
  const partnerA = await insertProcessor(app.dataSource, { name: 'Partner A', purposes: ['PERSONALIZATION'] });
  const partnerB = await insertProcessor(app.dataSource, { name: 'Partner B', purposes: ['PERSONALIZATION'] });
  for (let index = 0; index < 30; index += 1) {
    const customer = await insertCustomer(app.dataSource);
    if (index < 9) await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: partnerA.id });
    if (index < 10) await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: partnerB.id });
    if (index < 12) await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'NEW_SERVICES' });
  }
  await inThisMonth(`UPDATE customer SET created_at = '2026-10-15T00:00:00Z'`);
  await inThisMonth(`UPDATE consent SET status_changed_at = '2026-11-10T00:00:00Z', created_at = '2026-11-10T00:00:00Z'`);
  // consent_event refuses UPDATE: its rows are written again with the pinned time instead.
  await app.dataSource.query(`ALTER TABLE consent_event DISABLE TRIGGER consent_event_append_only`);
  await app.dataSource.query(`UPDATE consent_event SET occurred_at = '2026-11-10T00:00:00Z'`);
  await app.dataSource.query(`ALTER TABLE consent_event ENABLE TRIGGER consent_event_append_only`);
});
afterAll(() => app.close());

describe('k-anonymity', () => {
  it('suppresses a group of k-1 people and shows a group of k', async () => {
    const result = await app.graphql<StatsAnswer>(STATS, { token: analyst, variables: MONTH });
    expect(result.errors).toBeUndefined();
    const rates = result.data!.stats!.consentRates;
    const row = (recipient: string) => rates.find((r) => r.recipient === recipient && r.purpose === 'PERSONALIZATION');
    expect(result.data!.stats!.k).toBe(10);
    expect(row('Partner A')).toMatchObject({ granted: { value: null, suppressed: true }, rate: null, customers: 30 });
    expect(row('Partner B')).toMatchObject({ granted: { value: 10, suppressed: false }, rate: 10 / 30, customers: 30 });
  });

  it('suppresses a rate that would single out the few without the consent', async () => {
    // 12 of 30 consented to the company: 18 without, both groups >= k, so it is shown.
    const result = await app.graphql<StatsAnswer>(STATS, { token: analyst, variables: MONTH });
    const company = result.data!.stats!.consentRates.find((r) => r.purpose === 'NEW_SERVICES');
    expect(company).toMatchObject({ granted: { value: 12, suppressed: false }, rate: 12 / 30 });
    await inThisMonth(`UPDATE customer SET created_at = '2026-12-15T00:00:00Z' WHERE id IN (
      SELECT id FROM customer WHERE id NOT IN (SELECT customer_id FROM consent WHERE purpose_code = 'NEW_SERVICES') LIMIT 10)`);
    const narrowed = await app.graphql<StatsAnswer>(STATS, { token: analyst, variables: MONTH });
    // Now 12 of 20 consented: the 8 without are fewer than k.
    expect(narrowed.data!.stats!.consentRates.find((r) => r.purpose === 'NEW_SERVICES')).toMatchObject({
      granted: { value: null, suppressed: true },
      customers: 20,
      rate: null,
    });
    await inThisMonth(`UPDATE customer SET created_at = '2026-10-15T00:00:00Z'`);
  });

  it('shows a zero (nobody) and hides no ground without reason', async () => {
    const result = await app.graphql<StatsAnswer>(STATS, { token: analyst, variables: MONTH });
    expect(result.data!.stats!.disclosuresByGround).toEqual([
      { ground: 'LEGAL_OBLIGATION', count: { value: 0, suppressed: false } },
      { ground: 'TERMS_ENFORCEMENT', count: { value: 0, suppressed: false } },
      { ground: 'FRAUD_SECURITY', count: { value: 0, suppressed: false } },
      { ground: 'SAFETY_OF_USERS', count: { value: 0, suppressed: false } },
    ]);
  });
});

describe('differencing', () => {
  it.each([
    ['a window ending a day early', { from: '2026-11-01T00:00:00Z', to: '2026-11-30T00:00:00Z' }],
    ['a window starting a day late', { from: '2026-11-02T00:00:00Z', to: '2026-12-01T00:00:00Z' }],
    ['a window off by a second', { from: '2026-11-01T00:00:01Z', to: '2026-12-01T00:00:00Z' }],
  ])('refuses %s, which with the whole month could isolate one person', async (_case, variables) => {
    const result = await app.graphql<StatsAnswer>(STATS, { token: analyst, variables });
    expect(result.data).toEqual({ stats: null });
    expect(result.errors?.[0].extensions?.code).toBe('STATS_WINDOW_NOT_ALIGNED');
  });

  it('publishes each month on its own, so two allowed windows differ only by months that are themselves checked', async () => {
    const two = await app.graphql<{ stats: { consentRates: Array<{ month: string }> } }>(
      `{ stats(from: "2026-10-01T00:00:00Z", to: "2026-12-01T00:00:00Z") { consentRates { month } } }`,
      { token: analyst },
    );
    const months = new Set(two.data!.stats.consentRates.map((row) => row.month));
    // October had no consent yet, so it has no rows; no row sums the two months.
    expect(months).toEqual(new Set(['2026-11']));
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
    const result = await app.graphql(STATS, { token, variables: MONTH });
    expect(result.errors?.[0]).toMatchObject({ path: ['stats'], extensions: { code: 'FORBIDDEN' } });
  });

  it('counts personal-field reads per reader, suppressing a reader of fewer than k customers', async () => {
    const officer = await app.tokenFor('privacy_officer');
    await app.graphql(`{ customers(first: 3) { edges { node { email } } } }`, { token: officer });
    // The reads happened now: the window is the current month.
    const now = new Date();
    const thisMonth = {
      from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString(),
      to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString(),
    };
    const result = await app.graphql<StatsAnswer>(STATS, { token: analyst, variables: thisMonth });
    expect(result.data!.stats!.personalFieldReads).toEqual([
      { reader: 'privacy officer', purpose: null, customers: { value: null, suppressed: true }, fieldReads: null },
    ]);
    await app.graphql(`{ customers(first: 20) { edges { node { email phone } } } }`, { token: officer });
    const more = await app.graphql<StatsAnswer>(STATS, { token: analyst, variables: thisMonth });
    // 20 distinct customers now: 3 x email, then 20 x (email, phone).
    expect(more.data!.stats!.personalFieldReads).toEqual([
      { reader: 'privacy officer', purpose: null, customers: { value: 20, suppressed: false }, fieldReads: 43 },
    ]);
  });
});
