import { insertConsent, insertCustomer, insertProcessor, type CustomerRow, type ProcessorRow } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The audit log: every personal field read by someone other than the customer is recorded, one row per customer
 * and basis per request, in one statement; the rows are append-only, partitions included; a read that cannot be
 * recorded returns no data; the customer reads their own log. Sealing, proofs and tampering: audit-log-*.test.ts.
 */

let app: TestApp;
let officer: string;
let staff: string;
let partner: ProcessorRow;
/** Trusted, PERSONALIZATION only, permitted contact and identity but not location. */
let partnerToken: string;
let customers: CustomerRow[];
const consentOf = new Map<string, string>();

interface AuditRow {
  id: string;
  request_id: string;
  actor_role: string;
  actor_subject: string;
  processor_id: string | null;
  customer_id: string;
  fields: string[];
  purpose_code: string | null;
  basis: string;
  basis_id: string | null;
}

async function lastPosition(): Promise<number> {
  const [{ position }] = (await app.dataSource.query(`SELECT coalesce(max(id), 0)::int AS position FROM audit_event`)) as Array<{
    position: number;
  }>;
  return position;
}

async function eventsAfter(position: number): Promise<AuditRow[]> {
  return (await app.dataSource.query(
    `SELECT id::text, request_id, actor_role, actor_subject, processor_id, customer_id, fields, purpose_code, basis, basis_id
     FROM audit_event WHERE id > $1 ORDER BY id`,
    [position],
  )) as AuditRow[];
}

async function eventCount(): Promise<number> {
  const [{ count }] = (await app.dataSource.query(`SELECT count(*)::int AS count FROM audit_event`)) as Array<{ count: number }>;
  return count;
}

const auditInserts = (statements: string[]) => statements.filter((sql) => /INSERT INTO audit_event/i.test(sql));

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.tokenFor('privacy_officer');
  staff = await app.tokenFor('staff');
  partner = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'], categories: ['contact', 'identity'] });
  partnerToken = await app.affiliateToken(partner.id, ['PERSONALIZATION']);
  customers = [];
  for (let index = 0; index < 3; index += 1) {
    const customer = await insertCustomer(app.dataSource);
    consentOf.set(customer.id, await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: partner.id }));
    customers.push(customer);
  }
});
afterAll(() => app.close());

describe('what a read writes to the audit log', () => {
  const PAGE = `{ customers(first: 10) { edges { node { id email fullName address { city } } } } }`;

  it("writes one row per customer for a recipient's read of several customers, in one INSERT statement", async () => {
    const before = await lastPosition();
    const statements = await app.statements.during(async () => {
      const result = await app.graphql<{ customers: { edges: Array<{ node: { email: string | null } }> } }>(PAGE, { token: partnerToken });
      expect(result.status).toBe(200);
      expect(result.data?.customers.edges.map(({ node }) => node.email).sort()).toEqual(customers.map((c) => c.email).sort());
      // The address is outside the partner's categories: denied for each customer, so not recorded.
      expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['CATEGORY_NOT_ALLOWED', 'CATEGORY_NOT_ALLOWED', 'CATEGORY_NOT_ALLOWED']);
    });
    expect(auditInserts(statements)).toHaveLength(1);

    const rows = await eventsAfter(before);
    expect(rows).toHaveLength(3);
    expect(rows.map((row) => row.customer_id).sort()).toEqual(customers.map((c) => c.id).sort());
    for (const row of rows) {
      expect({ ...row, fields: [...row.fields].sort() }).toEqual({
        id: expect.any(String),
        request_id: rows[0].request_id,
        actor_role: 'affiliate',
        actor_subject: `processor:${partner.id}`,
        processor_id: partner.id,
        customer_id: row.customer_id,
        fields: ['email', 'fullName'],
        purpose_code: 'PERSONALIZATION',
        basis: 'CONSENT',
        basis_id: consentOf.get(row.customer_id),
      });
    }
  });

  it('keeps one row per customer however often the request reads the same field, and a new request id per request', async () => {
    const before = await lastPosition();
    const query = `query ($id: UUID!) { a: customer(id: $id) { email } b: customer(id: $id) { email fullName } }`;
    await app.graphql(query, { token: partnerToken, variables: { id: customers[0].id } });
    await app.graphql(query, { token: partnerToken, variables: { id: customers[0].id } });
    const rows = await eventsAfter(before);
    expect(rows.map((row) => [...row.fields].sort())).toEqual([
      ['email', 'fullName'],
      ['email', 'fullName'],
    ]);
    expect(rows[0].request_id).not.toBe(rows[1].request_id);
  });

  it("records the privacy officer's reads with basis PRIVACY_OFFICER, no processor and the stated purpose", async () => {
    const before = await lastPosition();
    const statements = await app.statements.during(() =>
      app.graphql(`{ customers(first: 10) { edges { node { email phone } } } }`, {
        token: officer,
        headers: { 'x-processing-purpose': 'RIGHTS_AND_PROPERTY_PROTECTION' },
      }),
    );
    expect(auditInserts(statements)).toHaveLength(1);
    const rows = await eventsAfter(before);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row).toMatchObject({
        actor_role: 'privacy_officer',
        actor_subject: 'test',
        processor_id: null,
        purpose_code: 'RIGHTS_AND_PROPERTY_PROTECTION',
        basis: 'PRIVACY_OFFICER',
        basis_id: null,
      });
      expect([...row.fields].sort()).toEqual(['email', 'phone']);
    }
  });

  it.each([
    ['staff, whose personal fields are all denied', () => staff, `{ customers(first: 10) { edges { node { id email fullName } } } }`],
    [
      'a recipient reading only a category it was not permitted',
      () => partnerToken,
      `{ customers(first: 10) { edges { node { id address { city } } } } }`,
    ],
    ['a recipient reading only non-personal fields', () => partnerToken, `{ customers(first: 10) { edges { node { id locale createdAt } } } }`],
  ])('writes nothing for %s', async (_case, token, query) => {
    const before = await lastPosition();
    const statements = await app.statements.during(async () => {
      const result = await app.graphql<{ customers: { edges: unknown[] } }>(query, { token: token() });
      expect(result.data?.customers.edges).toHaveLength(3);
    });
    expect(auditInserts(statements)).toEqual([]);
    expect(await eventsAfter(before)).toEqual([]);
  });

  it("writes nothing for the customer's own reads", async () => {
    const before = await lastPosition();
    const statements = await app.statements.during(async () => {
      const result = await app.graphql(`{ me { email phone fullName dateOfBirth address { city } } }`, {
        token: await app.customerToken(customers[1].id),
      });
      expect(result.errors).toBeUndefined();
      expect(result.data?.me).toMatchObject({ email: customers[1].email });
    });
    expect(auditInserts(statements)).toEqual([]);
    expect(await eventsAfter(before)).toEqual([]);
  });
});

describe('the append-only rule', () => {
  async function firstEvent(): Promise<Record<string, unknown>> {
    const [row] = (await app.dataSource.query(`SELECT * FROM audit_event ORDER BY id LIMIT 1`)) as Array<Record<string, unknown>>;
    return row;
  }

  it.each([
    ['UPDATE', `UPDATE audit_event SET fields = ARRAY['locale'] WHERE id = (SELECT min(id) FROM audit_event)`],
    ['DELETE', `DELETE FROM audit_event WHERE id = (SELECT min(id) FROM audit_event)`],
    ['TRUNCATE', `TRUNCATE audit_event`],
  ])("refuses %s of audit rows on the server's own connection", async (_operation, sql) => {
    const before = await firstEvent();
    const count = await eventCount();
    await expect(app.dataSource.query(sql)).rejects.toThrow(/audit_event is append-only/);
    expect(await firstEvent()).toEqual(before);
    expect(await eventCount()).toBe(count);
  });

  it.each(['UPDATE', 'DELETE', 'TRUNCATE'])("refuses %s of a month's partition named directly", async (operation) => {
    const [{ partition }] = (await app.dataSource.query(
      `SELECT tableoid::regclass::text AS partition FROM audit_event ORDER BY id LIMIT 1`,
    )) as Array<{ partition: string }>;
    const sql = {
      UPDATE: `UPDATE ${partition} SET fields = ARRAY['locale']`,
      DELETE: `DELETE FROM ${partition}`,
      TRUNCATE: `TRUNCATE ${partition}`,
    }[operation];
    const count = await eventCount();
    await expect(app.dataSource.query(sql!)).rejects.toThrow(new RegExp(`${partition} is append-only`));
    expect(await eventCount()).toBe(count);
  });
});

describe('when the audit log cannot be written', () => {
  async function breakAuditLog(): Promise<void> {
    await app.dataSource.query(`
      CREATE FUNCTION test_audit_unavailable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit storage unavailable'; END $$`);
    await app.dataSource.query(`
      CREATE TRIGGER test_audit_unavailable BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION test_audit_unavailable()`);
  }

  async function repairAuditLog(): Promise<void> {
    await app.dataSource.query(`DROP TRIGGER IF EXISTS test_audit_unavailable ON audit_event`);
    await app.dataSource.query(`DROP FUNCTION IF EXISTS test_audit_unavailable()`);
  }

  afterEach(repairAuditLog);

  const READ = `query ($id: UUID!) { customer(id: $id) { id email fullName } }`;

  it.each([
    ['a recipient', () => partnerToken],
    ['the privacy officer', () => officer],
  ])('answers 503 AUDIT_UNAVAILABLE and none of the data to %s; the same read works once the log is back', async (_who, token) => {
    const customer = customers[2];
    const before = await lastPosition();
    await breakAuditLog();
    const refused = await app.graphql(READ, { token: token(), variables: { id: customer.id } });
    expect(refused.status).toBe(503);
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors?.[0].extensions?.code).toBe('AUDIT_UNAVAILABLE');
    expect(refused.data).toBeUndefined();
    const body = JSON.stringify(refused);
    expect(body).not.toContain(customer.email);
    expect(body).not.toContain(customer.fullName);
    expect(await eventsAfter(before)).toEqual([]);

    await repairAuditLog();
    const answered = await app.graphql(READ, { token: token(), variables: { id: customer.id } });
    expect(answered.status).toBe(200);
    expect(answered.errors).toBeUndefined();
    expect(answered.data).toEqual({ customer: { id: customer.id, email: customer.email, fullName: customer.fullName } });
    expect((await eventsAfter(before)).map((row) => row.customer_id)).toEqual([customer.id]);
  });

  it('still answers a request that reads no personal data while the log is down', async () => {
    await breakAuditLog();
    const result = await app.graphql(`{ customers(first: 10) { totalCount } purposes { code } }`, { token: partnerToken });
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data).toMatchObject({ customers: { totalCount: 3 } });
  });

  it('leaves a log that seals and verifies intact, with every event written and none of the refused reads', async () => {
    await app.sealAuditLog();
    const result = await app.graphql<{ verifyAuditChain: { intact: boolean; checkedEvents: number; unsealedEvents: number } }>(
      `{ verifyAuditChain(full: true) { intact checkedEvents unsealedEvents } }`,
      { token: officer },
    );
    expect(result.data?.verifyAuditChain).toEqual({ intact: true, checkedEvents: await eventCount(), unsealedEvents: 0 });
  });
});

describe("the customer's access log", () => {
  const LOG = `{ me { accessLog { occurredAt actorRole processor { name } purpose { code } basis basisId fields } } }`;
  type LogEntry = {
    occurredAt: string;
    actorRole: string;
    processor: { name: string } | null;
    purpose: { code: string } | null;
    basis: string;
    basisId: string | null;
    fields: string[];
  };
  let customer: CustomerRow;
  let consent: string;
  let startedAt: number;

  beforeAll(async () => {
    customer = await insertCustomer(app.dataSource);
    consent = await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: partner.id });
    startedAt = Date.now();
    const read = async (token: string, selection: string) => {
      const result = await app.graphql(`query ($id: UUID!) { customer(id: $id) { ${selection} } }`, { token, variables: { id: customer.id } });
      expect(result.errors).toBeUndefined();
    };
    await read(partnerToken, 'email');
    await read(officer, 'dateOfBirth');
    await read(partnerToken, 'phone');
  });

  it('shows the customer who read their data, for what and on which basis, newest first', async () => {
    const result = await app.graphql<{ me: { accessLog: LogEntry[] } }>(LOG, { token: await app.customerToken(customer.id) });
    expect(result.errors).toBeUndefined();
    const log = result.data!.me.accessLog;
    expect(log.map(({ occurredAt: _occurredAt, ...entry }) => entry)).toEqual([
      {
        actorRole: 'affiliate',
        processor: { name: partner.name },
        purpose: { code: 'PERSONALIZATION' },
        basis: 'CONSENT',
        basisId: consent,
        fields: ['phone'],
      },
      { actorRole: 'privacy_officer', processor: null, purpose: null, basis: 'PRIVACY_OFFICER', basisId: null, fields: ['dateOfBirth'] },
      {
        actorRole: 'affiliate',
        processor: { name: partner.name },
        purpose: { code: 'PERSONALIZATION' },
        basis: 'CONSENT',
        basisId: consent,
        fields: ['email'],
      },
    ]);
    const times = log.map((entry) => Date.parse(entry.occurredAt));
    expect(times.every((time) => time >= startedAt - 1000 && time <= Date.now())).toBe(true);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('limits the log to the newest entries asked for', async () => {
    const result = await app.graphql<{ me: { accessLog: LogEntry[] } }>(`{ me { accessLog(first: 1) { fields } } }`, {
      token: await app.customerToken(customer.id),
    });
    expect(result.data?.me.accessLog).toEqual([{ fields: ['phone'] }]);
  });

  it("shows another customer none of this customer's reads", async () => {
    const other = await insertCustomer(app.dataSource);
    const result = await app.graphql<{ me: { accessLog: LogEntry[] } }>(LOG, { token: await app.customerToken(other.id) });
    expect(result.errors).toBeUndefined();
    expect(result.data?.me.accessLog).toEqual([]);
  });

  it('keeps the access log from a recipient and from staff', async () => {
    for (const token of [partnerToken, staff]) {
      const result = await app.graphql(`query ($id: UUID!) { customer(id: $id) { id accessLog { id } } }`, {
        token,
        variables: { id: customer.id },
      });
      expect(result.data).toEqual({ customer: { id: customer.id, accessLog: null } });
      expect(result.errors?.[0]).toMatchObject({ path: ['customer', 'accessLog'], extensions: { code: 'FORBIDDEN' } });
    }
  });
});
