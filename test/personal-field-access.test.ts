import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Each role against each personal field, through HTTP: the customer themself, the privacy officer and a
 * consented-to, trusted recipient read; every other principal gets null with a coded error, and the rest of
 * the answer. The recipient's rule cell by cell is in recipient-access.test.ts.
 */

const PERSONAL_FIELDS = {
  email: (c: CustomerRow) => c.email,
  phone: (c: CustomerRow) => c.phone,
  fullName: (c: CustomerRow) => c.fullName,
  dateOfBirth: (c: CustomerRow) => c.dateOfBirth,
  address: (c: CustomerRow) => ({ street: c.street, city: c.city, postalCode: c.postalCode, country: c.country }),
} as const;
type PersonalField = keyof typeof PERSONAL_FIELDS;

const SELECTION: Record<PersonalField, string> = {
  email: 'email',
  phone: 'phone',
  fullName: 'fullName',
  dateOfBirth: 'dateOfBirth',
  address: 'address { street city postalCode country }',
};

type Caller = 'customer themself' | 'privacy officer' | 'staff' | 'affiliate with consent' | 'analyst' | 'anonymous' | 'another customer';

const EXPECTED: Record<Caller, 'value' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'ROOT_FORBIDDEN' | 'ROOT_UNAUTHENTICATED'> = {
  'customer themself': 'value',
  'privacy officer': 'value',
  staff: 'FORBIDDEN',
  // A trusted affiliate scoped to the purpose, permitted every category, reads what the customer consented to.
  'affiliate with consent': 'value',
  // Analysts and anonymous callers cannot look customers up at all.
  analyst: 'ROOT_FORBIDDEN',
  anonymous: 'ROOT_UNAUTHENTICATED',
  'another customer': 'ROOT_FORBIDDEN',
};

let app: TestApp;
let subject: CustomerRow;
let tokens: Record<Caller, string | undefined>;

beforeAll(async () => {
  app = await startTestApp();
  subject = await insertCustomer(app.dataSource);
  const other = await insertCustomer(app.dataSource);
  const partner = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
  await insertConsent(app.dataSource, { customerId: subject.id, purpose: 'PERSONALIZATION', processorId: partner.id });
  tokens = {
    'customer themself': await app.customerToken(subject.id),
    'privacy officer': await app.tokenFor('privacy_officer'),
    staff: await app.tokenFor('staff'),
    'affiliate with consent': await app.affiliateToken(partner.id, ['PERSONALIZATION']),
    analyst: await app.tokenFor('analyst'),
    anonymous: undefined,
    'another customer': await app.customerToken(other.id),
  };
});

afterAll(() => app.close());

const cases = (Object.keys(EXPECTED) as Caller[]).flatMap((caller) =>
  (Object.keys(PERSONAL_FIELDS) as PersonalField[]).map((field) => [caller, field, EXPECTED[caller]] as const),
);

describe('customer(id) personal fields per role', () => {
  it.each(cases)('%s reading %s gets %s', async (caller, field, expected) => {
    const result = await app.graphql<{ customer: Record<string, unknown> | null }>(
      `query ($id: UUID!) { customer(id: $id) { id locale ${SELECTION[field]} } }`,
      { variables: { id: subject.id }, token: tokens[caller] },
    );
    expect(result.status).toBe(200);
    switch (expected) {
      case 'value':
        expect(result.errors).toBeUndefined();
        expect(result.data?.customer).toEqual({ id: subject.id, locale: 'AZ', [field]: PERSONAL_FIELDS[field](subject) });
        break;
      case 'FORBIDDEN':
      case 'UNAUTHENTICATED':
        // The field is null with a coded error on its path; the non-personal fields beside it are intact.
        expect(result.data?.customer).toEqual({ id: subject.id, locale: 'AZ', [field]: null });
        expect(result.errors).toHaveLength(1);
        expect(result.errors?.[0]).toMatchObject({ path: ['customer', field], extensions: { code: expected } });
        break;
      case 'ROOT_FORBIDDEN':
      case 'ROOT_UNAUTHENTICATED':
        expect(result.data).toEqual({ customer: null });
        expect(result.errors?.[0]).toMatchObject({
          path: ['customer'],
          extensions: { code: expected === 'ROOT_FORBIDDEN' ? 'FORBIDDEN' : 'UNAUTHENTICATED' },
        });
        break;
    }
  });
});

describe('me', () => {
  it('gives the signed-in customer every personal field of their own', async () => {
    const result = await app.graphql(`{ me { id email phone fullName dateOfBirth address { city country } } }`, {
      token: tokens['customer themself'],
    });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      me: {
        id: subject.id,
        email: subject.email,
        phone: subject.phone,
        fullName: subject.fullName,
        dateOfBirth: subject.dateOfBirth,
        address: { city: subject.city, country: subject.country },
      },
    });
  });

  it.each(['staff', 'privacy officer', 'anonymous'] as const)('is refused to %s, who is not a customer', async (caller) => {
    const result = await app.graphql(`{ me { id } purposes { code } }`, { token: tokens[caller] });
    expect(result.data?.me).toBeNull();
    expect((result.data?.purposes as unknown[]).length).toBe(5);
    expect(result.errors?.[0]).toMatchObject({ path: ['me'] });
  });
});

describe('customers list', () => {
  it('gives staff every customer with personal fields denied one by one, the rest intact', async () => {
    const result = await app.graphql<{ customers: { edges: Array<{ node: Record<string, unknown> }> } }>(
      `{ customers(first: 10) { totalCount edges { node { id email fullName } } } }`,
      { token: tokens.staff },
    );
    const nodes = result.data?.customers.edges.map((edge) => edge.node) ?? [];
    expect(nodes).toHaveLength(2);
    expect(nodes.every((node) => typeof node.id === 'string' && node.email === null && node.fullName === null)).toBe(true);
    expect(result.errors).toHaveLength(4);
    expect(new Set(result.errors?.map((error) => error.extensions?.code))).toEqual(new Set(['FORBIDDEN']));
  });

  it('shows an affiliate only the customers who consented to it', async () => {
    const result = await app.graphql<{ customers: { totalCount: number; edges: Array<{ node: { id: string } }> } }>(
      `{ customers(first: 10) { totalCount edges { node { id } } } }`,
      { token: tokens['affiliate with consent'] },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.customers).toEqual({ totalCount: 1, edges: [{ node: { id: subject.id } }] });
  });

  it.each(['analyst', 'another customer'] as const)('is refused to %s', async (caller) => {
    const result = await app.graphql(`{ customers(first: 10) { totalCount } }`, { token: tokens[caller] });
    expect(result.data).toEqual({ customers: null });
    expect(result.errors?.[0]).toMatchObject({ path: ['customers'], extensions: { code: 'FORBIDDEN' } });
  });
});

describe('consents of a customer', () => {
  it('are shown to the customer themself and to staff, not to an affiliate or analyst', async () => {
    const query = `query ($id: UUID!) { consents(customerId: $id) { status purpose { code } recipient { id } } }`;
    const own = await app.graphql(query, { variables: { id: subject.id }, token: tokens['customer themself'] });
    expect(own.data?.consents).toEqual([{ status: 'GRANTED', purpose: { code: 'PERSONALIZATION' }, recipient: { id: expect.any(String) } }]);
    const staff = await app.graphql(query, { variables: { id: subject.id }, token: tokens.staff });
    expect(staff.data?.consents).toHaveLength(1);
    for (const caller of ['affiliate with consent', 'analyst', 'another customer'] as const) {
      const refused = await app.graphql(query, { variables: { id: subject.id }, token: tokens[caller] });
      expect(refused.data).toEqual({ consents: null });
      expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
  });
});
