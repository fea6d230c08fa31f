import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { waitUntil } from './support/http-answer';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * `GET /metrics` counts operations by a bounded name, type and outcome, times them, counts the policy's decisions
 * by reason and the audit writes, and shows the pool; no personal value, customer id or caller-chosen name appears.
 */

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of Prometheus' text format (comments skipped). */
function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]));
      return { name: match[1], labels, value: Number(match[3]) };
    });
}

/** The value of the one sample with exactly these labels; undefined when there is none. */
function valueOf(all: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const sorted = (of: Record<string, string>) => JSON.stringify(Object.entries(of).sort());
  const found = all.filter((sample) => sample.name === name && sorted(sample.labels) === sorted(labels));
  if (found.length > 1) throw new Error(`several samples ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

const personalValues = (customer: CustomerRow) => [
  customer.id,
  customer.email,
  customer.phone,
  customer.fullName,
  customer.dateOfBirth,
  customer.street,
  customer.city,
  customer.postalCode,
];

const OFFICER_READ = `query CustomersByEmail($emailContains: String!) {
  customers(first: 10, filter: { emailContains: $emailContains }) {
    edges { node { id fullName email phone dateOfBirth address { street city postalCode } } }
  }
}`;
const PARTNER_READ = `query CustomerForPartner($id: UUID!) { customer(id: $id) { id email fullName } }`;
/** A caller's own operation name, made of a customer's email: it must not become a label. */
const HOSTILE_NAME = 'zeynab_metrika_example_az';

let app: TestApp;
let metricsUrl: string;
let officer: string;
let consenting: CustomerRow;
let declining: CustomerRow;
beforeAll(async () => {
  app = await startTestApp();
  metricsUrl = new URL('/metrics', app.url).toString();
  officer = await app.tokenFor('privacy_officer');
});
afterAll(() => app?.close());

/** The samples once `total` requests are counted: each is counted once its answer has left, maybe just after the client read it. */
async function samplesWhenCounted(total: number): Promise<{ text: string; all: Sample[] }> {
  let text = '';
  await waitUntil(async () => {
    text = await (await fetch(metricsUrl)).text();
    const counted = samples(text).filter((sample) => sample.name === 'graphql_requests_total');
    return counted.reduce((sum, sample) => sum + sample.value, 0) === total;
  }, `${total} requests to be counted`);
  return { text, all: samples(text) };
}

describe('GET /metrics', () => {
  let text: string;

  beforeAll(async () => {
    consenting = await insertCustomer(app.dataSource, {
      email: 'zeynab.metrika@example.az',
      phone: '+994557310042',
      fullName: 'Zeynəb Metrikova',
      dateOfBirth: '1983-07-19',
      street: 'Xaqani küçəsi 77',
      city: 'Lənkəran',
      postalCode: 'AZ4217',
    });
    declining = await insertCustomer(app.dataSource, {
      email: 'tofiq.sayac@example.az',
      phone: '+994518830715',
      fullName: 'Tofiq Sayğacov',
      dateOfBirth: '1979-02-03',
      street: 'Füzuli prospekti 12',
      city: 'Şəki',
      postalCode: 'AZ5509',
    });
    const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION', 'NEW_SERVICES'] });
    await insertConsent(app.dataSource, { customerId: consenting.id, purpose: 'PERSONALIZATION', processorId: processor.id });
    // Visible to the partner through a consent for another purpose than the token's: its fields are refused.
    await insertConsent(app.dataSource, { customerId: declining.id, purpose: 'NEW_SERVICES', processorId: processor.id });
    const partner = await app.affiliateToken(processor.id, ['PERSONALIZATION']);

    for (let i = 0; i < 2; i += 1) {
      const read = await app.graphql(OFFICER_READ, { token: officer, variables: { emailContains: '@example.az' } });
      expect(read.errors).toBeUndefined();
    }
    const allowed = await app.graphql(PARTNER_READ, { token: partner, variables: { id: consenting.id } });
    expect(allowed.errors).toBeUndefined();
    const refused = await app.graphql(PARTNER_READ, { token: partner, variables: { id: declining.id } });
    expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['CONSENT_REQUIRED', 'CONSENT_REQUIRED']);
    await app.graphql(`query ${HOSTILE_NAME} { purposes { code } }`, { token: officer });
    await app.graphql(`query MyOwnDashboard { __typename }`, { token: officer });
    expect((await app.graphql(PARTNER_READ, { token: 'not-a-token', variables: { id: consenting.id } })).status).toBe(401);
    ({ text } = await samplesWhenCounted(7));
  });

  it('is Prometheus text, fresh on each scrape', async () => {
    const response = await fetch(metricsUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(text).toContain('# TYPE graphql_requests_total counter');
    expect(text).toContain('# TYPE graphql_request_duration_seconds histogram');
  });

  it('counts the requests by known operation name, type and outcome, and times each', () => {
    const all = samples(text);
    const counted = all.filter((sample) => sample.name === 'graphql_requests_total');
    expect(counted.map(({ labels, value }) => ({ ...labels, value }))).toEqual(
      expect.arrayContaining([
        { operation: 'CustomersByEmail', type: 'query', outcome: 'ok', value: 2 },
        { operation: 'CustomerForPartner', type: 'query', outcome: 'ok', value: 1 },
        { operation: 'CustomerForPartner', type: 'query', outcome: 'partial', value: 1 },
        { operation: 'other', type: 'query', outcome: 'ok', value: 2 },
        // Refused before its document was read: no name, no type.
        { operation: 'other', type: 'unknown', outcome: 'error:UNAUTHENTICATED', value: 1 },
      ]),
    );
    expect(counted).toHaveLength(5);
    const officerReads = { operation: 'CustomersByEmail', type: 'query', outcome: 'ok' };
    expect(valueOf(all, 'graphql_request_duration_seconds_count', officerReads)).toBe(2);
    expect(valueOf(all, 'graphql_request_duration_seconds_bucket', { ...officerReads, le: '+Inf' })).toBe(2);
    expect(valueOf(all, 'graphql_request_duration_seconds_sum', officerReads)).toBeGreaterThan(0);
  });

  it('labels an operation whose name is not one of operations/*.graphql as other, never by the name sent', () => {
    expect(text).not.toContain(HOSTILE_NAME);
    expect(text).not.toContain('MyOwnDashboard');
  });

  it('counts each (customer, data category) decision by outcome and basis or refusal reason', () => {
    const all = samples(text);
    const decisions = all.filter((sample) => sample.name === 'policy_decisions_total');
    expect(decisions.map(({ labels, value }) => ({ ...labels, value }))).toEqual([
      // 2 reads x 2 customers x 5 categories (name, email, phone, date of birth, address).
      { outcome: 'allowed', reason: 'PRIVACY_OFFICER', value: 20 },
      // email and name of the consenting customer; the same two refused for the other one.
      { outcome: 'allowed', reason: 'CONSENT', value: 2 },
      { outcome: 'denied', reason: 'CONSENT_REQUIRED', value: 2 },
    ]);
  });

  it('counts the audit events written: one per customer read on one basis in one request', () => {
    const all = samples(text);
    // The officer's 2 reads of 2 customers, and the partner's one allowed read; the refused read writes none.
    expect(valueOf(all, 'audit_events_written_total')).toBe(5);
    expect(valueOf(all, 'audit_write_failures_total')).toBe(0);
  });

  it("shows the request pool's connections at the scrape: none busy or waited for between requests", () => {
    const all = samples(text);
    expect(valueOf(all, 'db_pool_connections', { state: 'busy' })).toBe(0);
    expect(valueOf(all, 'db_pool_connections', { state: 'waiting' })).toBe(0);
    // The test app's pool holds up to 4; the reads above opened at least one.
    expect(valueOf(all, 'db_pool_connections', { state: 'idle' })).toBeGreaterThanOrEqual(1);
    expect(valueOf(all, 'db_pool_connections', { state: 'idle' })).toBeLessThanOrEqual(4);
  });

  it("includes the process's default metrics", () => {
    const names = new Set(samples(text).map((sample) => sample.name));
    expect([...names]).toEqual(
      expect.arrayContaining(['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds']),
    );
  });

  it('holds none of the personal values read, no customer id, in any line', () => {
    for (const value of [...personalValues(consenting), ...personalValues(declining)]) {
      expect(text.toLowerCase()).not.toContain(value.toLowerCase());
    }
  });

  it("keeps each server's counts apart: a second server in the same process starts and counts only its own", async () => {
    const second = await startTestApp();
    try {
      await second.graphql(`query MyOwnDashboard { __typename }`);
      const secondUrl = new URL('/metrics', second.url).toString();
      let counted: Sample[] = [];
      await waitUntil(async () => {
        counted = samples(await (await fetch(secondUrl)).text()).filter((sample) => sample.name === 'graphql_requests_total');
        return counted.length > 0;
      }, "the second server's request to be counted");
      expect(counted.map(({ labels, value }) => ({ ...labels, value }))).toEqual([{ operation: 'other', type: 'query', outcome: 'ok', value: 1 }]);
    } finally {
      await second.close();
    }
  });
});

describe('when an audit write fails', () => {
  afterEach(async () => {
    await app.dataSource.query(`DROP TRIGGER IF EXISTS test_audit_unavailable ON audit_event`);
    await app.dataSource.query(`DROP FUNCTION IF EXISTS test_audit_unavailable()`);
  });

  it('counts the failure, and the request by the answer its client got (503 AUDIT_UNAVAILABLE), not by what ran', async () => {
    await app.dataSource.query(`
      CREATE FUNCTION test_audit_unavailable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit storage unavailable'; END $$`);
    await app.dataSource.query(`
      CREATE TRIGGER test_audit_unavailable BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION test_audit_unavailable()`);
    const refused = await app.graphql(PARTNER_READ, { token: officer, variables: { id: consenting.id } });
    expect(refused.status).toBe(503);

    const { all } = await samplesWhenCounted(8);
    expect(valueOf(all, 'audit_write_failures_total')).toBe(1);
    expect(valueOf(all, 'audit_events_written_total')).toBe(5);
    expect(valueOf(all, 'graphql_requests_total', { operation: 'CustomerForPartner', type: 'query', outcome: 'error:AUDIT_UNAVAILABLE' })).toBe(1);
  });
});
