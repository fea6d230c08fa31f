import { insertCustomer, type CustomerRow } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/** Policy §4: customers keep their own data current; bad input is refused precisely and writes nothing. */

let app: TestApp;
let customer: CustomerRow;
let other: CustomerRow;
let token: string;

const UPDATE = `mutation ($input: UpdateProfileInput!) {
  updateMyProfile(input: $input) { id email pendingEmail phone fullName dateOfBirth locale address { street city postalCode country } }
}`;

async function storedRow(id: string) {
  const [row] = (await app.dataSource.query(
    `SELECT email, phone, full_name, date_of_birth::text, locale, address_city, address_country FROM customer WHERE id = $1`,
    [id],
  )) as Array<Record<string, string | null>>;
  return row;
}

beforeAll(async () => {
  app = await startTestApp();
  customer = await insertCustomer(app.dataSource);
  other = await insertCustomer(app.dataSource);
  token = await app.customerToken(customer.id);
});
afterAll(() => app.close());

describe('updateMyProfile', () => {
  it('changes the fields given, clears those set to null and keeps the rest; a new email waits for its code', async () => {
    const result = await app.graphql(UPDATE, {
      token,
      variables: {
        input: { email: 'Aysel.New@Example.az', fullName: '  Aysel Əliyeva ', locale: 'EN', phone: null, address: { city: 'Gəncə', country: 'AZ' } },
      },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateMyProfile).toEqual({
      id: customer.id,
      email: customer.email,
      pendingEmail: 'Aysel.New@Example.az',
      phone: null,
      fullName: 'Aysel Əliyeva',
      dateOfBirth: customer.dateOfBirth,
      locale: 'EN',
      address: { street: null, city: 'Gəncə', postalCode: null, country: 'AZ' },
    });
    expect(await storedRow(customer.id)).toEqual({
      email: customer.email,
      phone: null,
      full_name: 'Aysel Əliyeva',
      date_of_birth: customer.dateOfBirth,
      locale: 'en',
      address_city: 'Gəncə',
      address_country: 'AZ',
    });
    // The code goes to the new address; test/email-confirmation.test.ts confirms it.
    const sent = (await app.dataSource.query(
      `SELECT kind, body->>'to' AS "to" FROM outbox_message WHERE customer_id = $1 AND kind = 'EMAIL_CONFIRMATION_CODE'`,
      [customer.id],
    )) as unknown[];
    expect(sent).toEqual([{ kind: 'EMAIL_CONFIRMATION_CODE', to: 'Aysel.New@Example.az' }]);
  });

  it("takes another customer's email, in other letter case, as any new address: no error, and no one's email changes", async () => {
    const requester = await insertCustomer(app.dataSource);
    const result = await app.graphql(UPDATE, {
      token: await app.customerToken(requester.id),
      variables: { input: { email: other.email.toUpperCase(), fullName: 'Changed' } },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateMyProfile).toMatchObject({ email: requester.email, pendingEmail: other.email.toUpperCase(), fullName: 'Changed' });
    expect((await storedRow(requester.id)).email).toBe(requester.email);
    expect((await storedRow(other.id)).email).toBe(other.email);
  });

  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ['a malformed email', { email: 'not-an-email' }, 'BAD_USER_INPUT'],
    ['a phone number not in E.164 form', { phone: '050 123 45 67' }, 'BAD_USER_INPUT'],
    ['a date of birth in the future', { dateOfBirth: '2999-01-01' }, 'BAD_USER_INPUT'],
    ['an impossible date', { dateOfBirth: '2001-02-30' }, 'BAD_USER_INPUT'],
    ['a blank full name', { fullName: '   ' }, 'BAD_USER_INPUT'],
    ['a full name over 200 characters', { fullName: 'a'.repeat(201) }, 'BAD_USER_INPUT'],
    ['an unknown country', { address: { country: 'XX' } }, 'BAD_USER_INPUT'],
    ['a malformed postal code', { address: { postalCode: '#1' } }, 'BAD_USER_INPUT'],
    ['an email cleared to null', { email: null }, 'BAD_USER_INPUT'],
  ];

  it.each(invalid)('refuses %s with %s and writes nothing', async (_case, input, code) => {
    const before = await storedRow(customer.id);
    const result = await app.graphql(UPDATE, { token, variables: { input } });
    expect(result.errors?.[0].extensions?.code).toBe(code);
    expect(result.data?.updateMyProfile ?? null).toBeNull();
    expect(await storedRow(customer.id)).toEqual(before);
  });

  it('names the failing property in a validation error without echoing the value', async () => {
    const result = await app.graphql(UPDATE, { token, variables: { input: { fullName: '   ' } } });
    const error = result.errors?.[0];
    expect(error?.extensions?.validationErrors).toEqual([{ property: 'fullName', constraints: { isNotBlank: 'fullName must not be blank' } }]);
  });

  it.each(['staff', 'privacy_officer', 'analyst'] as const)('is refused to %s', async (role) => {
    const result = await app.graphql(UPDATE, { token: await app.tokenFor(role), variables: { input: { fullName: 'X' } } });
    expect(result.errors?.[0]).toMatchObject({ path: ['updateMyProfile'], extensions: { code: 'FORBIDDEN' } });
  });
});

describe('an invalid variable', () => {
  it('is reported by where it failed and what was expected, without echoing the value', async () => {
    const result = await app.graphql(UPDATE, { token, variables: { input: { email: 'aysel.secret@@example' } } });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]).toMatchObject({
      message: 'Variable "$input" has an invalid value at "input.email": EmailAddress must be an email address such as name@example.az.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(JSON.stringify(result)).not.toContain('aysel.secret');
  });
});
