import { randomUUID } from 'node:crypto';
import { getNamedType, isObjectType, parse } from 'graphql';
import { OperationCosts } from '../src/http/limits/query-cost';
import { buildBareSchema } from '../src/schema';
import { insertConsent, insertCustomer, insertProcessor } from './support/fixtures';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * Relay-complete connections (issue 14, https://relay.dev/graphql/connections.htm): every connection takes
 * `first`/`after` and `last`/`before`, and its PageInfo says hasNextPage, hasPreviousPage, startCursor and endCursor.
 * Reading backward gives the rows reading forward gives, in the same order, with the same sealed cursors, and no
 * other: a recipient reading backward meets only the customers it meets forward, and its flags count only those.
 */

let app: TestApp;
/** Signed in beforeAll; `latecomer` by the test that sets a scene of its own. */
const tokens: Record<'officer' | 'recipient' | 'otherRecipient' | 'latecomer' | 'staff', string> = {
  officer: '',
  recipient: '',
  otherRecipient: '',
  latecomer: '',
  staff: '',
};

const DAY = 24 * 3600 * 1000;
const START = Date.parse('2025-05-01T09:00:00.000Z');

interface Person {
  id: string;
  name: string;
}
/** Every customer, oldest first. */
const everyone: Person[] = [];
/** Oldest first, the customers the recipient sees; the others are another recipient's. */
const seen: Person[] = [];
const unseen: Person[] = [];
/** Privacy requests, oldest first. */
const requests: string[] = [];

/**
 * Names with distinct first letters (any collation sorts them as the test does), and whether the recipient sees each:
 * customers it does not see come before its first, between, and after its last.
 */
const SCENE: Array<[string, boolean]> = [
  ['Nigar', false],
  ['Farid', true],
  ['Sabina', false],
  ['Anar', true],
  ['Jalal', true],
  ['Ilaha', false],
  ['Vugar', true],
  ['Kamala', false],
];

beforeAll(async () => {
  app = await startTestApp();
  const recipient = await insertProcessor(app.dataSource);
  const other = await insertProcessor(app.dataSource);
  for (const [index, [name, seenByRecipient]] of SCENE.entries()) {
    const row = await insertCustomer(app.dataSource, { fullName: `${name} Aliyev`, email: `${name.toLowerCase()}@mail.az` });
    await app.dataSource.query(`UPDATE customer SET created_at = $2 WHERE id = $1`, [row.id, new Date(START + index * DAY)]);
    await insertConsent(app.dataSource, { customerId: row.id, purpose: 'PERSONALIZATION', processorId: seenByRecipient ? recipient.id : other.id });
    everyone.push({ id: row.id, name });
    (seenByRecipient ? seen : unseen).push({ id: row.id, name });
  }
  tokens.officer = await app.tokenFor('privacy_officer');
  tokens.staff = await app.tokenFor('staff');
  tokens.recipient = await app.affiliateToken(recipient.id, ['PERSONALIZATION']);
  tokens.otherRecipient = await app.affiliateToken(other.id, ['PERSONALIZATION']);
  for (const [index, person] of everyone.slice(0, 5).entries()) {
    const result = await app.graphql<{ submitPrivacyRequestForCustomer: { id: string } }>(
      `mutation ($input: AssistedPrivacyRequestInput!) { submitPrivacyRequestForCustomer(input: $input) { id } }`,
      { token: tokens.staff, variables: { input: { customerId: person.id, type: 'ACCESS', service: 'default', identityCheck: 'callback' } } },
    );
    const id = result.data!.submitPrivacyRequestForCustomer.id;
    await app.dataSource.query(`UPDATE privacy_request SET submitted_at = $2 WHERE id = $1`, [id, new Date(START + index * DAY)]);
    requests.push(id);
  }
});
afterAll(() => app?.close());

const ids = (people: Person[]) => people.map((person) => person.id);
const byName = () => ids([...everyone].sort((a, b) => a.name.localeCompare(b.name)));

/** One list to page through: a connection field, as one caller, in one order. */
interface List {
  /** The connection field's schema coordinate. */
  field: string;
  who: keyof typeof tokens;
  /** Further arguments, as GraphQL text. */
  args: string;
  /** The ids of the whole list, in order, as the scene was set. */
  expected: () => string[];
}

const LISTS: List[] = [
  { field: 'Query.customers', who: 'officer', args: '', expected: () => ids(everyone) },
  { field: 'Query.customers', who: 'officer', args: 'orderBy: { field: CREATED_AT, direction: DESC }', expected: () => ids(everyone).reverse() },
  { field: 'Query.customers', who: 'officer', args: 'orderBy: { field: FULL_NAME }', expected: byName },
  { field: 'Query.customers', who: 'officer', args: 'orderBy: { field: EMAIL, direction: DESC }', expected: () => byName().reverse() },
  { field: 'Query.customers', who: 'recipient', args: '', expected: () => ids(seen) },
  { field: 'Query.customers', who: 'recipient', args: 'orderBy: { field: CREATED_AT, direction: DESC }', expected: () => ids(seen).reverse() },
  { field: 'Query.privacyRequests', who: 'officer', args: '', expected: () => requests },
];

interface Connection {
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: Array<{ cursor: string; node: { id: string } }>;
}
type PageVariables = {
  first?: number;
  after?: string | null;
  last?: number;
  before?: string | null;
};

const EVERYTHING = 'pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }';

function pageQuery({ field, args }: List, selection = EVERYTHING): string {
  const name = field.split('.')[1];
  return `query ($first: Int, $after: String, $last: Int, $before: String) {
  page: ${name}(first: $first, after: $after, last: $last, before: $before${args === '' ? '' : `, ${args}`}) { ${selection} }
}`;
}

function ask(list: List, variables: PageVariables, selection?: string): Promise<GraphQLResponse<{ page: Connection | null }>> {
  return app.graphql<{ page: Connection | null }>(pageQuery(list, selection), { token: tokens[list.who], variables });
}

async function read(list: List, variables: PageVariables): Promise<Connection> {
  const result = await ask(list, variables);
  expect(result.errors).toBeUndefined();
  return result.data!.page!;
}

/** What a client sees of a page, cursors aside. */
function shape(page: Connection) {
  return { ids: page.edges.map((edge) => edge.node.id), hasPreviousPage: page.pageInfo.hasPreviousPage, hasNextPage: page.pageInfo.hasNextPage };
}

/** The pages of `size` a list is cut into: from the start, or (backward) from the end, where the short page is then first. */
function cutInto(list: string[], size: number, fromEnd: boolean): string[][] {
  const pages: string[][] = [];
  if (fromEnd) for (let end = list.length; end > 0; end -= size) pages.unshift(list.slice(Math.max(0, end - size), end));
  else for (let start = 0; start < list.length; start += size) pages.push(list.slice(start, start + size));
  return pages;
}

/** Pages of a walk, in list order: only the first has items before it, only the last none after it. */
function expectedWalk(pages: string[][]) {
  return pages.map((page, index) => ({ ids: page, hasPreviousPage: index > 0, hasNextPage: index < pages.length - 1 }));
}

function expectCursorsAtTheEdges(page: Connection): void {
  expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
  expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
}

const PAGE_SIZE = 3;

/** Forward with `first`/`after` from the start, each page after the last one's endCursor. */
async function walkForward(list: List): Promise<Connection[]> {
  const pages: Connection[] = [];
  let after: string | null = null;
  for (let page = 0; page <= list.expected().length; page += 1) {
    const connection = await read(list, { first: PAGE_SIZE, after });
    pages.push(connection);
    if (!connection.pageInfo.hasNextPage) return pages;
    after = connection.pageInfo.endCursor;
  }
  throw new Error('more pages than items');
}

/** Backward with `last`/`before` from the end, each page before the last one's startCursor; returned in list order. */
async function walkBackward(list: List): Promise<Connection[]> {
  const pages: Connection[] = [];
  let before: string | null = null;
  for (let page = 0; page <= list.expected().length; page += 1) {
    const connection = await read(list, { last: PAGE_SIZE, before });
    pages.unshift(connection);
    if (!connection.pageInfo.hasPreviousPage) return pages;
    before = connection.pageInfo.startCursor;
  }
  throw new Error('more pages than items');
}

/** The cursor the caller is issued for each item of the list. */
async function cursorsOf(list: List): Promise<(id: string) => string> {
  const whole = await read(list, { first: 100 });
  const cursors = new Map(whole.edges.map((edge) => [edge.node.id, edge.cursor]));
  return (id) => cursors.get(id)!;
}

describe('the schema', () => {
  it('gives every connection first, after, last and before, and PageInfo what Relay asks; each is paged below', async () => {
    const schema = await buildBareSchema();
    const connections: Array<{ field: string; args: string[] }> = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        const returned = getNamedType(field.type);
        if (isObjectType(returned) && 'edges' in returned.getFields() && 'pageInfo' in returned.getFields()) {
          connections.push({ field: `${type.name}.${field.name}`, args: field.args.map((arg) => arg.name) });
        }
      }
    }
    expect(connections.map(({ field }) => field).sort()).toEqual([...new Set(LISTS.map(({ field }) => field))].sort());
    for (const { args } of connections) expect(args).toEqual(expect.arrayContaining(['first', 'after', 'last', 'before']));
    const pageInfo = schema.getType('PageInfo');
    if (!isObjectType(pageInfo)) throw new Error('PageInfo is not an object type');
    const fields = pageInfo.getFields();
    expect(Object.fromEntries(Object.values(fields).map((field) => [field.name, String(field.type)]))).toEqual({
      hasNextPage: 'Boolean!',
      hasPreviousPage: 'Boolean!',
      startCursor: 'String',
      endCursor: 'String',
    });
  });
});

describe.each(LISTS)('$field as the $who ($args)', (list) => {
  it('walks forward with first/after: the list in order, each page flagged, its cursors those of its first and last edges', async () => {
    const pages = await walkForward(list);
    expect(pages.map(shape)).toEqual(expectedWalk(cutInto(list.expected(), PAGE_SIZE, false)));
    pages.forEach(expectCursorsAtTheEdges);
  });

  it('walks backward with last/before: the same rows in the same order, with the same cursors', async () => {
    const [forward, backward] = [await walkForward(list), await walkBackward(list)];
    expect(backward.map(shape)).toEqual(expectedWalk(cutInto(list.expected(), PAGE_SIZE, true)));
    backward.forEach(expectCursorsAtTheEdges);
    const edges = (pages: Connection[]) => pages.flatMap((page) => page.edges);
    expect(edges(backward)).toEqual(edges(forward));
  });

  it('flags exactly at both ends and in the middle, whichever cursor a page is read from', async () => {
    const all = list.expected();
    const n = all.length;
    expect(n).toBeGreaterThanOrEqual(4);
    const cursor = await cursorsOf(list);
    const page = async (variables: PageVariables) => shape(await read(list, variables));

    expect(await page({ first: 100 })).toEqual({ ids: all, hasPreviousPage: false, hasNextPage: false });
    expect(await page({ last: 100 })).toEqual({ ids: all, hasPreviousPage: false, hasNextPage: false });
    // Past either end: nothing, with the whole list on the other side.
    expect(await page({ first: 2, after: cursor(all[n - 1]) })).toEqual({ ids: [], hasPreviousPage: true, hasNextPage: false });
    expect(await page({ last: 2, before: cursor(all[0]) })).toEqual({ ids: [], hasPreviousPage: false, hasNextPage: true });
    // One item in from either end: the cursor's own item lies on the other side.
    expect(await page({ first: 1, after: cursor(all[0]) })).toEqual({ ids: [all[1]], hasPreviousPage: true, hasNextPage: true });
    expect(await page({ last: 1, before: cursor(all[n - 1]) })).toEqual({ ids: [all[n - 2]], hasPreviousPage: true, hasNextPage: true });
    // Up to the end from the middle, both ways.
    expect(await page({ first: 100, after: cursor(all[1]) })).toEqual({ ids: all.slice(2), hasPreviousPage: true, hasNextPage: false });
    expect(await page({ last: 100, before: cursor(all[n - 2]) })).toEqual({ ids: all.slice(0, n - 2), hasPreviousPage: false, hasNextPage: true });
    // Between two cursors: with `first`, whether more follow inside them; with `last`, whether more precede inside them.
    const between = { after: cursor(all[0]), before: cursor(all[n - 1]) };
    expect(await page({ first: 100, ...between })).toEqual({ ids: all.slice(1, n - 1), hasPreviousPage: true, hasNextPage: false });
    expect(await page({ last: 1, ...between })).toEqual({ ids: [all[n - 2]], hasPreviousPage: true, hasNextPage: true });
  });

  it('reads the page before a forward page from its endCursor, and the page after a backward page from its startCursor', async () => {
    const all = list.expected();
    const forward = await read(list, { first: 2 });
    expect(shape(await read(list, { last: 2, before: forward.pageInfo.endCursor }))).toEqual({
      ids: [all[0]],
      hasPreviousPage: false,
      hasNextPage: true,
    });
    const backward = await read(list, { last: 2 });
    expect(shape(await read(list, { first: 2, after: backward.pageInfo.startCursor }))).toEqual({
      ids: [all.at(-1)],
      hasPreviousPage: true,
      hasNextPage: false,
    });
  });

  it('refuses first and last together, and a last outside 1..100, before anything is read', async () => {
    const statements = await app.statements.during(async () => {
      const both = await ask(list, { first: 2, last: 2 });
      expect(both.data).toEqual({ page: null });
      expect(both.errors).toEqual([
        {
          message: 'Ask for `first` or for `last`, not both.',
          path: ['page'],
          locations: [{ line: 2, column: 3 }],
          extensions: { code: 'BAD_USER_INPUT', argumentName: 'last' },
        },
      ]);
    });
    expect(statements.filter((sql) => /\b(customer|privacy_request)\b/.test(sql))).toEqual([]);
    for (const last of [0, 101]) {
      const result = await ask(list, { last });
      expect(result.data?.page ?? null).toBeNull();
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('a cursor given as `before`', () => {
  const customers: List = { field: 'Query.customers', who: 'recipient', args: '', expected: () => ids(seen) };
  const handMade = (id: string) => Buffer.from(`v1:${id}`).toString('base64url');
  const REFUSAL = {
    message: 'The cursor is not one this API issued.',
    path: ['page'],
    locations: [{ line: 2, column: 3 }],
    extensions: { code: 'BAD_USER_INPUT', argumentName: 'before' },
  };

  it.each<[string, () => Promise<string>]>([
    [
      'another recipient was issued, for a customer it does not see',
      async () => (await cursorsOf({ ...customers, who: 'otherRecipient' }))(unseen[1].id),
    ],
    ['the privacy officer was issued, for a customer it sees', async () => (await cursorsOf({ ...customers, who: 'officer' }))(seen[2].id)],
    [
      'of its own, issued for the other order',
      async () => (await cursorsOf({ ...customers, args: 'orderBy: { field: CREATED_AT, direction: DESC }' }))(seen[2].id),
    ],
    ['made by hand from a customer it does not see', async () => handMade(unseen[1].id)],
    ['made by hand from a random id', async () => handMade(randomUUID())],
  ])('%s is refused from a recipient with the one answer, before any customer is read', async (_case, cursor) => {
    const before = await cursor();
    let result: GraphQLResponse<{ page: Connection | null }> | undefined;
    const statements = await app.statements.during(async () => {
      result = await ask(customers, { last: 2, before });
    });
    expect(result).toEqual({ status: 200, data: { page: null }, errors: [REFUSAL] });
    expect(statements.filter((sql) => /\bcustomer\b/.test(sql))).toEqual([]);
  });

  it('is refused on another list: a customers cursor on the privacy requests, and the other way round', async () => {
    const customerCursor = (await cursorsOf({ ...customers, who: 'officer' }))(everyone[2].id);
    const requestList: List = { field: 'Query.privacyRequests', who: 'officer', args: '', expected: () => requests };
    const requestCursor = (await cursorsOf(requestList))(requests[2]);
    expect(await ask(requestList, { last: 2, before: customerCursor })).toEqual({ status: 200, data: { page: null }, errors: [REFUSAL] });
    expect(await ask({ ...customers, who: 'officer' }, { last: 2, before: requestCursor })).toEqual({
      status: 200,
      data: { page: null },
      errors: [REFUSAL],
    });
  });
});

describe('a recipient paging backward', () => {
  const customers: List = { field: 'Query.customers', who: 'recipient', args: '', expected: () => ids(seen) };

  it('meets, from before each of its customers, exactly the customers it sees before that one, and none it does not see', async () => {
    const cursor = await cursorsOf(customers);
    for (const [index, person] of seen.entries()) {
      const page = await read(customers, { last: 100, before: cursor(person.id) });
      expect(shape(page)).toEqual({ ids: ids(seen.slice(0, index)), hasPreviousPage: false, hasNextPage: true });
      for (const other of unseen) expect(JSON.stringify(page)).not.toContain(other.id);
    }
  });

  it('is told of no item before its first customer nor after its last, though customers it does not see lie there', async () => {
    expect(everyone[0].id).toBe(unseen[0].id);
    expect(everyone.at(-1)!.id).toBe(unseen.at(-1)!.id);
    const cursor = await cursorsOf(customers);
    expect(shape(await read(customers, { last: 2, before: cursor(seen[0].id) }))).toEqual({ ids: [], hasPreviousPage: false, hasNextPage: true });
    expect(shape(await read(customers, { first: 2, after: cursor(seen.at(-1)!.id) }))).toEqual({
      ids: [],
      hasPreviousPage: true,
      hasNextPage: false,
    });
  });
});

describe('the flag on the side of the cursor', () => {
  it.each<[string, List]>([
    ['for the privacy officer', LISTS[0]],
    ['for a recipient', LISTS[4]],
  ])('costs one statement, only when a page read from a cursor selects it (%s)', async (_case, list) => {
    const after = (await cursorsOf(list))(list.expected()[1]);
    const statementsFor = (variables: PageVariables, selection: string) =>
      app.statements.during(async () => expect((await ask(list, variables, selection)).errors).toBeUndefined());
    const without = 'pageInfo { hasNextPage endCursor } edges { node { id } }';
    const withFlag = 'pageInfo { hasNextPage hasPreviousPage endCursor } edges { node { id } }';
    const twice = 'pageInfo { hasNextPage hasPreviousPage again: hasPreviousPage endCursor } edges { node { id } }';
    const fromCursor = (await statementsFor({ first: 2, after }, without)).length;
    expect((await statementsFor({ first: 2, after }, withFlag)).length).toBe(fromCursor + 1);
    expect((await statementsFor({ first: 2, after }, twice)).length).toBe(fromCursor + 1);
    const fromStart = (await statementsFor({ first: 2 }, without)).length;
    expect((await statementsFor({ first: 2 }, withFlag)).length).toBe(fromStart);
  });
});

describe('the cost of a page read backward', () => {
  it('is counted as for first: by `last`, its variable included, and by the default page size with neither', async () => {
    const costs = new OperationCosts(await buildBareSchema());
    const cost = (query: string, variables: Record<string, unknown> = {}) => costs.of(parse(query), undefined, variables);
    // 1 for the field, and per item: the edge, its node and the id.
    expect(cost('{ customers(last: 20) { edges { node { id } } } }')).toBe(61);
    expect(cost('{ customers(first: 20) { edges { node { id } } } }')).toBe(61);
    expect(cost('{ customers { edges { node { id } } } }')).toBe(61);
    const byVariable = 'query ($n: Int) { customers(last: $n) { edges { node { id } } } }';
    expect(cost(byVariable, { n: 20 })).toBe(61);
    expect(cost(byVariable, { n: 100 })).toBe(301);
  });
});

/**
 * A cursor keeps its place when its customer leaves the recipient's sight (test/paging-oracles.test.ts), and the flags
 * then answer for what the recipient sees now: the customer behind the cursor no longer counts. Runs last: it sets a
 * scene of its own.
 */
describe('flags read from a cursor whose customer has since left the recipient’s sight', () => {
  it('count only the customers it still sees, on either side', async () => {
    const processorId = (await insertProcessor(app.dataSource)).id;
    const mine: Person[] = [];
    for (const [index, name] of ['Leman', 'Mehriban', 'Orkhan'].entries()) {
      const row = await insertCustomer(app.dataSource, { fullName: `${name} Aliyev` });
      await app.dataSource.query(`UPDATE customer SET created_at = $2 WHERE id = $1`, [row.id, new Date(START + (SCENE.length + index) * DAY)]);
      await insertConsent(app.dataSource, { customerId: row.id, purpose: 'PERSONALIZATION', processorId });
      mine.push({ id: row.id, name });
    }
    const list: List = { field: 'Query.customers', who: 'latecomer', args: '', expected: () => ids(mine) };
    tokens.latecomer = await app.affiliateToken(processorId, ['PERSONALIZATION']);
    const cursor = await cursorsOf(list);
    const [first, , last] = mine;
    expect(shape(await read(list, { first: 10, after: cursor(first.id) }))).toMatchObject({ hasPreviousPage: true });
    expect(shape(await read(list, { last: 10, before: cursor(last.id) }))).toMatchObject({ hasNextPage: true });

    await app.dataSource.query(`UPDATE consent SET status = 'WITHDRAWN' WHERE processor_id = $1 AND customer_id = ANY($2)`, [
      processorId,
      [first.id, last.id],
    ]);
    const stillSeen = { ids: [mine[1].id], hasPreviousPage: false, hasNextPage: false };
    expect(shape(await read(list, { first: 10, after: cursor(first.id) }))).toEqual(stillSeen);
    expect(shape(await read(list, { last: 10, before: cursor(last.id) }))).toEqual(stillSeen);
  });
});
