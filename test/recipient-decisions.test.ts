import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The decision is made once per customer and data category in a request, from facts loaded once for the page:
 * customers with different consents in one list, and in aliases of one operation, still get their own answers,
 * and each allowed read is audited once, with exactly the fields read.
 */

let app: TestApp;
let token: string;
let processorId: string;
let consented: CustomerRow;
let otherPurposeOnly: CustomerRow;

interface Node {
  id: string;
  email: string | null;
  phone: string | null;
  fullName: string | null;
}

beforeAll(async () => {
  app = await startTestApp();
  // The recipient may receive contact data only: names are refused on category, whoever the customer.
  const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION', 'NEW_SERVICES'], categories: ['contact'] });
  processorId = processor.id;
  token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
  consented = await insertCustomer(app.dataSource);
  await insertConsent(app.dataSource, { customerId: consented.id, purpose: 'PERSONALIZATION', processorId: processor.id });
  // Visible to the recipient (a live consent names it), but not for the request's purpose.
  otherPurposeOnly = await insertCustomer(app.dataSource);
  await insertConsent(app.dataSource, { customerId: otherPurposeOnly.id, purpose: 'NEW_SERVICES', processorId: processor.id });
});
afterAll(() => app.close());

const codesByPath = (errors: Array<{ path?: Array<string | number>; extensions?: Record<string, unknown> }> = []) =>
  Object.fromEntries(errors.map((error) => [(error.path ?? []).join('.'), error.extensions?.code]));

async function lastAuditId(): Promise<string> {
  const [{ id }] = (await app.dataSource.query(`SELECT coalesce(max(id), 0)::text AS id FROM audit_event`)) as Array<{ id: string }>;
  return id;
}

async function auditedFieldsAfter(auditId: string): Promise<Array<{ customer_id: string; fields: string[] }>> {
  return (await app.dataSource.query(`SELECT customer_id, fields FROM audit_event WHERE processor_id = $1 AND id > $2 ORDER BY customer_id`, [
    processorId,
    auditId,
  ])) as Array<{ customer_id: string; fields: string[] }>;
}

it('answers each customer of one page by its own consent', async () => {
  const before = await lastAuditId();
  const result = await app.graphql<{ customers: { edges: Array<{ node: Node }> } }>(
    '{ customers(first: 10) { edges { node { id email phone fullName } } } }',
    { token },
  );
  expect(result.data?.customers.edges.map((edge) => edge.node)).toEqual([
    { id: consented.id, email: consented.email, phone: consented.phone, fullName: null },
    { id: otherPurposeOnly.id, email: null, phone: null, fullName: null },
  ]);
  expect(codesByPath(result.errors)).toEqual({
    'customers.edges.0.node.fullName': 'CATEGORY_NOT_ALLOWED',
    'customers.edges.1.node.email': 'CONSENT_REQUIRED',
    'customers.edges.1.node.phone': 'CONSENT_REQUIRED',
    'customers.edges.1.node.fullName': 'CATEGORY_NOT_ALLOWED',
  });
  expect(await auditedFieldsAfter(before)).toEqual([{ customer_id: consented.id, fields: ['email', 'phone'] }]);
});

it('answers aliases of two customers apart, and the same customer twice alike', async () => {
  const before = await lastAuditId();
  const result = await app.graphql<Record<'a' | 'b' | 'again', Pick<Node, 'email'> | null>>(
    `query ($a: UUID!, $b: UUID!) {
      a: customer(id: $a) { email }
      b: customer(id: $b) { email }
      again: customer(id: $a) { email }
    }`,
    { token, variables: { a: consented.id, b: otherPurposeOnly.id } },
  );
  expect(result.data).toEqual({ a: { email: consented.email }, b: { email: null }, again: { email: consented.email } });
  expect(codesByPath(result.errors)).toEqual({ 'b.email': 'CONSENT_REQUIRED' });
  // One row for the customer and its consent, naming the field once although it was read in two aliases.
  expect(await auditedFieldsAfter(before)).toEqual([{ customer_id: consented.id, fields: ['email'] }]);
});

it('sees a withdrawal made between two requests', async () => {
  await app.dataSource.query(`UPDATE consent SET status = 'WITHDRAWN' WHERE customer_id = $1 AND processor_id = $2`, [consented.id, processorId]);
  try {
    const result = await app.graphql<{ customer: Pick<Node, 'email'> | null }>('query ($id: UUID!) { customer(id: $id) { email } }', {
      token,
      variables: { id: consented.id },
    });
    // The withdrawn consent was the only link to the recipient: the customer is no longer visible at all.
    expect(result.data).toEqual({ customer: null });
  } finally {
    await app.dataSource.query(`UPDATE consent SET status = 'GRANTED' WHERE customer_id = $1 AND processor_id = $2`, [consented.id, processorId]);
  }
});
