import { randomUUID } from 'node:crypto';
import { insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/** Paging, filtering and sorting customers must not become an oracle for personal data. */

let app: TestApp;
let customers: CustomerRow[];
let staff: string;
let officer: string;

type Page = {
  customers: { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: { id: string } }> } | null;
};
const PAGE = `query ($first: Int!, $after: String, $filter: CustomerFilter, $orderBy: CustomerOrder) {
  customers(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id } }
  }
}`;

beforeAll(async () => {
  app = await startTestApp();
  customers = [];
  for (const name of ['Zaur', 'Aysel', 'Murad', 'Leyla', 'Elvin']) {
    customers.push(await insertCustomer(app.dataSource, { fullName: `${name} Quliyev`, email: `${name.toLowerCase()}@mail.az` }));
  }
  staff = await app.tokenFor('staff');
  officer = await app.tokenFor('privacy_officer');
});
afterAll(() => app.close());

describe('paging', () => {
  it('walks every customer exactly once, oldest first, with cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: Awaited<ReturnType<typeof app.graphql<Page>>> = await app.graphql<Page>(PAGE, { token: staff, variables: { first: 2, after } });
      const page = result.data?.customers;
      expect(page?.totalCount).toBe(5);
      seen.push(...(page?.edges.map((edge) => edge.node.id) ?? []));
      if (!page?.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(customers.map((customer) => customer.id));
  });

  it.each([0, 101])('refuses first: %i, outside 1..100', async (first) => {
    const result = await app.graphql<Page>(PAGE, { token: staff, variables: { first } });
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.data?.customers ?? null).toBeNull();
  });

  it('refuses a cursor it did not issue', async () => {
    const result = await app.graphql<Page>(PAGE, { token: staff, variables: { first: 2, after: 'bm90LWEtY3Vyc29y' } });
    expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
  });
});

describe('filters and sorts on personal data', () => {
  const personal: Array<[string, Record<string, unknown>]> = [
    ['an email substring', { filter: { emailContains: 'aysel' } }],
    ['a name substring', { filter: { fullNameContains: 'Quliyev' } }],
    ['the address country', { filter: { country: 'AZ' } }],
    ['a sort by email', { orderBy: { field: 'EMAIL' } }],
    ['a sort by full name', { orderBy: { field: 'FULL_NAME', direction: 'DESC' } }],
  ];

  it.each(personal)('refuses staff %s with PERSONAL_FILTER_FORBIDDEN, counting nothing', async (_case, variables) => {
    const result = await app.graphql<Page>(PAGE, { token: staff, variables: { first: 10, ...variables } });
    expect(result.data).toEqual({ customers: null });
    expect(result.errors?.[0]).toMatchObject({ path: ['customers'], extensions: { code: 'PERSONAL_FILTER_FORBIDDEN' } });
  });

  it('lets the privacy officer filter on email', async () => {
    const result = await app.graphql<Page>(PAGE, { token: officer, variables: { first: 10, filter: { emailContains: 'AYSEL' } } });
    expect(result.data?.customers?.edges.map((edge) => edge.node.id)).toEqual([customers[1].id]);
    expect(result.data?.customers?.totalCount).toBe(1);
  });

  it('lets the privacy officer sort on full name and page through it', async () => {
    const first = await app.graphql<Page>(PAGE, { token: officer, variables: { first: 3, orderBy: { field: 'FULL_NAME' } } });
    const second = await app.graphql<Page>(PAGE, {
      token: officer,
      variables: { first: 3, orderBy: { field: 'FULL_NAME' }, after: first.data?.customers?.pageInfo.endCursor },
    });
    const ids = [...(first.data?.customers?.edges ?? []), ...(second.data?.customers?.edges ?? [])].map((edge) => edge.node.id);
    const byName = [...customers].sort((a, b) => a.fullName.localeCompare(b.fullName)).map((customer) => customer.id);
    expect(ids).toEqual(byName);
  });

  it('treats LIKE wildcards in a filter as plain characters', async () => {
    const result = await app.graphql<Page>(PAGE, { token: officer, variables: { first: 10, filter: { emailContains: '%_%' } } });
    expect(result.data?.customers?.totalCount).toBe(0);
  });

  it('lets staff filter on non-personal fields', async () => {
    const result = await app.graphql<Page>(PAGE, { token: staff, variables: { first: 10, filter: { locale: 'AZ', erased: false } } });
    expect(result.data?.customers?.totalCount).toBe(5);
  });
});

describe('customer(id) does not tell an existing customer from a missing one', () => {
  const QUERY = `query ($id: UUID!) { customer(id: $id) { id } }`;

  it.each([
    ['another customer', 'FORBIDDEN'],
    ['an analyst', 'FORBIDDEN'],
    ['an anonymous caller', 'UNAUTHENTICATED'],
  ])('answers %s identically for both', async (caller, code) => {
    const token =
      caller === 'another customer' ? await app.customerToken(customers[0].id) : caller === 'an analyst' ? await app.tokenFor('analyst') : undefined;
    const existing = await app.graphql(QUERY, { token, variables: { id: customers[1].id } });
    const missing = await app.graphql(QUERY, { token, variables: { id: randomUUID() } });
    expect(existing.data).toEqual({ customer: null });
    expect(existing.errors?.[0].extensions?.code).toBe(code);
    expect(missing).toEqual(existing);
  });

  it('answers an affiliate with no consent from the customer null, as for a missing id', async () => {
    const stranger = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
    const token = await app.affiliateToken(stranger.id, ['PERSONALIZATION']);
    const existing = await app.graphql(QUERY, { token, variables: { id: customers[1].id } });
    const missing = await app.graphql(QUERY, { token, variables: { id: randomUUID() } });
    expect(existing).toEqual(missing);
    expect(existing.data).toEqual({ customer: null });
  });
});
