import { insertConsent, insertCustomer, insertProcessor } from './support/fixtures';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';
import { explainAnalyze, rowsRead } from './support/explain';

/**
 * A recipient's page costs the same whatever the size of the customer table: the same statements per request
 * for 10 and 100 customers, and the page's statement reads the same rows when the table is ten times larger.
 * The hard case: the recipient holds consents for its first customers only, in a table that keeps growing.
 */

let app: TestApp;
let token: string;
let linked: string[];
let otherRecipient: string;

const PAGE = `query ($first: Int!) {
  customers(first: $first) { pageInfo { hasNextPage } edges { node { id email fullName phone } } }
}`;

/**
 * Customers this recipient is not linked to, each with two consents (to the company, and to another recipient),
 * added in a few statements so that the tables can grow by thousands.
 */
async function growTable(customers: number): Promise<void> {
  const added = (await app.dataSource.query(
    `INSERT INTO customer (locale, email, full_name, created_at)
     SELECT 'az', 'filler' || n || '.' || gen_random_uuid() || '@example.az', 'Filler ' || n, now() + n * interval '1 ms'
     FROM generate_series(1, $1) AS n RETURNING id`,
    [customers],
  )) as Array<{ id: string }>;
  await app.dataSource.query(
    `INSERT INTO consent (customer_id, purpose_code, processor_id, status, status_changed_at, source, policy_version)
     SELECT id, 'PERSONALIZATION', recipient, 'GRANTED', now(), 'IMPORT', '2024-01'
     FROM unnest($1::uuid[]) AS id, unnest(ARRAY[NULL, $2::uuid]) AS recipient`,
    [added.map((row) => row.id), otherRecipient],
  );
  await app.dataSource.query('ANALYZE customer');
  await app.dataSource.query('ANALYZE consent');
}

beforeAll(async () => {
  app = await startTestApp();
  const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'], categories: ['contact', 'identity'] });
  token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
  otherRecipient = (await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] })).id;
  linked = [];
  for (let index = 0; index < 100; index += 1) {
    const customer = await insertCustomer(app.dataSource);
    await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: processor.id });
    linked.push(customer.id);
  }
  await growTable(1_000);
});
afterAll(() => app.close());

interface PageStatements {
  count: number;
  /** The statement that reads the page of customers, with its parameters, to EXPLAIN. */
  page: { sql: string; parameters: unknown[] };
}

async function affiliatePage(first: number): Promise<PageStatements> {
  const statements = await app.statements.withParameters(async () => {
    const result = await app.graphql<{ customers: { pageInfo: { hasNextPage: boolean }; edges: Array<{ node: { id: string; email: string } }> } }>(
      PAGE,
      { token, variables: { first } },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.customers.edges.map((edge) => edge.node.id)).toEqual(linked.slice(0, first));
    expect(result.data?.customers.edges.every((edge) => edge.node.email.endsWith('@example.az'))).toBe(true);
    expect(result.data?.customers.pageInfo.hasNextPage).toBe(first < linked.length);
  });
  const page = statements.find(({ sql }) => sql.includes('FROM customer c WHERE c.id = seen.id'));
  if (!page) throw new Error(`no page statement among:\n${statements.map((s) => s.sql).join('\n')}`);
  return { count: statements.length, page };
}

/** Rows the statement's scans produced or threw away, over all loops: what the page really read. */
async function pageRowsRead({ sql, parameters }: { sql: string; parameters: unknown[] }): Promise<number> {
  return rowsRead(await explainAnalyze(app.dataSource, sql, parameters));
}

it('sends the same statements for a page of 10 and of 100 customers, at two table sizes', async () => {
  const small = [await affiliatePage(10), await affiliatePage(100)];
  await growTable(10_000);
  const large = [await affiliatePage(10), await affiliatePage(100)];
  // token check with the processor's facts, the page with each customer's links to the recipient, the audit insert
  expect([...small, ...large].map((page) => page.count)).toEqual([3, 3, 3, 3]);
});

it('reads the same rows for its last page whether the tables hold 1,100 or 11,100 customers', async () => {
  // The page holds every customer the recipient sees: finding out that there is no 101st must not walk the table.
  const before = await pageRowsRead((await affiliatePage(100)).page);
  await growTable(10_000);
  const after = await pageRowsRead((await affiliatePage(100)).page);
  // The page's 100 links, their customers, and each customer's links again for the decisions.
  expect(before).toBeLessThan(400);
  expect(after).toBe(before);
});

interface CursorPage {
  customers: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: { id: string } }> };
}

it('pages through every customer it sees, once each and in order, both ways, with a customer linked twice', async () => {
  // A second consent naming the recipient must not show the customer twice.
  await app.dataSource.query(
    `INSERT INTO consent (customer_id, purpose_code, processor_id, status, status_changed_at, source, policy_version)
     SELECT $1, 'NEW_SERVICES', processor_id, 'GRANTED', now(), 'IMPORT', '2024-01' FROM consent WHERE customer_id = $1`,
    [linked[3]],
  );
  const walk = async (direction: 'ASC' | 'DESC'): Promise<string[]> => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result: GraphQLResponse<CursorPage> = await app.graphql(
        `query ($after: String, $direction: SortDirection!) {
          customers(first: 30, after: $after, orderBy: { field: CREATED_AT, direction: $direction }) {
            pageInfo { hasNextPage endCursor } edges { node { id } }
          }
        }`,
        { token, variables: { after, direction } },
      );
      expect(result.errors).toBeUndefined();
      seen.push(...(result.data?.customers.edges.map((edge) => edge.node.id) ?? []));
      if (!result.data?.customers.pageInfo.hasNextPage) return seen;
      after = result.data.customers.pageInfo.endCursor;
    }
    throw new Error('more pages than customers');
  };
  expect(await walk('ASC')).toEqual(linked);
  expect(await walk('DESC')).toEqual([...linked].reverse());
});
