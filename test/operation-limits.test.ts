import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getIntrospectionQuery, Kind, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { DEFAULT_EDGE_SETTINGS } from '../src/http/edge-settings';
import { DEFAULT_OPERATION_LIMITS, operationLimitChecker, type OperationLimits } from '../src/http/limits/operation-limits';
import { buildBareSchema } from '../src/schema';
import { insertCustomer } from './support/fixtures';
import { startTestApp, TEST_EDGE, type TestApp } from './support/test-app';

/** Operation limits: refused before execution with OPERATION_LIMIT_EXCEEDED at the boundary, legitimate shapes admitted. */

/** Small limits, so that each boundary is a short document. */
const SMALL: OperationLimits = { maxTokens: 60, maxOperations: 2, maxDepth: 4, maxAliases: 3, maxDirectives: 2, maxCost: 61 };

/** Every field of a customer and of its consents, their purposes, recipients and history. */
const EVERY_CUSTOMER_FIELD = `
  id createdAt updatedAt locale erasedAt email phone fullName dateOfBirth
  address { street city postalCode country }
  consents {
    id status statusChangedAt source policyVersion receipt
    purpose { code consentRequired policySection title { az en } description { az en } }
    recipient { id name kind country active trusted }
    history { id status source policyVersion occurredAt evidence }
  }`;

const LARGEST_PAGE = `query LargestPage {
  customers(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${EVERY_CUSTOMER_FIELD} } } }
}`;

let app: TestApp;
let defaults: TestApp;
let staff: string;
let officer: string;

beforeAll(async () => {
  app = await startTestApp({ edge: { ...TEST_EDGE, operations: SMALL } });
  defaults = await startTestApp();
  await insertCustomer(app.dataSource);
  await insertCustomer(defaults.dataSource);
  staff = await app.tokenFor('staff');
  officer = await defaults.tokenFor('privacy_officer');
});
afterAll(async () => {
  await app.close();
  await defaults.close();
});

async function expectLimit(query: string, limit: string, variables?: Record<string, unknown>) {
  const result = await app.graphql(query, { token: staff, variables });
  expect(result.status).toBe(400);
  expect(result.data).toBeUndefined();
  expect(result.errors).toHaveLength(1);
  expect(result.errors?.[0].extensions).toEqual({ code: 'OPERATION_LIMIT_EXCEEDED', limit });
  return result.errors?.[0].message;
}

async function expectAdmitted(query: string, variables?: Record<string, unknown>) {
  const result = await app.graphql(query, { token: staff, variables });
  expect(result.errors).toBeUndefined();
  expect(result.status).toBe(200);
}

describe('each limit at its boundary', () => {
  it('cost: customers(first: 20) { edges { node { id } } } costs 1 + 20 × 3 = 61, admitted; one field more per node is 81, refused', async () => {
    await expectAdmitted('{ customers(first: 20) { edges { node { id } } } }');
    expect(await expectLimit('{ customers(first: 20) { edges { node { id createdAt } } } }', 'cost')).toBe('Cost limit of 61 exceeded, found 81.');
  });

  it('cost is computed with the variables: the same document with first: $n admitted at 20 and refused at 21', async () => {
    const query = 'query ($n: Int!) { customers(first: $n) { edges { node { id } } } }';
    await expectAdmitted(query, { n: 20 });
    await expectLimit(query, 'cost', { n: 21 });
  });

  it('costs are remembered per document by the variables they depend on: an @include variable changes the cost, a cursor does not', async () => {
    const query =
      'query ($with: Boolean!, $after: String) { customers(first: 20, after: $after) { edges { node { id createdAt @include(if: $with) } } } }';
    await expectAdmitted(query, { with: false });
    await expectLimit(query, 'cost', { with: true });
    await expectAdmitted(query, { with: false, after: null });
    await expectLimit(query, 'cost', { with: true, after: null });
  });

  it('depth: 4 levels admitted, 5 refused; fragments do not hide depth', async () => {
    await expectAdmitted('{ customers(first: 1) { edges { node { id } } } }');
    await expectLimit('{ customers(first: 1) { edges { node { address { city } } } } }', 'depth');
    await expectLimit('{ customers(first: 1) { edges { ...E } } } fragment E on CustomerEdge { node { address { city } } }', 'depth');
  });

  it('aliases: 3 admitted, 4 refused, those in fragments counted', async () => {
    await expectAdmitted('{ a: purposes { code } b: purposes { code } c: purposes { code } }');
    await expectLimit('{ a: purposes { code } b: purposes { code } c: purposes { code } d: purposes { code } }', 'aliases');
    await expectLimit(
      '{ a: purposes { code } b: purposes { code } ...F } fragment F on Query { c: purposes { code } d: purposes { code } }',
      'aliases',
    );
  });

  it('directives: 2 admitted, 3 refused', async () => {
    await expectAdmitted('{ purposes { code @include(if: true) title @skip(if: false) { en } } }');
    await expectLimit('{ purposes { code @include(if: true) title @skip(if: false) { en @include(if: true) } } }', 'directives');
  });

  it('operations per document: 2 admitted, 3 refused, whichever is named', async () => {
    const named = async (query: string) => {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` },
        body: JSON.stringify({ query, operationName: 'A' }),
      });
      return { status: response.status, ...((await response.json()) as { data?: unknown; errors?: Array<{ extensions: unknown }> }) };
    };
    const two = await named('query A { purposes { code } } query B { dataCategories { key } }');
    expect(two.errors).toBeUndefined();
    const three = await named('query A { purposes { code } } query B { purposes { code } } query C { purposes { code } }');
    expect(three.status).toBe(400);
    expect(three.errors?.[0].extensions).toEqual({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'operations' });
  });

  it('tokens: 60 admitted, 61 refused by the parser, before anything else is looked at', async () => {
    // Every name and brace is a token: `{ __typename … }` with n + 1 names is n + 3 tokens.
    const fields = (n: number) => `{ __typename ${Array.from({ length: n }, () => '__typename').join(' ')} }`;
    await expectAdmitted(fields(57)); // { + 58 names + } = 60 tokens
    expect(await expectLimit(fields(58), 'tokens')).toBe('Tokens limit of 60 exceeded.');
  });

  it('@skip and @include work (the specified directives are in the schema)', async () => {
    const result = await app.graphql<{ purposes: Array<Record<string, unknown>> }>(
      'query ($with: Boolean!) { purposes { code @include(if: $with) policySection @skip(if: true) } }',
      { token: staff, variables: { with: false } },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.purposes[0]).toEqual({});
  });
});

describe('the defaults', () => {
  it('admit the largest legitimate page, for the privacy officer, with its data', async () => {
    const result = await defaults.graphql<{ customers: { edges: Array<{ node: { email: string | null } }> } }>(LARGEST_PAGE, { token: officer });
    expect(result.errors).toBeUndefined();
    expect(result.data?.customers.edges).toHaveLength(1);
    expect(result.data?.customers.edges[0].node.email).toMatch(/@/);
  });

  it('admit GraphiQL’s introspection query for a principal that may explore the schema', async () => {
    const result = await defaults.graphql<{ __schema: { types: unknown[] } }>(getIntrospectionQuery({ specifiedByUrl: true }), { token: officer });
    expect(result.errors).toBeUndefined();
    expect(result.data?.__schema.types.length).toBeGreaterThan(50);
  });

  it('admit every operation in operations/', async () => {
    const schema = await buildBareSchema();
    const refusalOf = operationLimitChecker(schema, DEFAULT_OPERATION_LIMITS);
    const directory = path.join(__dirname, '..', 'operations');
    const checked: string[] = [];
    for (const file of readdirSync(directory).filter((name) => name.endsWith('.graphql'))) {
      const document = parse(readFileSync(path.join(directory, file), 'utf8'), { maxTokens: DEFAULT_OPERATION_LIMITS.maxTokens });
      for (const operation of document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)) {
        const single: DocumentNode = {
          kind: Kind.DOCUMENT,
          definitions: [operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)],
        };
        // The largest page each may ask for.
        expect(refusalOf(single, operation.name?.value, { first: 100 })).toBeNull();
        checked.push(operation.name?.value ?? '(anonymous)');
      }
    }
    expect(checked.length).toBeGreaterThan(20);
  });

  it('refuse nested fragments with 7 aliases per level (the 979-byte staff query) before execution, by aliases: fragments count at each use', async () => {
    const seven = (field: string, selection: string) => Array.from({ length: 7 }, (_, i) => `${field[0]}${i}: ${field} { ${selection} }`).join(' ');
    const query = `{ ${seven('customers(first: 100)', 'edges { node { ...C } }')} } fragment C on Customer { ${seven('consents', 'id')} }`;
    const result = await defaults.graphql(query, { token: await defaults.tokenFor('staff') });
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0]).toEqual({
      message: 'Aliases limit of 15 exceeded, found 56.',
      extensions: { code: 'OPERATION_LIMIT_EXCEEDED', limit: 'aliases' },
    });
  });

  it('refuse two of the largest pages in one document, by cost', async () => {
    const page = `customers(first: 100) { edges { node { ${EVERY_CUSTOMER_FIELD} } } }`;
    const query = `{ a: ${page} b: ${page} }`;
    const result = await defaults.graphql(query, { token: officer });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions).toEqual({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'cost' });
  });

  it('refuse 25,000 operations in one document by their tokens', async () => {
    const query = Array.from({ length: 25_000 }, (_, i) => `query Q${i} { purposes { code } }`).join('\n');
    const result = await defaults.graphql(query, { token: officer, headers: {}, variables: {} });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions).toEqual({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'tokens' });
  });

  it('are those the server starts with', () => {
    expect(DEFAULT_EDGE_SETTINGS.operations).toEqual({
      maxTokens: 2000,
      maxOperations: 10,
      maxDepth: 10,
      maxAliases: 15,
      maxDirectives: 20,
      maxCost: 100000,
    });
  });
});

describe('operations the API does not have', () => {
  it('a subscription is refused as the client’s mistake, not an internal error', async () => {
    const result = await app.graphql('subscription { __typename }', { token: staff });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('OPERATION_NOT_SUPPORTED');
  });

  it('a persistedQuery extension, well-formed or not, is refused: this API keeps no persisted queries', async () => {
    for (const persistedQuery of [{ version: 1, sha256Hash: 'not-a-hash' }, 'garbage', { version: 'x' }]) {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${staff}` },
        body: JSON.stringify({ query: '{ purposes { code } }', extensions: { persistedQuery } }),
      });
      // Apollo's answer keeps the APQ protocol's status, 200, so that an APQ client falls back to sending the query.
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data?: unknown; errors: Array<{ extensions: { code: string } }> };
      expect(body.data).toBeUndefined();
      expect(body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    }
  });
});
