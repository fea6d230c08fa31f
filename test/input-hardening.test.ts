import { insertCustomer, type CustomerRow } from './support/fixtures';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * Inputs that cannot stall or break the server: the PhoneNumber, EmailAddress and CountryCode scalars check a
 * length cap before any pattern and refuse what the database would refuse, and every string an argument carries is
 * bounded and free of control characters. Each refusal is BAD_USER_INPUT (a refused inline literal makes the
 * document invalid: 400, with the scalar's own message), names what
 * was expected or where, never echoes the value, and writes nothing.
 */

let app: TestApp;
let customer: CustomerRow;
let token: string;
let staff: string;
let officer: string;

beforeAll(async () => {
  app = await startTestApp();
  customer = await insertCustomer(app.dataSource);
  token = await app.customerToken(customer.id);
  staff = await app.tokenFor('staff');
  officer = await app.tokenFor('privacy_officer');
});
afterAll(() => app.close());

const UPDATE = `mutation ($input: UpdateProfileInput!) {
  updateMyProfile(input: $input) { id email phone fullName address { city country } }
}`;

interface Profile {
  email: string | null;
  phone: string | null;
  full_name: string | null;
  address_city: string | null;
  address_country: string | null;
}

async function storedProfile(id: string = customer.id): Promise<Profile> {
  const [row] = (await app.dataSource.query(`SELECT email, phone, full_name, address_city, address_country FROM customer WHERE id = $1`, [
    id,
  ])) as Profile[];
  return row;
}

async function customerCount(): Promise<number> {
  const [{ count }] = (await app.dataSource.query(`SELECT count(*)::int AS count FROM customer`)) as Array<{ count: number }>;
  return count;
}

async function processorCount(): Promise<number> {
  const [{ count }] = (await app.dataSource.query(`SELECT count(*)::int AS count FROM processor`)) as Array<{ count: number }>;
  return count;
}

/** The new address waiting for its code, as the confirmation table holds it. */
async function pendingAddressOf(customerId: string): Promise<string | null> {
  const [row] = (await app.dataSource.query(`SELECT address FROM email_confirmation WHERE customer_id = $1 AND closed_as IS NULL`, [
    customerId,
  ])) as Array<{
    address: string;
  }>;
  return row?.address ?? null;
}

const updateProfile = (input: Record<string, unknown>) => app.graphql(UPDATE, { token, variables: { input } });

/** An inline literal: `fields` is GraphQL input-object syntax. */
const updateProfileInline = (fields: string) => app.graphql(`mutation { updateMyProfile(input: { ${fields} }) { id } }`, { token });

/** The one error a refusal answers with; the whole answer never contains `sent`. */
function onlyError(result: GraphQLResponse, sent: string): NonNullable<GraphQLResponse['errors']>[number] {
  expect(result.errors).toHaveLength(1);
  expect(JSON.stringify(result)).not.toContain(sent);
  return result.errors![0];
}

/**
 * A refused variable: the place, then what the scalar at that place wants in its own words (`why`: "must be …"),
 * never the value.
 */
function expectRefusedVariable(result: GraphQLResponse, sent: string, place: string, scalar: string, why: string | RegExp = /^must be .+/): void {
  expect(result.status).toBe(400);
  const error = onlyError(result, sent);
  expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  const prefix = `Variable "$input" has an invalid value at "${place}": ${scalar} `;
  expect(error.message.startsWith(prefix)).toBe(true);
  expect(error.message.endsWith('.')).toBe(true);
  expect(error.message.slice(prefix.length, -1)).toMatch(why);
}

/** A refused inline literal: the document is invalid, and the scalar's message says why. */
function expectRefusedLiteral(result: GraphQLResponse, sent: string, message: string): void {
  expect(result.status).toBe(400);
  expect(result.data).toBeUndefined();
  expect(onlyError(result, sent)).toMatchObject({ message, extensions: { code: 'BAD_USER_INPUT' } });
}

/** A string argument refused by its bounds, at execution, before the shield or the resolver. */
function expectRefusedArgument(result: GraphQLResponse, sent: string, field: string, argumentPath: string, problem: string): void {
  expect(onlyError(result, sent)).toEqual({
    message: `Argument "${argumentPath}" ${problem}.`,
    path: [field],
    locations: expect.any(Array),
    extensions: { code: 'BAD_USER_INPUT', argumentPath },
  });
  expect(result.data?.[field] ?? null).toBeNull();
}

const PHONE_CAP = 'PhoneNumber must be at most 16 characters.';
const PHONE_PATTERN = 'PhoneNumber must be in E.164 form: "+" and 7 to 15 digits, the first 1-9, no spaces or punctuation (e.g. +994501234567).';
const CONTROL = 'must not contain control characters (U+0000 to U+001F, U+007F)';

describe('PhoneNumber', () => {
  it('refuses a literal of 40 digits and a letter by its length: the cap ran, no pattern did', async () => {
    const before = await storedProfile();
    const sent = `+${'9'.repeat(40)}a`;
    expectRefusedLiteral(await updateProfileInline(`phone: "${sent}"`), '9'.repeat(17), PHONE_CAP);
    expect(await storedProfile()).toEqual(before);
  });

  it.each([
    ['16 digits, by its length', `+${'1'.repeat(16)}`, PHONE_CAP],
    ['spaces, by its form', '+994 50 123', PHONE_PATTERN],
    ['dashes, by its form', '+994-50-1234567', PHONE_PATTERN],
    ['a first digit 0, by its form', '+0994501234567', PHONE_PATTERN],
  ])('refuses a literal with %s', async (_case, sent, message) => {
    const before = await storedProfile();
    expectRefusedLiteral(await updateProfileInline(`phone: "${sent}"`), sent, message);
    expect(await storedProfile()).toEqual(before);
  });

  it('accepts and stores 15 digits in E.164', async () => {
    const result = await updateProfile({ phone: '+994501234567890' });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateMyProfile).toMatchObject({ phone: '+994501234567890' });
    expect((await storedProfile()).phone).toBe('+994501234567890');
  });

  it.each([
    ['spaces', '+994 50 123 45 67'],
    ['dashes', '+994-50-1234567'],
    ['16 digits', '+9945012345678901'],
    // Not a substring of the refusal's own example (+994501234567), so a leak of the value would show.
    ['no "+"', '994551112233'],
    ['fewer than 7 digits', '+99455'],
    ['two hundred thousand digits', `+${'5'.repeat(200_000)}`],
  ])('refuses a variable with %s as BAD_USER_INPUT and writes nothing', async (_case, sent) => {
    const before = await storedProfile();
    const why = sent.length > 16 ? 'must be at most 16 characters' : /^must be in E\.164 form: .*\(e\.g\. \+994501234567\)$/;
    expectRefusedVariable(await updateProfile({ phone: sent }), sent, 'input.phone', 'PhoneNumber', why);
    expect(await storedProfile()).toEqual(before);
  });
});

describe('EmailAddress', () => {
  // Staff see no personal field, so the new customer's email is read from the database.
  const REGISTER = `mutation ($input: RegisterCustomerInput!) { registerCustomer(input: $input) { id } }`;
  /** `local@<label>.az`, `length` characters long. */
  const addressOf = (length: number, label = 'b'.repeat(49)) => `${'a'.repeat(length - label.length - 4)}@${label}.az`;

  it('accepts and stores an address of 254 characters', async () => {
    const email = addressOf(254);
    expect(email).toHaveLength(254);
    const result = await app.graphql<{ registerCustomer: { id: string } }>(REGISTER, {
      token: staff,
      variables: { input: { email, fullName: 'Uzun Ünvan' } },
    });
    expect(result.errors).toBeUndefined();
    // Stored as sent, waiting for the code sent to it (test/email-confirmation.test.ts).
    expect(await pendingAddressOf(result.data!.registerCustomer.id)).toBe(email);
  });

  it('refuses one of 255 characters, as a variable or a literal, and writes nothing', async () => {
    const email = addressOf(255, 'secretlabel'.padEnd(49, 'x'));
    const before = await customerCount();
    expectRefusedVariable(
      await app.graphql(REGISTER, { token: staff, variables: { input: { email, fullName: 'Uzun Ünvan' } } }),
      'secretlabel',
      'input.email',
      'EmailAddress',
      'must be at most 254 characters',
    );
    expectRefusedLiteral(
      await app.graphql(`mutation { registerCustomer(input: { email: "${email}", fullName: "Uzun Ünvan" }) { id } }`, { token: staff }),
      'secretlabel',
      'EmailAddress must be at most 254 characters.',
    );
    expect(await customerCount()).toBe(before);
  });

  it('refuses a sign-up with a spaced phone number where the variable is read, and writes nothing', async () => {
    const before = await customerCount();
    const result = await app.graphql(REGISTER, {
      token: staff,
      variables: { input: { email: 'spaced.phone@example.az', fullName: 'Boşluqlu Nömrə', phone: '+994 50 111 22 33' } },
    });
    // 17 characters: refused by the length cap before the pattern looks at it.
    expectRefusedVariable(result, '111 22 33', 'input.phone', 'PhoneNumber', 'must be at most 16 characters');
    expect(await customerCount()).toBe(before);
  });

  it('refuses a malformed literal by its form, without echoing it', async () => {
    expectRefusedLiteral(
      await updateProfileInline('email: "aysel.secret@@example.az"'),
      'aysel.secret',
      'EmailAddress must be an email address such as name@example.az.',
    );
  });

  it('accepts what it accepted before: dots, a plus and subdomains, the letter case kept', async () => {
    const result = await updateProfile({ email: 'Aysel.Ali+print@Mail.Example.az' });
    expect(result.errors).toBeUndefined();
    expect(await pendingAddressOf(customer.id)).toBe('Aysel.Ali+print@Mail.Example.az');
  });
});

describe('CountryCode', () => {
  const REGISTER_PROCESSOR = `mutation ($input: RegisterProcessorInput!) { registerProcessor(input: $input) { id country } }`;
  const processor = (country: string, name: string) => ({ name, kind: 'THIRD_PARTY', country, allowedPurposes: ['NEW_SERVICES'] });

  it('reads a lower-case code in capitals, as the database stores it', async () => {
    const result = await updateProfile({ address: { city: 'Tbilisi', country: 'ge' } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.updateMyProfile).toMatchObject({ address: { city: 'Tbilisi', country: 'GE' } });
    expect(await storedProfile()).toMatchObject({ address_city: 'Tbilisi', address_country: 'GE' });
  });

  it('reads a lower-case literal in capitals too', async () => {
    const result = await updateProfileInline('address: { city: "Bakı", country: "az" }');
    expect(result.errors).toBeUndefined();
    expect(await storedProfile()).toMatchObject({ address_city: 'Bakı', address_country: 'AZ' });
  });

  it("stores a processor's lower-case country in capitals", async () => {
    const result = await app.graphql<{ registerProcessor: { id: string; country: string } }>(REGISTER_PROCESSOR, {
      token: officer,
      variables: { input: processor('tr', 'Kargo Türkiyə') },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.registerProcessor.country).toBe('TR');
    const [row] = (await app.dataSource.query(`SELECT country FROM processor WHERE id = $1`, [result.data!.registerProcessor.id])) as Array<{
      country: string;
    }>;
    expect(row.country).toBe('TR');
  });

  it.each([
    ['a code not in ISO 3166-1', 'qq'],
    ['three letters', 'aze'],
    ['a letter that upper-cases to two ("ß" is "SS")', 'ß'],
    ['digits', '12'],
    ['nothing', ''],
  ])('refuses %s as BAD_USER_INPUT, never as a database error, and writes nothing', async (_case, sent) => {
    const before = await storedProfile();
    const processorsBefore = await processorCount();
    expectRefusedVariable(await updateProfile({ address: { country: sent } }), `"${sent}"`, 'input.address.country', 'CountryCode');
    expectRefusedVariable(
      await app.graphql(REGISTER_PROCESSOR, { token: officer, variables: { input: processor(sent, 'Heç Yer MMC') } }),
      `"${sent}"`,
      'input.country',
      'CountryCode',
    );
    expect(await storedProfile()).toEqual(before);
    expect(await processorCount()).toBe(processorsBefore);
  });
});

describe('string arguments', () => {
  it('refuses a NUL in a variable as BAD_USER_INPUT naming the argument path, and writes nothing', async () => {
    const before = await storedProfile();
    const result = await updateProfile({ fullName: 'Secret\u0000Name' });
    expectRefusedArgument(result, 'Secret', 'updateMyProfile', 'input.fullName', CONTROL);
    expect(await storedProfile()).toEqual(before);
  });

  it('refuses a NUL in an inline literal the same way', async () => {
    const before = await storedProfile();
    const result = await updateProfileInline('fullName: "Secret\\u0000Name"');
    expectRefusedArgument(result, 'Secret', 'updateMyProfile', 'input.fullName', CONTROL);
    expect(await storedProfile()).toEqual(before);
  });

  it.each([
    ['an escape in a nested input', { address: { city: 'Secret\u001bCity' } }, 'input.address.city'],
    ['a DEL', { fullName: 'Secret\u007f' }, 'input.fullName'],
    ['a line feed in a one-line field', { fullName: 'Secret\nName' }, 'input.fullName'],
    ['a tab in a one-line field', { fullName: 'Secret\tName' }, 'input.fullName'],
  ])('refuses %s, and writes nothing', async (_case, input, argumentPath) => {
    const before = await storedProfile();
    expectRefusedArgument(await updateProfile(input), 'Secret', 'updateMyProfile', argumentPath, CONTROL);
    expect(await storedProfile()).toEqual(before);
  });

  it('refuses a control character in a list item, by its index, and writes nothing', async () => {
    const before = await processorCount();
    const result = await app.graphql(`mutation ($input: RegisterProcessorInput!) { registerProcessor(input: $input) { id } }`, {
      token: officer,
      variables: {
        input: {
          name: 'Siyahı MMC',
          kind: 'AFFILIATE',
          country: 'AZ',
          allowedPurposes: ['NEW_SERVICES'],
          permittedCategories: ['contact', 'Secret\u0001'],
        },
      },
    });
    expectRefusedArgument(result, 'Secret', 'registerProcessor', 'input.permittedCategories[1]', CONTROL);
    expect(await processorCount()).toBe(before);
  });

  it('refuses a string over 1,000 characters before the input validation (MaxLength 200) sees it, and writes nothing', async () => {
    const before = await customerCount();
    const externalRef = `Secret${'x'.repeat(995)}`;
    const result = await app.graphql(`mutation ($input: RegisterCustomerInput!) { registerCustomer(input: $input) { id } }`, {
      token: staff,
      variables: { input: { email: 'long.ref@example.az', fullName: 'Uzun Arayış', externalRef } },
    });
    expectRefusedArgument(result, 'Secret', 'registerCustomer', 'input.externalRef', 'must be at most 1000 characters');
    expect(await customerCount()).toBe(before);
  });

  describe('on an argument with no bound of its own (a cursor)', () => {
    const PAGE = `query ($after: String) { customers(first: 1, after: $after) { totalCount } }`;

    it('refuses 1,001 characters', async () => {
      const result = await app.graphql(PAGE, { token: staff, variables: { after: `Secret${'A'.repeat(995)}` } });
      expectRefusedArgument(result, 'Secret', 'customers', 'after', 'must be at most 1000 characters');
    });

    it.each([
      ['1,000 characters', 'A'.repeat(1_000)],
      ['1,000 characters of two UTF-16 units each (it counts characters, as MaxLength does)', '😀'.repeat(1_000)],
    ])('lets %s through to the resolver, which refuses a cursor it did not issue', async (_case, after) => {
      const result = await app.graphql(PAGE, { token: staff, variables: { after } });
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'after' });
    });
  });

  describe('on a document-like argument (the anchor of verifyAuditChain)', () => {
    const VERIFY = `query ($anchor: String) { verifyAuditChain(anchor: $anchor) { intact } }`;
    /** Pretty-printed JSON, `length` characters, in lines and tabs: not a checkpoint document. */
    const prettyText = (length: number) => `{\n\t"note": "${'n'.repeat(length - 16)}"\r\n}`;

    it('lets 2,000 characters in lines reach the resolver, which reads them as a checkpoint document', async () => {
      const anchor = prettyText(2_000);
      expect(anchor).toHaveLength(2_000);
      const result = await app.graphql(VERIFY, { token: officer, variables: { anchor } });
      expect(result.errors?.[0]).toMatchObject({
        message: 'anchor is not a checkpoint document: give the JSON of auditCheckpoint.document unchanged.',
        extensions: { code: 'BAD_USER_INPUT' },
      });
    });

    it('refuses 2,001 characters', async () => {
      const result = await app.graphql(VERIFY, { token: officer, variables: { anchor: prettyText(2_001) } });
      expectRefusedArgument(result, 'nnnnnnnn', 'verifyAuditChain', 'anchor', 'must be at most 2000 characters');
    });

    it('refuses a NUL even where line breaks are allowed', async () => {
      const result = await app.graphql(VERIFY, { token: officer, variables: { anchor: '{"treeSize": "Secret\u0000"}' } });
      expectRefusedArgument(
        result,
        'Secret',
        'verifyAuditChain',
        'anchor',
        'must not contain control characters other than tab, line feed and carriage return',
      );
    });
  });
});
