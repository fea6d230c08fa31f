import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A page reads only the columns its selection needs, and its consents in the same statement: whatever way the
 * operation asks for a field (an alias, a fragment, an inline fragment, the same relation twice with other
 * fields), the answer is the one the stored rows give, and no other field in the same operation gets less.
 */

let app: TestApp;
let officer: string;
let customer: CustomerRow;
let recipientName: string;

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.tokenFor('privacy_officer');
  const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
  recipientName = processor.name;
  customer = await insertCustomer(app.dataSource);
  await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: processor.id });
  await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'NEW_SERVICES' });
});
afterAll(() => app.close());

async function storedConsents(): Promise<Array<{ id: string; statusChangedAt: string; policyVersion: string }>> {
  const rows = (await app.dataSource.query(
    `SELECT id, status_changed_at, policy_version FROM consent WHERE customer_id = $1 ORDER BY purpose_code, created_at`,
    [customer.id],
  )) as Array<{ id: string; status_changed_at: Date; policy_version: string }>;
  return rows.map((row) => ({ id: row.id, statusChangedAt: row.status_changed_at.toISOString(), policyVersion: row.policy_version }));
}

it('answers fields asked through fragments, inline fragments and aliases', async () => {
  const result = await app.graphql<{ customers: { edges: Array<{ node: Record<string, unknown> }> } }>(
    `query {
      customers(first: 1) { edges { node { ...Contact ... on Customer { address { city country } } born: dateOfBirth } } }
    }
    fragment Contact on Customer { id email phone name: fullName }`,
    { token: officer },
  );
  expect(result.errors).toBeUndefined();
  expect(result.data?.customers.edges[0].node).toEqual({
    id: customer.id,
    email: customer.email,
    phone: customer.phone,
    name: customer.fullName,
    address: { city: customer.city, country: customer.country },
    born: customer.dateOfBirth,
  });
});

it('answers a relation asked for briefly in a page and in full beside it', async () => {
  const stored = await storedConsents();
  const result = await app.graphql<{
    customers: { edges: Array<{ node: { consents: Array<{ id: string }> } }> };
    consents: Array<Record<string, unknown>>;
  }>(
    `query ($id: UUID!) {
      customers(first: 1) { edges { node { consents { id } } } }
      consents(customerId: $id) { id statusChangedAt policyVersion }
    }`,
    { token: officer, variables: { id: customer.id } },
  );
  expect(result.errors).toBeUndefined();
  expect(result.data?.customers.edges[0].node.consents).toEqual(stored.map(({ id }) => ({ id })));
  expect(result.data?.consents).toEqual(stored);
});

it('gives the same consents, in full, to every place of one operation that asks for them', async () => {
  const stored = await storedConsents();
  const result = await app.graphql<{
    customers: { edges: Array<{ node: { brief: Array<{ id: string }>; full: Array<Record<string, unknown>> } }> };
    consents: Array<Record<string, unknown>>;
  }>(
    `query ($id: UUID!) {
      customers(first: 1) { edges { node {
        brief: consents { id }
        full: consents { id statusChangedAt policyVersion recipient { name } }
      } } }
      consents(customerId: $id) { id statusChangedAt policyVersion recipient { name } }
    }`,
    { token: officer, variables: { id: customer.id } },
  );
  expect(result.errors).toBeUndefined();
  const full = stored.map((consent, index) => ({ ...consent, recipient: index === 1 ? { name: recipientName } : null }));
  // Ordered by purpose: NEW_SERVICES (the company's), then PERSONALIZATION (the recipient's).
  expect(result.data?.customers.edges[0].node.brief).toEqual(stored.map(({ id }) => ({ id })));
  expect(result.data?.customers.edges[0].node.full).toEqual(full);
  expect(result.data?.consents).toEqual(full);
});
