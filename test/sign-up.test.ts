import { randomUUID } from 'node:crypto';
import { insertCustomer, insertProcessor, type ProcessorRow } from './support/fixtures';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * Sign-up through HTTP, as the sign-up backend (a staff token) calls it: `registerCustomer` writes the customer,
 * the consents ticked and one event each with the evidence, in one transaction; any refusal writes nothing.
 * The new customer then reads their own data and consent history with a token signed for their id.
 */

let app: TestApp;
let staff: string;
let trusted: ProcessorRow;
let inactive: ProcessorRow;

beforeAll(async () => {
  app = await startTestApp();
  staff = await app.tokenFor('staff');
  trusted = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION', 'NEW_SERVICES'] });
  inactive = await insertProcessor(app.dataSource, { active: false, purposes: ['PERSONALIZATION'] });
});
afterAll(() => app.close());

const REGISTER = `mutation ($input: RegisterCustomerInput!) {
  registerCustomer(input: $input) {
    id locale erasedAt email fullName
    consents { status source policyVersion purpose { code } recipient { id } }
  }
}`;

interface Registered {
  id: string;
  locale: string;
  erasedAt: string | null;
  email: string | null;
  fullName: string | null;
  consents: Array<{ status: string; source: string; policyVersion: string; purpose: { code: string }; recipient: { id: string } | null }>;
}

/** `token` null: no Authorization header at all. */
function register(input: Record<string, unknown>, token: string | null = staff): Promise<GraphQLResponse<{ registerCustomer: Registered | null }>> {
  return app.graphql<{ registerCustomer: Registered | null }>(REGISTER, { variables: { input }, token: token ?? undefined });
}

let sequence = 0;
function person(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return { email: `signup${sequence}.${randomUUID().slice(0, 6)}@example.az`, fullName: `Nərmin Həsənova ${sequence}`, ...overrides };
}

const EVIDENCE = { policyVersion: '2025-06', language: 'EN', shownAt: '2025-11-20T10:15:00.000Z', channel: 'MOBILE_APP' };
const STORED_EVIDENCE = { policyVersion: '2025-06', language: 'en', shownAt: '2025-11-20T10:15:00.000Z', channel: 'MOBILE_APP' };

interface Counts {
  customers: number;
  consents: number;
  events: number;
  /** Addresses sent for confirmation, and the messages (codes, notices) they sent. */
  confirmations: number;
  messages: number;
}

async function counts(): Promise<Counts> {
  const [row] = (await app.dataSource.query(
    `SELECT (SELECT count(*) FROM customer)::int AS customers, (SELECT count(*) FROM consent)::int AS consents,
            (SELECT count(*) FROM consent_event)::int AS events, (SELECT count(*) FROM email_confirmation)::int AS confirmations,
            (SELECT count(*) FROM outbox_message)::int AS messages`,
  )) as Counts[];
  return row;
}

/** What the sender has queued for the customer: each message's kind, and the address a code goes to. */
async function messagesTo(customerId: string): Promise<Array<{ kind: string; to: string | null }>> {
  return (await app.dataSource.query(`SELECT kind, body->>'to' AS "to" FROM outbox_message WHERE customer_id = $1 ORDER BY created_at`, [
    customerId,
  ])) as Array<{ kind: string; to: string | null }>;
}

/** The code, as the sender delivers it to the address it was sent to (the newest one sent there). */
async function codeSentTo(address: string): Promise<string> {
  const [row] = (await app.dataSource.query(
    `SELECT body->>'code' AS code FROM outbox_message WHERE kind = 'EMAIL_CONFIRMATION_CODE' AND body->>'to' = $1 ORDER BY created_at DESC LIMIT 1`,
    [address],
  )) as Array<{ code: string }>;
  return row.code;
}

async function confirmEmail(customerId: string, code: string): Promise<GraphQLResponse<{ confirmMyEmail: { email: string } | null }>> {
  return app.graphql(`mutation ($code: String!) { confirmMyEmail(code: $code) { email } }`, {
    token: await app.customerToken(customerId),
    variables: { code },
  });
}

async function customersWithEmail(email: string): Promise<number> {
  const [{ count }] = (await app.dataSource.query(`SELECT count(*)::int AS count FROM customer WHERE lower(email) = lower($1)`, [email])) as Array<{
    count: number;
  }>;
  return count;
}

/** The refusal a user sees: no customer back, one error with the code; and nothing at all in the database. */
async function expectRefusedWritingNothing(input: Record<string, unknown>, code: string, token: string | null = staff): Promise<GraphQLResponse> {
  const before = await counts();
  const email = typeof input.email === 'string' ? input.email : null;
  const holdersBefore = email === null ? 0 : await customersWithEmail(email);
  const result = await register(input, token);
  expect(result.data?.registerCustomer ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors?.[0].extensions?.code).toBe(code);
  // The refusal does not echo the personal value it was given.
  if (email !== null) expect(JSON.stringify(result.errors)).not.toContain(email);
  expect(await counts()).toEqual(before);
  if (email !== null) expect(await customersWithEmail(email)).toBe(holdersBefore);
  return result as GraphQLResponse;
}

describe('registerCustomer by the sign-up backend', () => {
  it('stores a customer without consents and answers with the id, personal fields refused to staff', async () => {
    const input = person({
      email: 'Kamran.Quliyev@Example.az',
      fullName: '  Kamran Quliyev ',
      phone: '+994501112233',
      dateOfBirth: '1988-02-29',
      locale: 'EN',
      externalRef: 'CRM-0001',
      address: { street: 'Nizami küçəsi 10', city: 'Bakı', postalCode: 'AZ1000', country: 'AZ' },
    });
    const before = await counts();
    const result = await register(input);

    expect(result.status).toBe(200);
    const registered = result.data?.registerCustomer;
    expect(registered).toEqual({ id: expect.any(String), locale: 'EN', erasedAt: null, email: null, fullName: null, consents: [] });
    expect(result.errors?.map((error) => [error.path, error.extensions?.code]).sort()).toEqual([
      [['registerCustomer', 'email'], 'FORBIDDEN'],
      [['registerCustomer', 'fullName'], 'FORBIDDEN'],
    ]);

    const rows = (await app.dataSource.query(
      `SELECT id, email, phone, full_name, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth, locale, external_ref, erased_at,
              address_street, address_city, address_postal_code, address_country
       FROM customer WHERE id = $1`,
      [registered!.id],
    )) as unknown[];
    // No email until the code sent to the address is confirmed.
    expect(rows).toEqual([
      {
        id: registered!.id,
        email: null,
        phone: '+994501112233',
        full_name: 'Kamran Quliyev',
        date_of_birth: '1988-02-29',
        locale: 'en',
        external_ref: 'CRM-0001',
        erased_at: null,
        address_street: 'Nizami küçəsi 10',
        address_city: 'Bakı',
        address_postal_code: 'AZ1000',
        address_country: 'AZ',
      },
    ]);
    expect(await counts()).toEqual({
      ...before,
      customers: before.customers + 1,
      confirmations: before.confirmations + 1,
      messages: before.messages + 1,
    });
    expect(await messagesTo(registered!.id)).toEqual([{ kind: 'EMAIL_CONFIRMATION_CODE', to: 'Kamran.Quliyev@Example.az' }]);

    // The frontend's sign-in backend signs a customer token for the new id; the customer reads their own data.
    const me = await app.graphql(`{ me { id email pendingEmail fullName phone address { city } consents { id } } myConsents { id } }`, {
      token: await app.customerToken(registered!.id),
    });
    expect(me.errors).toBeUndefined();
    expect(me.data).toEqual({
      me: {
        id: registered!.id,
        email: null,
        pendingEmail: 'Kamran.Quliyev@Example.az',
        fullName: 'Kamran Quliyev',
        phone: '+994501112233',
        address: { city: 'Bakı' },
        consents: [],
      },
      myConsents: [],
    });

    // The code sent to the address makes it the customer's email.
    expect((await confirmEmail(registered!.id, await codeSentTo('Kamran.Quliyev@Example.az'))).data).toEqual({
      confirmMyEmail: { email: 'Kamran.Quliyev@Example.az' },
    });
    expect(await customersWithEmail('kamran.quliyev@example.az')).toBe(1);
  });

  it('stores the consents ticked, GRANTED from SIGN_UP under the policy version shown, each with one event carrying the evidence', async () => {
    const input = person({
      consents: [{ purpose: 'NEW_SERVICES' }, { purpose: 'PERSONALIZATION', processorId: trusted.id.toUpperCase() }],
      evidence: EVIDENCE,
    });
    const result = await register(input);
    const registered = result.data?.registerCustomer;
    expect(registered?.id).toEqual(expect.any(String));
    expect(registered?.consents.sort((a, b) => a.purpose.code.localeCompare(b.purpose.code))).toEqual([
      { status: 'GRANTED', source: 'SIGN_UP', policyVersion: '2025-06', purpose: { code: 'NEW_SERVICES' }, recipient: null },
      { status: 'GRANTED', source: 'SIGN_UP', policyVersion: '2025-06', purpose: { code: 'PERSONALIZATION' }, recipient: { id: trusted.id } },
    ]);
    const id = registered!.id;

    const consents = (await app.dataSource.query(
      `SELECT id, purpose_code, processor_id, status, source, policy_version FROM consent WHERE customer_id = $1 ORDER BY purpose_code`,
      [id],
    )) as Array<{ id: string; purpose_code: string; processor_id: string | null; status: string; source: string; policy_version: string }>;
    expect(consents.map(({ id: _id, ...rest }) => rest)).toEqual([
      { purpose_code: 'NEW_SERVICES', processor_id: null, status: 'GRANTED', source: 'SIGN_UP', policy_version: '2025-06' },
      { purpose_code: 'PERSONALIZATION', processor_id: trusted.id, status: 'GRANTED', source: 'SIGN_UP', policy_version: '2025-06' },
    ]);

    const events = (await app.dataSource.query(
      `SELECT e.consent_id, c.purpose_code, c.processor_id, e.status, e.source, e.policy_version, e.evidence
       FROM consent_event e JOIN consent c ON c.id = e.consent_id WHERE c.customer_id = $1 ORDER BY c.purpose_code`,
      [id],
    )) as unknown[];
    const event = { status: 'GRANTED', source: 'SIGN_UP', policy_version: '2025-06', evidence: STORED_EVIDENCE };
    expect(events).toEqual([
      { consent_id: consents[0].id, purpose_code: 'NEW_SERVICES', processor_id: null, ...event },
      { consent_id: consents[1].id, purpose_code: 'PERSONALIZATION', processor_id: trusted.id, ...event },
    ]);

    type Mine = { me: { email: string }; myConsents: Array<{ purpose: { code: string }; status: string; history: unknown[] }> };
    const mine = await app.graphql<Mine>(
      `{ me { email pendingEmail } myConsents { purpose { code } status history { status source policyVersion evidence } } }`,
      { token: await app.customerToken(id) },
    );
    expect(mine.errors).toBeUndefined();
    expect(mine.data?.me).toEqual({ email: null, pendingEmail: input.email });
    const history = [{ status: 'GRANTED', source: 'SIGN_UP', policyVersion: '2025-06', evidence: STORED_EVIDENCE }];
    expect(mine.data?.myConsents.sort((a, b) => a.purpose.code.localeCompare(b.purpose.code))).toEqual([
      { purpose: { code: 'NEW_SERVICES' }, status: 'GRANTED', history },
      { purpose: { code: 'PERSONALIZATION' }, status: 'GRANTED', history },
    ]);
  });

  it('takes an email already held, whatever its case, as any other: the customer waits for a code only the holder could get, and the holder is told', async () => {
    const holder = await insertCustomer(app.dataSource, { email: 'Leyla.Aliyeva@example.az' });
    const before = await counts();
    const result = await register(person({ email: 'leyla.aliyeva@EXAMPLE.AZ', consents: [{ purpose: 'NEW_SERVICES' }], evidence: EVIDENCE }));

    // Staff are answered as for any sign-up: the customer, its personal fields refused (test/email-confirmation.test.ts compares the two).
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    const registered = result.data?.registerCustomer;
    expect(registered).toMatchObject({ email: null, fullName: null, consents: [{ status: 'GRANTED', source: 'SIGN_UP' }] });
    expect(JSON.stringify(result)).not.toContain('leyla');
    expect(await counts()).toEqual({
      customers: before.customers + 1,
      consents: before.consents + 1,
      events: before.events + 1,
      confirmations: before.confirmations + 1,
      messages: before.messages + 1,
    });
    expect(await messagesTo(registered!.id)).toEqual([]);
    expect(await messagesTo(holder.id)).toEqual([{ kind: 'EMAIL_IN_USE_NOTICE', to: null }]);
    expect(await customersWithEmail('leyla.aliyeva@example.az')).toBe(1);
  });

  it('takes two simultaneous sign-ups with one email; whichever the address confirms first gets it, the other is EMAIL_TAKEN', async () => {
    const before = await counts();
    const results = await Promise.all([
      register(person({ email: 'twice@example.az', consents: [{ purpose: 'NEW_SERVICES' }], evidence: EVIDENCE })),
      register(person({ email: 'TWICE@example.az', consents: [{ purpose: 'NEW_SERVICES' }], evidence: EVIDENCE })),
    ]);
    const [first, second] = results.map((result) => result.data?.registerCustomer?.id as string);
    expect([first, second]).toEqual([expect.any(String), expect.any(String)]);
    expect(await counts()).toEqual({
      customers: before.customers + 2,
      consents: before.consents + 2,
      events: before.events + 2,
      confirmations: before.confirmations + 2,
      messages: before.messages + 2,
    });
    expect(await customersWithEmail('twice@example.az')).toBe(0);

    const secondCode = await codeSentTo('TWICE@example.az');
    expect((await confirmEmail(first, await codeSentTo('twice@example.az'))).data).toEqual({ confirmMyEmail: { email: 'twice@example.az' } });
    const late = await confirmEmail(second, secondCode);
    expect(late.data).toEqual({ confirmMyEmail: null });
    expect(late.errors?.map((error) => error.extensions?.code)).toEqual(['EMAIL_TAKEN']);
    expect(JSON.stringify(late)).not.toContain('twice');
    expect(await customersWithEmail('twice@example.az')).toBe(1);
  });

  it('refuses an externalRef another customer has (also when padded) as EXTERNAL_REF_TAKEN and writes nothing', async () => {
    const first = await register(person({ externalRef: 'CRM-0777' }));
    expect(first.data?.registerCustomer?.id).toEqual(expect.any(String));
    await expectRefusedWritingNothing(
      person({ externalRef: 'CRM-0777', consents: [{ purpose: 'NEW_SERVICES' }], evidence: EVIDENCE }),
      'EXTERNAL_REF_TAKEN',
    );
    await expectRefusedWritingNothing(person({ externalRef: '  CRM-0777 ' }), 'EXTERNAL_REF_TAKEN');
    const [{ count }] = (await app.dataSource.query(`SELECT count(*)::int AS count FROM customer WHERE external_ref = 'CRM-0777'`)) as Array<{
      count: number;
    }>;
    expect(count).toBe(1);
  });

  const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const withConsents = (consents: unknown[], extra: Record<string, unknown> = {}) => person({ consents, evidence: EVIDENCE, ...extra });

  const invalid: Array<[string, () => Record<string, unknown>, string, string | null]> = [
    ['a malformed email', () => person({ email: 'not-an-email' }), 'BAD_USER_INPUT', null],
    // Refused by the PhoneNumber scalar as the variable is read, before validation: input-hardening.test.ts asserts where.
    ['a phone not in E.164 form', () => person({ phone: '+994 50 111 22 33' }), 'BAD_USER_INPUT', null],
    ['a national phone number', () => person({ phone: '0501112233' }), 'BAD_USER_INPUT', null],
    ['a blank name', () => person({ fullName: '   ' }), 'BAD_USER_INPUT', 'fullName'],
    ['a date of birth in the future', () => person({ dateOfBirth: tomorrow() }), 'BAD_USER_INPUT', 'dateOfBirth'],
    ['a blank externalRef', () => person({ externalRef: ' ' }), 'BAD_USER_INPUT', 'externalRef'],
    ['an unknown purpose', () => withConsents([{ purpose: 'MARKETING' }]), 'BAD_USER_INPUT', null],
    ['consents without evidence', () => person({ consents: [{ purpose: 'NEW_SERVICES' }] }), 'BAD_USER_INPUT', 'evidence'],
    [
      'evidence with a blank policy version',
      () => withConsents([{ purpose: 'NEW_SERVICES' }], { evidence: { ...EVIDENCE, policyVersion: ' ' } }),
      'BAD_USER_INPUT',
      'evidence',
    ],
    ['the same consent twice', () => withConsents([{ purpose: 'NEW_SERVICES' }, { purpose: 'NEW_SERVICES' }]), 'BAD_USER_INPUT', 'consents'],
    [
      'the same recipient consent twice, the id in two cases',
      () =>
        withConsents([
          { purpose: 'PERSONALIZATION', processorId: trusted.id },
          { purpose: 'PERSONALIZATION', processorId: trusted.id.toUpperCase() },
        ]),
      'BAD_USER_INPUT',
      'consents',
    ],
    ['an unknown processor', () => withConsents([{ purpose: 'PERSONALIZATION', processorId: randomUUID() }]), 'NOT_FOUND', null],
    [
      'a processor not allowed the purpose',
      () => withConsents([{ purpose: 'TECHNICAL_SUPPORT', processorId: trusted.id }]),
      'PURPOSE_NOT_ALLOWED',
      null,
    ],
    ['an inactive processor', () => withConsents([{ purpose: 'PERSONALIZATION', processorId: inactive.id }]), 'PROCESSOR_INACTIVE', null],
    [
      'a good consent followed by one to an unknown processor (the customer row and first consent roll back)',
      () =>
        withConsents([
          { purpose: 'NEW_SERVICES' },
          { purpose: 'PERSONALIZATION', processorId: trusted.id },
          { purpose: 'PERSONALIZATION', processorId: randomUUID() },
        ]),
      'NOT_FOUND',
      null,
    ],
    [
      'a good consent followed by one the processor may not be used for',
      () =>
        withConsents([
          { purpose: 'PERSONALIZATION', processorId: trusted.id },
          { purpose: 'RIGHTS_AND_PROPERTY_PROTECTION', processorId: trusted.id },
        ]),
      'PURPOSE_NOT_ALLOWED',
      null,
    ],
  ];

  it.each(invalid)('refuses %s with its code and writes nothing', async (_case, input, code, property) => {
    const result = await expectRefusedWritingNothing(input(), code);
    if (property) {
      const failures = result.errors?.[0].extensions?.validationErrors as Array<{ property: string }>;
      expect(failures.map((failure) => failure.property)).toEqual([property]);
    }
  });
});

describe('who may sign a customer up', () => {
  it.each([
    ['a customer', () => app.customerToken(randomUUID())],
    ['an analyst', () => app.tokenFor('analyst')],
    ['an affiliate', async () => app.affiliateToken((await insertProcessor(app.dataSource)).id, ['PERSONALIZATION'])],
    ['a privacy officer', () => app.tokenFor('privacy_officer')],
  ])('refuses %s as FORBIDDEN and writes nothing', async (_who, tokenOf) => {
    const token = await tokenOf();
    await expectRefusedWritingNothing(person({ consents: [{ purpose: 'NEW_SERVICES' }], evidence: EVIDENCE }), 'FORBIDDEN', token);
  });

  it('refuses an anonymous caller as UNAUTHENTICATED and writes nothing', async () => {
    await expectRefusedWritingNothing(person(), 'UNAUTHENTICATED', null);
  });
});
