import { insertConsent, insertCustomer, insertProcessor } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/** DataLoaders keep a page of customers with their consents at a constant number of SQL statements. */

let app: TestApp;
let officer: string;

const PAGE = `query ($first: Int!) {
  customers(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id createdAt updatedAt locale erasedAt email phone fullName dateOfBirth
      address { street city postalCode country }
      consents { id status statusChangedAt source policyVersion purpose { code title { en } } recipient { id name allowedPurposes { code } } }
    } }
  }
}`;

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.tokenFor('privacy_officer');
  const processors = [
    await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION', 'NEW_SERVICES'] }),
    await insertProcessor(app.dataSource, { purposes: ['TECHNICAL_SUPPORT'] }),
  ];
  for (let index = 0; index < 120; index += 1) {
    const customer = await insertCustomer(app.dataSource);
    await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: processors[0].id });
    await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'TECHNICAL_SUPPORT', processorId: processors[index % 2].id });
    await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'NEW_SERVICES' });
  }
});
afterAll(() => app.close());

async function statementsFor(first: number): Promise<string[]> {
  return app.statements.during(async () => {
    const result = await app.graphql<{ customers: { edges: unknown[] } }>(PAGE, { token: officer, variables: { first } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.customers.edges).toHaveLength(first);
  });
}

it('sends the same number of statements for 10, 50 and 100 customers', async () => {
  const counts = [];
  for (const first of [10, 50, 100]) counts.push((await statementsFor(first)).length);
  // page with its consents + count + processors + allowed purposes + the one audit insert of the officer's reads
  expect(counts).toEqual([5, 5, 5]);
});

it('loads each relation with one batched statement per request', async () => {
  const statements = await statementsFor(50);
  // TypeORM quotes table names; the hand-written read path does not.
  const from = (table: string) => statements.filter((sql) => new RegExp(`FROM "?${table}"?[\\s)]`).test(sql)).length;
  // The page reads its consents in its own statement, the one that reads the customers.
  expect(statements.filter((sql) => /FROM "?consent"?[\s)]/.test(sql) && /FROM "?customer"?[\s)]/.test(sql))).toHaveLength(1);
  expect(from('consent')).toBe(1);
  // Purposes come from the policy's vocabulary, which is what the purpose table is seeded from.
  expect(from('purpose')).toBe(0);
  expect(from('processor')).toBe(1);
  expect(from('processor_purpose')).toBe(1);
});
