import { randomUUID } from 'node:crypto';
import { insertConsent, insertCustomer, insertProcessor } from './support/fixtures';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * Paging inputs are not oracles (issue 13, class 3): a cursor is honoured only when this API issued it for the
 * same list, the same caller's visibility and the same order, and anything else is refused with one answer
 * before any row is looked up, so no cursor can tell an existing customer the caller may not see from a random
 * id, or place one in time. Pages, `hasNextPage` and `totalCount` count only what the caller may see.
 */

let app: TestApp;
let recipient: string;
let otherRecipient: string;
let staff: string;
let officer: string;

const DAY = 24 * 3600 * 1000;
const START = Date.parse('2025-03-01T09:00:00.000Z');

interface Person {
  id: string;
  name: string;
  createdAt: number;
}

/** Every customer in the database, oldest first: what the privacy officer and staff page through. */
const everyone: Person[] = [];
/** In page order, the customers each recipient may see. */
const seenBy: Record<'recipient' | 'otherRecipient', Person[]> = { recipient: [], otherRecipient: [] };
let invisibleToRecipient: Person;

type Link = 'consent' | 'other-consent' | 'live-disclosure' | 'expired-disclosure' | 'withdrawn-consent' | 'company-consent';

/** Names with distinct first letters, so that any collation sorts them the same way as the test does. */
const SCENE: Array<[string, Link[]]> = [
  ['Kamran', ['consent']],
  ['Elnur', ['other-consent']],
  ['Zeynab', ['live-disclosure']],
  ['Bahar', ['expired-disclosure']],
  ['Orxan', ['consent', 'other-consent']],
  // The recipient's last customer is followed by customers it does not see.
  ['Rauf', ['withdrawn-consent']],
  ['Gunel', ['other-consent']],
  ['Tural', ['company-consent']],
];

async function addCustomer(name: string, index: number): Promise<Person> {
  const row = await insertCustomer(app.dataSource, { fullName: `${name} Quliyev`, email: `${name.toLowerCase()}@mail.az` });
  const createdAt = START + index * DAY;
  await app.dataSource.query(`UPDATE customer SET created_at = $2 WHERE id = $1`, [row.id, new Date(createdAt)]);
  const person = { id: row.id, name, createdAt };
  everyone.push(person);
  return person;
}

async function link(customerId: string, kind: Link, processorId: string, otherProcessorId: string): Promise<void> {
  const consent = (processor: string | null) => insertConsent(app.dataSource, { customerId, purpose: 'PERSONALIZATION', processorId: processor });
  if (kind === 'consent') await consent(processorId);
  if (kind === 'other-consent') await consent(otherProcessorId);
  if (kind === 'company-consent') await consent(null);
  if (kind === 'withdrawn-consent') {
    await app.dataSource.query(`UPDATE consent SET status = 'WITHDRAWN' WHERE id = $1`, [await consent(processorId)]);
  }
  if (kind === 'live-disclosure' || kind === 'expired-disclosure') {
    const ago = kind === 'expired-disclosure' ? "now() - interval '2 days'" : 'now()';
    const until = kind === 'expired-disclosure' ? "now() - interval '1 day'" : "now() + interval '30 days'";
    await app.dataSource.query(
      `INSERT INTO disclosure (ground, reference, processor_id, customer_id, categories, justification, expires_at, hidden_from_customer, hidden_reason, created_by, created_at)
       VALUES ('LEGAL_OBLIGATION', 'order-7', $1, $2, '{contact}', 'court order', ${until}, true, 'investigation', 'privacy_officer:test', ${ago})`,
      [processorId, customerId],
    );
  }
}

beforeAll(async () => {
  app = await startTestApp();
  const processor = await insertProcessor(app.dataSource);
  const other = await insertProcessor(app.dataSource);
  for (const [index, [name, links]] of SCENE.entries()) {
    const person = await addCustomer(name, index);
    for (const kind of links) await link(person.id, kind, processor.id, other.id);
    if (links.some((kind) => kind === 'consent' || kind === 'live-disclosure')) seenBy.recipient.push(person);
    if (links.includes('other-consent')) seenBy.otherRecipient.push(person);
  }
  invisibleToRecipient = everyone.find((person) => person.name === 'Elnur')!;
  recipient = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
  otherRecipient = await app.affiliateToken(other.id, ['PERSONALIZATION']);
  staff = await app.tokenFor('staff');
  officer = await app.tokenFor('privacy_officer');
});
afterAll(() => app.close());

interface CustomerPage {
  customers: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: Array<{ cursor: string; node: { id: string } }>;
  } | null;
}
type Order = { field: 'CREATED_AT' | 'EMAIL' | 'FULL_NAME'; direction: 'ASC' | 'DESC' };

const CUSTOMERS = `query ($first: Int!, $after: String, $orderBy: CustomerOrder) {
  customers(first: $first, after: $after, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } }
  }
}`;

function customers(token: string, variables: { first: number; after?: string | null; orderBy?: Order }): Promise<GraphQLResponse<CustomerPage>> {
  return app.graphql<CustomerPage>(CUSTOMERS, { token, variables });
}

/** Every id the caller pages through, `first` at a time, following each page's endCursor. */
async function walk(token: string, first: number, orderBy?: Order): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page <= everyone.length; page += 1) {
    const result: GraphQLResponse<CustomerPage> = await customers(token, { first, after, orderBy });
    expect(result.errors).toBeUndefined();
    const connection = result.data!.customers!;
    seen.push(...connection.edges.map((edge) => edge.node.id));
    if (!connection.pageInfo.hasNextPage) return seen;
    after = connection.pageInfo.endCursor;
  }
  throw new Error('more pages than customers');
}

/** The cursor the caller was issued for `person`, reading one customer at a time from the start. */
async function issuedCursorFor(token: string, person: Person, orderBy?: Order): Promise<string> {
  let after: string | null = null;
  for (let page = 0; page < everyone.length; page += 1) {
    const result: GraphQLResponse<CustomerPage> = await customers(token, { first: 1, after, orderBy });
    const edge = result.data!.customers!.edges[0];
    if (edge.node.id === person.id) return edge.cursor;
    after = edge.cursor;
  }
  throw new Error(`${person.name} is not on this caller's pages`);
}

/** A cursor of the form this API issued before cursors were sealed: the id alone. */
const handMade = (id: string) => Buffer.from(`v1:${id}`).toString('base64url');

/** The cursor with the id it holds replaced, as someone who decoded it would try. */
function withIdReplaced(cursor: string, from: string, to: string): string {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  expect(decoded).toContain(from);
  return Buffer.from(decoded.replace(from, to)).toString('base64url');
}

/** One character of the cursor changed. */
function withOneCharacterChanged(cursor: string): string {
  const at = Math.floor(cursor.length / 2);
  return `${cursor.slice(0, at)}${cursor[at] === 'A' ? 'B' : 'A'}${cursor.slice(at + 1)}`;
}

const REFUSAL = {
  message: 'The cursor is not one this API issued.',
  path: ['customers'],
  extensions: { code: 'BAD_USER_INPUT', argumentName: 'after' },
};

describe("a recipient's cursor", () => {
  it.each<[string, () => Promise<{ after: string; orderBy?: Order }>]>([
    ['made by hand from a customer it may not see', async () => ({ after: handMade(invisibleToRecipient.id) })],
    ['made by hand from a random id', async () => ({ after: handMade(randomUUID()) })],
    ['another recipient was issued', async () => ({ after: await issuedCursorFor(otherRecipient, invisibleToRecipient) })],
    ['staff were issued', async () => ({ after: await issuedCursorFor(staff, invisibleToRecipient) })],
    [
      'of its own with the id of a customer it may not see put in',
      async () => ({ after: withIdReplaced(await issuedCursorFor(recipient, seenBy.recipient[0]), seenBy.recipient[0].id, invisibleToRecipient.id) }),
    ],
    [
      'of its own with the id of a random customer put in',
      async () => ({ after: withIdReplaced(await issuedCursorFor(recipient, seenBy.recipient[0]), seenBy.recipient[0].id, randomUUID()) }),
    ],
    [
      'of its own with one character changed',
      async () => ({ after: withOneCharacterChanged(await issuedCursorFor(recipient, seenBy.recipient[0])) }),
    ],
    [
      'of its own, issued for the other direction',
      async () => ({ after: await issuedCursorFor(recipient, seenBy.recipient[0]), orderBy: { field: 'CREATED_AT', direction: 'DESC' } }),
    ],
  ])('%s is refused with the one answer, before any customer is read', async (_case, cursor) => {
    const { after, orderBy } = await cursor();
    let result: GraphQLResponse<CustomerPage> | undefined;
    const statements = await app.statements.during(async () => {
      result = await customers(recipient, { first: 5, after, orderBy });
    });
    expect(result).toEqual({ status: 200, data: { customers: null }, errors: [expect.objectContaining(REFUSAL)] });
    expect(result!.errors![0]).toEqual({ ...REFUSAL, locations: [{ line: 2, column: 3 }] });
    expect(statements.filter((sql) => /\bcustomer\b/.test(sql))).toEqual([]);
  });

  it('it was issued keeps paging, one customer at a time, both ways', async () => {
    const ids = seenBy.recipient.map((person) => person.id);
    expect(await walk(recipient, 1)).toEqual(ids);
    expect(await walk(recipient, 1, { field: 'CREATED_AT', direction: 'DESC' })).toEqual([...ids].reverse());
    expect(await walk(otherRecipient, 2)).toEqual(seenBy.otherRecipient.map((person) => person.id));
  });

  it('is not on the last page it sees when only customers it may not see follow: no next page, and a total of what it sees', async () => {
    const ids = seenBy.recipient.map((person) => person.id);
    const whole = await customers(recipient, { first: ids.length });
    expect(whole.data?.customers).toMatchObject({ totalCount: ids.length, pageInfo: { hasNextPage: false } });
    expect(whole.data?.customers?.edges.map((edge) => edge.node.id)).toEqual(ids);

    const last = await customers(recipient, { first: 10, after: await issuedCursorFor(recipient, seenBy.recipient.at(-2)!) });
    expect(last.data?.customers).toMatchObject({ totalCount: ids.length, pageInfo: { hasNextPage: false } });
    expect(last.data?.customers?.edges.map((edge) => edge.node.id)).toEqual(ids.slice(-1));

    const past = await customers(recipient, { first: 10, after: last.data?.customers?.pageInfo.endCursor });
    expect(past.data?.customers).toEqual({ totalCount: ids.length, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] });
  });
});

describe('staff and the privacy officer page in every order they may use', () => {
  const byCreation = () => [...everyone].sort((a, b) => a.createdAt - b.createdAt);
  const byName = () => [...everyone].sort((a, b) => a.name.localeCompare(b.name));
  const orders: Array<[Order, () => Person[]]> = [
    [{ field: 'CREATED_AT', direction: 'ASC' }, byCreation],
    [{ field: 'CREATED_AT', direction: 'DESC' }, () => byCreation().reverse()],
    [{ field: 'EMAIL', direction: 'ASC' }, byName],
    [{ field: 'EMAIL', direction: 'DESC' }, () => byName().reverse()],
    [{ field: 'FULL_NAME', direction: 'ASC' }, byName],
    [{ field: 'FULL_NAME', direction: 'DESC' }, () => byName().reverse()],
  ];

  it.each(orders)('the privacy officer walks every customer once by %o', async (orderBy, expected) => {
    expect(await walk(officer, 3, orderBy)).toEqual(expected().map((person) => person.id));
  });

  it.each(orders.slice(0, 2))('staff walk every customer once by %o', async (orderBy, expected) => {
    expect(await walk(staff, 3, orderBy)).toEqual(expected().map((person) => person.id));
  });

  it("refuses the officer's cursor for one order in another", async () => {
    const after = await issuedCursorFor(officer, everyone[2], { field: 'EMAIL', direction: 'ASC' });
    const result = await customers(officer, { first: 3, after, orderBy: { field: 'FULL_NAME', direction: 'ASC' } });
    expect(result.data).toEqual({ customers: null });
    expect(result.errors?.[0]).toMatchObject(REFUSAL);
  });
});

describe('privacy requests', () => {
  interface RequestPage {
    privacyRequests: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: Array<{ node: { id: string } }>;
    } | null;
  }
  const REQUESTS = `query ($first: Int!, $after: String) {
    privacyRequests(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } }
  }`;
  const submitted: string[] = [];

  beforeAll(async () => {
    for (const [index, person] of everyone.slice(0, 4).entries()) {
      const result = await app.graphql<{ submitPrivacyRequestForCustomer: { id: string } }>(
        `mutation ($input: AssistedPrivacyRequestInput!) { submitPrivacyRequestForCustomer(input: $input) { id } }`,
        { token: staff, variables: { input: { customerId: person.id, type: 'ACCESS', service: 'default', identityCheck: 'callback' } } },
      );
      const id = result.data!.submitPrivacyRequestForCustomer.id;
      await app.dataSource.query(`UPDATE privacy_request SET submitted_at = $2 WHERE id = $1`, [id, new Date(START + index * DAY)]);
      submitted.push(id);
    }
  });

  async function walkRequests(): Promise<string[]> {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page <= submitted.length; page += 1) {
      const result: GraphQLResponse<RequestPage> = await app.graphql<RequestPage>(REQUESTS, { token: officer, variables: { first: 1, after } });
      expect(result.errors).toBeUndefined();
      const connection = result.data!.privacyRequests!;
      expect(connection.totalCount).toBe(submitted.length);
      seen.push(...connection.edges.map((edge) => edge.node.id));
      if (!connection.pageInfo.hasNextPage) return seen;
      after = connection.pageInfo.endCursor;
    }
    throw new Error('more pages than requests');
  }

  it('the privacy officer pages through every request once, oldest first, with the cursors issued', async () => {
    expect(await walkRequests()).toEqual(submitted);
  });

  it.each<[string, () => Promise<string>]>([
    ['made by hand from an existing request', async () => handMade(submitted[1])],
    ['made by hand from a random id', async () => handMade(randomUUID())],
    ['issued for the customers list', async () => issuedCursorFor(officer, everyone[1])],
    [
      'with one character changed',
      async () => {
        const first = await app.graphql<RequestPage>(REQUESTS, { token: officer, variables: { first: 1 } });
        return withOneCharacterChanged(first.data!.privacyRequests!.pageInfo.endCursor!);
      },
    ],
  ])('refuses a cursor %s with the one answer', async (_case, cursor) => {
    const result = await app.graphql<RequestPage>(REQUESTS, { token: officer, variables: { first: 2, after: await cursor() } });
    expect(result.data).toEqual({ privacyRequests: null });
    expect(result.errors).toEqual([{ ...REFUSAL, path: ['privacyRequests'], locations: [{ line: 2, column: 5 }] }]);
  });
});

/**
 * A cursor holds a position the caller was shown. When that customer later leaves the caller's sight (consent
 * withdrawn, or erased), the next page still starts after it: refusing the cursor, or starting elsewhere, would
 * be the new fact ("this customer withdrew"), while continuing tells nothing the first page had not.
 * Runs last: it changes customers the other tests page through.
 */
describe('a cursor for a customer who has since left the recipient’s sight', () => {
  let processorId: string;
  let token: string;
  const mine: Person[] = [];

  beforeAll(async () => {
    processorId = (await insertProcessor(app.dataSource)).id;
    for (const name of ['Ulvi', 'Xalid', 'Yasin', 'Vusal']) {
      const person = await addCustomer(name, everyone.length);
      await link(person.id, 'consent', processorId, processorId);
      mine.push(person);
    }
    token = await app.affiliateToken(processorId, ['PERSONALIZATION']);
  });

  async function completeErasure(customerId: string): Promise<void> {
    const submitted = await app.graphql<{ submitPrivacyRequestForCustomer: { id: string } }>(
      `mutation ($input: AssistedPrivacyRequestInput!) { submitPrivacyRequestForCustomer(input: $input) { id } }`,
      { token: staff, variables: { input: { customerId, type: 'ERASURE', service: 'default', identityCheck: 'callback' } } },
    );
    const id = submitted.data!.submitPrivacyRequestForCustomer.id;
    for (const step of ['assignPrivacyRequest', 'completePrivacyRequest']) {
      const result = await app.graphql(`mutation ($id: UUID!) { ${step}(id: $id) { id } }`, { token: officer, variables: { id } });
      expect(result.errors).toBeUndefined();
    }
  }

  it('still continues after it, and counts only who is still seen', async () => {
    const first = await issuedCursorFor(token, mine[0]);
    const second = await issuedCursorFor(token, mine[1]);

    const withdrawn = await app.graphql(
      `mutation ($processorId: UUID) { withdrawConsent(purpose: PERSONALIZATION, processorId: $processorId) { status } }`,
      { token: await app.customerToken(mine[0].id), variables: { processorId } },
    );
    expect(withdrawn.data).toEqual({ withdrawConsent: { status: 'WITHDRAWN' } });
    await completeErasure(mine[1].id);
    const [{ erased }] = await app.dataSource.query(`SELECT erased_at IS NOT NULL AS erased FROM customer WHERE id = $1`, [mine[1].id]);
    expect(erased).toBe(true);

    const stillSeen = [mine[2].id, mine[3].id];
    for (const after of [first, second]) {
      const result = await customers(token, { first: 10, after });
      expect(result.errors).toBeUndefined();
      expect(result.data?.customers).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: false } });
      expect(result.data?.customers?.edges.map((edge) => edge.node.id)).toEqual(stillSeen);
    }
  });
});
