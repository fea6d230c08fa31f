import { insertCustomer, insertProcessor } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Introspection and "Did you mean" suggestions: for the principals who build against the schema and work in
 * GraphiQL (staff, analysts, the privacy officer), not for partners' systems, customers' browsers or anonymous callers.
 */

let app: TestApp;
const tokens: Record<string, string | undefined> = {};

beforeAll(async () => {
  app = await startTestApp();
  const customer = await insertCustomer(app.dataSource);
  const partner = await insertProcessor(app.dataSource);
  tokens.anonymous = undefined;
  tokens.customer = await app.customerToken(customer.id);
  tokens.affiliate = await app.affiliateToken(partner.id, ['PERSONALIZATION']);
  tokens.staff = await app.tokenFor('staff');
  tokens.analyst = await app.tokenFor('analyst');
  tokens.privacy_officer = await app.tokenFor('privacy_officer');
});
afterAll(() => app.close());

const CLOSED = ['anonymous', 'customer', 'affiliate'];
const OPEN = ['staff', 'analyst', 'privacy_officer'];

describe.each(CLOSED)('%s', (role) => {
  it.each([
    ['__schema', '{ __schema { queryType { name } } }'],
    ['__type', '{ __type(name: "Customer") { fields { name } } }'],
    ['__schema inside a fragment', '{ ...Q } fragment Q on Query { __schema { types { name } } }'],
  ])('is refused introspection (%s): 403 INTROSPECTION_DISABLED, nothing of the schema', async (_name, query) => {
    const result = await app.graphql(query, { token: tokens[role] });
    expect(result.status).toBe(403);
    expect(result.data).toBeUndefined();
    expect(result.errors).toEqual([{ message: 'Introspection is not available to this principal.', extensions: { code: 'INTROSPECTION_DISABLED' } }]);
  });

  it('still gets __typename', async () => {
    const result = await app.graphql<{ __typename: string }>('{ __typename }', { token: tokens[role] });
    expect(result.data).toEqual({ __typename: 'Query' });
  });

  it('gets no suggestion in a validation error', async () => {
    const result = await app.graphql('{ purpose { code } }', { token: tokens[role] });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].message).toBe('Cannot query field "purpose" on type "Query".');
  });

  it('gets no suggestion for an unknown enum value', async () => {
    const result = await app.graphql('mutation { grantConsent(purpose: PERSONALISATION) { id } }', { token: tokens[role] });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].message).toBe('Argument "purpose" has an invalid value: expected PurposeCode!.');
  });
});

describe.each(OPEN)('%s', (role) => {
  it('may introspect', async () => {
    const result = await app.graphql<{ __type: { fields: Array<{ name: string }> } }>('{ __type(name: "Customer") { fields { name } } }', {
      token: tokens[role],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.__type.fields.map((field) => field.name)).toContain('email');
  });

  it('gets the suggestions', async () => {
    const field = await app.graphql('{ purpose { code } }', { token: tokens[role] });
    expect(field.errors?.[0].message).toBe('Cannot query field "purpose" on type "Query". Did you mean "purposes"?');
    const value = await app.graphql('mutation { grantConsent(purpose: PERSONALISATION) { id } }', { token: tokens[role] });
    expect(value.errors?.[0].message).toBe(
      'Argument "purpose" has an invalid value: expected PurposeCode!. Did you mean the enum value "PERSONALIZATION"?',
    );
  });
});
