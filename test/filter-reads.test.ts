import { randomUUID } from 'node:crypto';
import { insertCustomer, type CustomerRow } from './support/fixtures';
import { fulfilAccessRequest } from './support/privacy-requests';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * Issue 13, class 4: a filter or a sort on a personal field reads it. A match says what the value is, an order says
 * how values compare, so when the privacy officer's `customers` query filters or sorts on a personal field, every
 * customer the answer returns has had that field read, whatever the operation selects: the read is in the audit log,
 * in the customer's own access log and in their access export, like any other read by the officer.
 */

let app: TestApp;
let officer: string;
let staff: string;

const PAGE = `query ($first: Int!, $filter: CustomerFilter, $orderBy: CustomerOrder) {
  customers(first: $first, filter: $filter, orderBy: $orderBy) { edges { node { id } } }
}`;
const COUNTED_PAGE = `query ($first: Int!, $filter: CustomerFilter) {
  customers(first: $first, filter: $filter) { totalCount edges { node { id } } }
}`;
const ACCESS_LOG = `{ me { accessLog { actorRole basis basisId fields } } }`;

type Page = { customers: { totalCount?: number; edges: Array<{ node: { id: string } }> } | null };
interface AuditRow {
  actor_role: string;
  basis: string;
  basis_id: string | null;
  fields: string[];
}

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.tokenFor('privacy_officer');
  staff = await app.tokenFor('staff');
});
afterAll(() => app.close());

/**
 * An instant on the database's clock after every customer inserted so far and before every customer inserted next:
 * the millisecond after the clock's reading (the API takes milliseconds), with that millisecond let pass.
 */
async function databaseNow(): Promise<string> {
  const [{ now }] = (await app.dataSource.query(`SELECT clock_timestamp() AS now`)) as Array<{ now: Date }>;
  const since = new Date(now.getTime() + 1);
  await new Promise((resolve) => setTimeout(resolve, 5));
  return since.toISOString();
}

async function auditRowsOf(customerId: string): Promise<AuditRow[]> {
  return (await app.dataSource.query(`SELECT actor_role, basis, basis_id, fields FROM audit_event WHERE customer_id = $1 ORDER BY id`, [
    customerId,
  ])) as AuditRow[];
}

async function accessLogOf(customerId: string) {
  const result = await app.graphql<{ me: { accessLog: Array<Record<string, unknown>> } }>(ACCESS_LOG, {
    token: await app.customerToken(customerId),
  });
  expect(result.errors).toBeUndefined();
  return result.data!.me.accessLog;
}

function idsOf(result: GraphQLResponse<Page>): string[] {
  expect(result.errors).toBeUndefined();
  return result.data?.customers?.edges.map((edge) => edge.node.id) ?? [];
}

/** A word no other customer's email or name holds, so that a filter on it matches only this test's customers. */
const uniqueWord = () => `w${randomUUID().slice(0, 8)}`;

const officerRead = (fields: string[]) => ({ actor_role: 'privacy_officer', basis: 'PRIVACY_OFFICER', basis_id: null, fields });

describe('a filter on a personal field, with only the id selected', () => {
  it.each([
    ['emailContains', 'email', (word: string) => ({ email: `${word}@mail.az` }), (word: string) => ({ emailContains: word })],
    ['fullNameContains', 'fullName', (word: string) => ({ fullName: `Aysel ${word}` }), (word: string) => ({ fullNameContains: word })],
  ])('records %s as a read of %s for each customer it returns, and for no other', async (_filter, field, holding, filterOn) => {
    const word = uniqueWord();
    const matched = await insertCustomer(app.dataSource, holding(word));
    const other = await insertCustomer(app.dataSource);

    const result = await app.graphql<Page>(PAGE, { token: officer, variables: { first: 10, filter: filterOn(word) } });

    expect(idsOf(result)).toEqual([matched.id]);
    expect(await auditRowsOf(matched.id)).toEqual([officerRead([field])]);
    expect(await accessLogOf(matched.id)).toEqual([{ actorRole: 'privacy_officer', basis: 'PRIVACY_OFFICER', basisId: null, fields: [field] }]);
    expect(await auditRowsOf(other.id)).toEqual([]);
    expect(await accessLogOf(other.id)).toEqual([]);
  });

  it('records country as a read of the address', async () => {
    const since = await databaseNow();
    const inGeorgia = await insertCustomer(app.dataSource, { country: 'GE' });
    const inAzerbaijan = await insertCustomer(app.dataSource, { country: 'AZ' });

    const result = await app.graphql<Page>(PAGE, { token: officer, variables: { first: 10, filter: { createdAfter: since, country: 'GE' } } });

    expect(idsOf(result)).toEqual([inGeorgia.id]);
    expect(await auditRowsOf(inGeorgia.id)).toEqual([officerRead(['address'])]);
    expect(await auditRowsOf(inAzerbaijan.id)).toEqual([]);
  });

  it('merges the fields filtered on with the fields selected: one event per customer in the request', async () => {
    const word = uniqueWord();
    const customer = await insertCustomer(app.dataSource, { email: `${word}@mail.az` });

    const result = await app.graphql<{ customers: { edges: Array<{ node: { fullName: string } }> } }>(
      `query ($filter: CustomerFilter) { customers(first: 10, filter: $filter, orderBy: { field: FULL_NAME }) { edges { node { fullName } } } }`,
      { token: officer, variables: { filter: { emailContains: word } } },
    );

    expect(result.errors).toBeUndefined();
    expect(result.data?.customers.edges).toEqual([{ node: { fullName: customer.fullName } }]);
    const rows = await auditRowsOf(customer.id);
    expect(rows).toHaveLength(1);
    expect([...rows[0].fields].sort()).toEqual(['email', 'fullName']);
  });

  it('records the customers of the page, not the matches the total only counts', async () => {
    const word = uniqueWord();
    const first = await insertCustomer(app.dataSource, { email: `a.${word}@mail.az` });
    const second = await insertCustomer(app.dataSource, { email: `b.${word}@mail.az` });

    const result = await app.graphql<Page>(COUNTED_PAGE, { token: officer, variables: { first: 1, filter: { emailContains: word } } });

    expect(idsOf(result)).toEqual([first.id]);
    expect(result.data?.customers?.totalCount).toBe(2);
    expect(await auditRowsOf(first.id)).toEqual([officerRead(['email'])]);
    expect(await auditRowsOf(second.id)).toEqual([]);
  });
});

describe('a sort on a personal field', () => {
  it.each([
    ['FULL_NAME', 'fullName'],
    ['EMAIL', 'email'],
  ])('records a sort by %s as a read of %s for each customer of the page, not for those after it', async (sortField, field) => {
    const since = await databaseNow();
    const word = uniqueWord();
    const named = (letter: string) => insertCustomer(app.dataSource, { fullName: `${letter} ${word}`, email: `${letter}.${word}@mail.az` });
    // Created in the reverse of their order, so that the page is the sort's and not the creation order's.
    const after = await named('c');
    const second = await named('b');
    const page: CustomerRow[] = [await named('a'), second];

    const result = await app.graphql<Page>(PAGE, {
      token: officer,
      variables: { first: 2, filter: { createdAfter: since }, orderBy: { field: sortField } },
    });

    expect(idsOf(result)).toEqual(page.map((customer) => customer.id));
    for (const customer of page) {
      expect(await auditRowsOf(customer.id)).toEqual([officerRead([field])]);
      expect(await accessLogOf(customer.id)).toEqual([{ actorRole: 'privacy_officer', basis: 'PRIVACY_OFFICER', basisId: null, fields: [field] }]);
    }
    expect(await auditRowsOf(after.id)).toEqual([]);
  });

  it('records nothing for an erased customer it orders: no value is left to read', async () => {
    const since = await databaseNow();
    const erased = await insertCustomer(app.dataSource);
    await app.dataSource.query(
      `UPDATE customer SET erased_at = now(), email = NULL, phone = NULL, full_name = NULL, date_of_birth = NULL,
         address_street = NULL, address_city = NULL, address_postal_code = NULL, address_country = NULL
       WHERE id = $1`,
      [erased.id],
    );
    const held = await insertCustomer(app.dataSource);

    const result = await app.graphql<Page>(PAGE, {
      token: officer,
      variables: { first: 10, filter: { createdAfter: since }, orderBy: { field: 'FULL_NAME' } },
    });

    // An erased customer has no name left: it sorts first, as the empty name.
    expect(idsOf(result)).toEqual([erased.id, held.id]);
    expect(await auditRowsOf(erased.id)).toEqual([]);
    expect(await auditRowsOf(held.id)).toEqual([officerRead(['fullName'])]);
  });
});

describe('what is not a read of personal data', () => {
  it('records nothing for a filter and sort on non-personal fields', async () => {
    const since = await databaseNow();
    const customer = await insertCustomer(app.dataSource);

    const result = await app.graphql<Page>(PAGE, {
      token: officer,
      variables: { first: 10, filter: { createdAfter: since, locale: 'AZ', erased: false }, orderBy: { field: 'CREATED_AT', direction: 'DESC' } },
    });

    expect(idsOf(result)).toEqual([customer.id]);
    expect(await auditRowsOf(customer.id)).toEqual([]);
  });

  it('still refuses staff a filter on a personal field, recording nothing', async () => {
    const word = uniqueWord();
    const customer = await insertCustomer(app.dataSource, { email: `${word}@mail.az` });

    const result = await app.graphql<Page>(PAGE, { token: staff, variables: { first: 10, filter: { emailContains: word } } });

    expect(result.data).toEqual({ customers: null });
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['PERSONAL_FILTER_FORBIDDEN']);
    expect(await auditRowsOf(customer.id)).toEqual([]);
  });
});

describe('when the read a filter makes cannot be recorded', () => {
  afterEach(async () => {
    await app.dataSource.query(`DROP TRIGGER IF EXISTS test_audit_unavailable ON audit_event`);
    await app.dataSource.query(`DROP FUNCTION IF EXISTS test_audit_unavailable()`);
  });

  it('answers 503 AUDIT_UNAVAILABLE and none of the customers, though only ids were selected', async () => {
    const word = uniqueWord();
    const customer = await insertCustomer(app.dataSource, { email: `${word}@mail.az` });
    await app.dataSource.query(`CREATE FUNCTION test_audit_unavailable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit storage unavailable'; END $$`);
    await app.dataSource.query(
      `CREATE TRIGGER test_audit_unavailable BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION test_audit_unavailable()`,
    );

    const result = await app.graphql<Page>(PAGE, { token: officer, variables: { first: 10, filter: { emailContains: word } } });

    expect(result.status).toBe(503);
    expect(result.data).toBeUndefined();
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['AUDIT_UNAVAILABLE']);
    expect(JSON.stringify(result)).not.toContain(customer.id);
    expect(await auditRowsOf(customer.id)).toEqual([]);
  });
});

describe("the customer's access export", () => {
  it("lists the officer's filter on the email as a read of the email", async () => {
    const word = uniqueWord();
    const customer = await insertCustomer(app.dataSource, { email: `${word}@mail.az` });
    expect(idsOf(await app.graphql<Page>(PAGE, { token: officer, variables: { first: 10, filter: { emailContains: word } } }))).toEqual([
      customer.id,
    ]);

    const { document, readable } = await fulfilAccessRequest(app, officer, customer.id);

    expect(document.accessLog).toEqual([expect.objectContaining({ readBy: 'privacy_officer', basis: 'PRIVACY_OFFICER', fields: ['email'] })]);
    expect(readable).toMatch(/privacy_officer read email for/);
  });
});
