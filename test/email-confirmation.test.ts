import { randomUUID } from 'node:crypto';
import { forgetLapsedEmailConfirmations } from '../src/modules/customers/email-confirmation';
import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { fulfilAccessRequest, fulfilPrivacyRequest } from './support/privacy-requests';
import { withoutTimes, withPlaceholders } from './support/placeholders';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * An email address is confirmed by whoever holds it (issue 13, class 7): EMAIL_TAKEN told any caller that some
 * customer held an address. Now a new address, from the customer's profile, a sign-up or a rectification, waits
 * for a one-time code sent to that address; an address another customer holds gets no code, and its holder a
 * notice instead. Each probe is made twice, with a held address and with a free one, by two callers in the same
 * position: the answers (whole, ids and addresses written as placeholders) and what the callers can see after are
 * the same.
 */

let app: TestApp;
let staff: string;
let officer: string;

beforeAll(async () => {
  app = await startTestApp();
  staff = await app.tokenFor('staff');
  officer = await app.tokenFor('privacy_officer');
});
afterAll(() => app.close());

const UPDATE = `mutation ($input: UpdateProfileInput!) {
  updateMyProfile(input: $input) { id createdAt updatedAt email pendingEmail fullName phone locale }
}`;
const CONFIRM = `mutation ($code: String!) { confirmMyEmail(code: $code) { id email pendingEmail } }`;
const ME = `{ me {
  id createdAt updatedAt email pendingEmail fullName phone locale
  consents { purpose { code } status } accessLog { actorRole fields } privacyRequests { type status changedFields history { fromStatus toStatus } }
} }`;

type Answer = GraphQLResponse<Record<string, unknown>>;

const freeAddress = () => `free.${randomUUID().slice(0, 8)}@example.az`;

/** Two customers alike in everything a probe could tell apart but their id and email. */
async function twoAlikeCustomers(): Promise<[CustomerRow, CustomerRow]> {
  const alike = { fullName: 'Aynur Quliyeva', phone: '+994501234567', street: 'Füzuli küçəsi 3', postalCode: 'AZ1001' };
  const first = await insertCustomer(app.dataSource, alike);
  const second = await insertCustomer(app.dataSource, alike);
  // Created in the same instant, so that createdAt does not tell them apart either.
  await app.dataSource.query(`UPDATE customer SET created_at = '2025-01-01T00:00:00Z', updated_at = '2025-01-01T00:00:00Z' WHERE id = ANY($1)`, [
    [first.id, second.id],
  ]);
  return [first, second];
}

async function update(customerId: string, input: Record<string, unknown>): Promise<Answer> {
  return app.graphql(UPDATE, { token: await app.customerToken(customerId), variables: { input } });
}

async function confirm(customerId: string, code: string): Promise<Answer> {
  return app.graphql(CONFIRM, { token: await app.customerToken(customerId), variables: { code } });
}

async function me(customerId: string): Promise<Answer> {
  return app.graphql(ME, { token: await app.customerToken(customerId) });
}

interface Message {
  kind: string;
  channel: string;
  customer_id: string;
  request_id: string | null;
  body: Record<string, unknown> | null;
}

/** Every message queued for the given customers, oldest first. */
async function messagesOf(...customerIds: string[]): Promise<Message[]> {
  return (await app.dataSource.query(
    `SELECT kind, channel, customer_id, request_id, body FROM outbox_message WHERE customer_id = ANY($1) ORDER BY created_at, id`,
    [customerIds],
  )) as Message[];
}

/** The code, as the sender delivers it to the address it was sent to. */
async function codeSentTo(address: string): Promise<string> {
  const rows = (await app.dataSource.query(
    `SELECT body->>'code' AS code FROM outbox_message WHERE kind = 'EMAIL_CONFIRMATION_CODE' AND body->>'to' = $1 ORDER BY created_at DESC LIMIT 1`,
    [address],
  )) as Array<{ code: string }>;
  expect(rows).toHaveLength(1);
  expect(rows[0].code).toMatch(/^\d{6}$/);
  return rows[0].code;
}

async function storedEmail(customerId: string): Promise<string | null> {
  const [row] = (await app.dataSource.query(`SELECT email FROM customer WHERE id = $1`, [customerId])) as Array<{ email: string | null }>;
  return row.email;
}

const codeOf = (answer: Answer) => answer.errors?.map((error) => error.extensions?.code);
/** Any code but `code`: a six-digit code that is wrong. */
const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('updateMyProfile with a new email', () => {
  it('answers the same, whole, whether another customer holds the address or it is free', async () => {
    const holder = await insertCustomer(app.dataSource);
    const [prober, control] = await twoAlikeCustomers();
    const held = holder.email.toUpperCase();
    const free = freeAddress();

    const heldAnswer = await update(prober.id, { email: held });
    const freeAnswer = await update(control.id, { email: free });

    expect(heldAnswer.errors).toBeUndefined();
    expect(heldAnswer.data?.updateMyProfile).toMatchObject({ email: prober.email, pendingEmail: held });
    expect(withPlaceholders(heldAnswer, { [prober.id]: '<id>', [prober.email]: '<own>', [held]: '<sent>' })).toBe(
      withPlaceholders(freeAnswer, { [control.id]: '<id>', [control.email]: '<own>', [free]: '<sent>' }),
    );
    // What each can see of themselves afterwards, and what the database holds as their email.
    expect(withPlaceholders(await me(prober.id), { [prober.id]: '<id>', [prober.email]: '<own>', [held]: '<sent>' })).toBe(
      withPlaceholders(await me(control.id), { [control.id]: '<id>', [control.email]: '<own>', [free]: '<sent>' }),
    );
    expect(await storedEmail(prober.id)).toBe(prober.email);
    expect(await storedEmail(control.id)).toBe(control.email);
    expect(await storedEmail(holder.id)).toBe(holder.email);

    // The other fields given with the address change at once, alike for both.
    const [heldWithName, freeWithName] = [
      await update(prober.id, { email: held, fullName: 'Aynur Həsənova' }),
      await update(control.id, { email: free, fullName: 'Aynur Həsənova' }),
    ];
    expect(heldWithName.data?.updateMyProfile).toMatchObject({ email: prober.email, pendingEmail: held, fullName: 'Aynur Həsənova' });
    expect(withoutTimes(withPlaceholders(heldWithName, { [prober.id]: '<id>', [prober.email]: '<own>', [held]: '<sent>' }))).toBe(
      withoutTimes(withPlaceholders(freeWithName, { [control.id]: '<id>', [control.email]: '<own>', [free]: '<sent>' })),
    );
  });

  it('sends a code to a free address, and to a held one no code but a notice to its holder that names nothing of the prober', async () => {
    const holder = await insertCustomer(app.dataSource);
    const [prober, control] = await twoAlikeCustomers();
    const free = freeAddress();
    await update(prober.id, { email: holder.email });
    await update(control.id, { email: free });

    expect(await messagesOf(control.id)).toEqual([
      {
        kind: 'EMAIL_CONFIRMATION_CODE',
        channel: 'EMAIL',
        customer_id: control.id,
        request_id: null,
        body: { to: free, code: expect.stringMatching(/^\d{6}$/), expiresAt: expect.any(String) },
      },
    ]);
    expect(await messagesOf(prober.id)).toEqual([]);
    const notices = await messagesOf(holder.id);
    expect(notices).toEqual([{ kind: 'EMAIL_IN_USE_NOTICE', channel: 'EMAIL', customer_id: holder.id, request_id: null, body: null }]);
  });

  it('applies the address once the code sent to it is confirmed, and then forgets it', async () => {
    const customer = await insertCustomer(app.dataSource);
    const address = freeAddress();
    await update(customer.id, { email: address });

    const confirmed = await confirm(customer.id, await codeSentTo(address));
    expect(confirmed).toEqual({ status: 200, data: { confirmMyEmail: { id: customer.id, email: address, pendingEmail: null } } });
    expect(await storedEmail(customer.id)).toBe(address);
    const [{ held }] = (await app.dataSource.query(
      `SELECT count(*)::int AS held FROM email_confirmation WHERE customer_id = $1 AND address IS NOT NULL`,
      [customer.id],
    )) as Array<{ held: number }>;
    expect(held).toBe(0);

    const again = await confirm(customer.id, await codeSentTo(address));
    expect(codeOf(again)).toEqual(['EMAIL_NOT_PENDING']);
  });

  it('counts wrong codes and, at the fifth, kills the code; never echoing the code or the address', async () => {
    const customer = await insertCustomer(app.dataSource);
    const address = freeAddress();
    await update(customer.id, { email: address });
    const code = await codeSentTo(address);

    for (const attemptsLeft of [4, 3, 2, 1]) {
      const answer = await confirm(customer.id, wrongCode(code));
      expect(answer.data).toEqual({ confirmMyEmail: null });
      expect(answer.errors?.map((error) => error.extensions)).toEqual([{ code: 'VERIFICATION_CODE_INVALID', attemptsLeft }]);
      expect(JSON.stringify(answer)).not.toContain(wrongCode(code));
      expect(JSON.stringify(answer)).not.toContain(address);
    }
    expect(codeOf(await confirm(customer.id, wrongCode(code)))).toEqual(['VERIFICATION_EXHAUSTED']);
    // The right code comes too late: the address is no longer waiting.
    expect(codeOf(await confirm(customer.id, code))).toEqual(['VERIFICATION_EXHAUSTED']);
    expect(await storedEmail(customer.id)).toBe(customer.email);
    expect(((await me(customer.id)).data?.me as Record<string, unknown>).pendingEmail).toBeNull();
  });

  it('answers a code for a held address as a wrong one: nobody has its code', async () => {
    const holder = await insertCustomer(app.dataSource);
    const [prober, control] = await twoAlikeCustomers();
    const free = freeAddress();
    await update(prober.id, { email: holder.email });
    await update(control.id, { email: free });
    const guess = wrongCode(await codeSentTo(free));
    expect(withPlaceholders(await confirm(prober.id, guess), { [prober.id]: '<id>' })).toBe(
      withPlaceholders(await confirm(control.id, guess), { [control.id]: '<id>' }),
    );
    expect(codeOf(await confirm(prober.id, guess))).toEqual(['VERIFICATION_CODE_INVALID']);
  });

  it('refuses an expired code as VERIFICATION_EXPIRED and keeps the email', async () => {
    const customer = await insertCustomer(app.dataSource);
    const address = freeAddress();
    await update(customer.id, { email: address });
    await app.dataSource.query(`UPDATE email_confirmation SET expires_at = now() - interval '1 second' WHERE customer_id = $1`, [customer.id]);

    const answer = await confirm(customer.id, await codeSentTo(address));
    expect(codeOf(answer)).toEqual(['VERIFICATION_EXPIRED']);
    expect(JSON.stringify(answer)).not.toContain(address);
    expect(await storedEmail(customer.id)).toBe(customer.email);
    expect(((await me(customer.id)).data?.me as Record<string, unknown>).pendingEmail).toBeNull();
  });

  it('forgets an address whose code lapsed, and answers its code as expired still', async () => {
    const customer = await insertCustomer(app.dataSource);
    const address = freeAddress();
    await update(customer.id, { email: address });
    const code = await codeSentTo(address);
    await app.dataSource.query(`UPDATE email_confirmation SET expires_at = now() - interval '1 second' WHERE customer_id = $1`, [customer.id]);

    // What the request maintenance runs every minute.
    expect(await forgetLapsedEmailConfirmations(app.dataSource)).toBeGreaterThanOrEqual(1);
    const kept = (await app.dataSource.query(`SELECT address, code_hash, closed_as FROM email_confirmation WHERE customer_id = $1`, [
      customer.id,
    ])) as unknown[];
    expect(kept).toEqual([{ address: null, code_hash: null, closed_as: 'EXPIRED' }]);
    expect(codeOf(await confirm(customer.id, code))).toEqual(['VERIFICATION_EXPIRED']);
  });

  it('refuses the right code as EMAIL_TAKEN when another customer confirmed the address first', async () => {
    const [first, second] = [await insertCustomer(app.dataSource), await insertCustomer(app.dataSource)];
    const address = freeAddress();
    await update(first.id, { email: address });
    const firstCode = await codeSentTo(address);
    await update(second.id, { email: address.toUpperCase() });
    expect(await confirm(second.id, await codeSentTo(address.toUpperCase()))).toMatchObject({
      data: { confirmMyEmail: { email: address.toUpperCase() } },
    });

    const late = await confirm(first.id, firstCode);
    expect(late.data).toEqual({ confirmMyEmail: null });
    expect(codeOf(late)).toEqual(['EMAIL_TAKEN']);
    expect(JSON.stringify(late)).not.toContain(address);
    expect(await storedEmail(first.id)).toBe(first.email);
    expect(codeOf(await confirm(first.id, firstCode))).toEqual(['EMAIL_TAKEN']);
  });

  it('replaces the address waiting with a new one: the old code is dead, the new one applies', async () => {
    const customer = await insertCustomer(app.dataSource);
    const [older, newer] = [freeAddress(), freeAddress()];
    await update(customer.id, { email: older });
    const olderCode = await codeSentTo(older);
    const answer = await update(customer.id, { email: newer });
    expect(answer.data?.updateMyProfile).toMatchObject({ email: customer.email, pendingEmail: newer });

    const newerCode = await codeSentTo(newer);
    if (olderCode !== newerCode) expect(codeOf(await confirm(customer.id, olderCode))).toEqual(['VERIFICATION_CODE_INVALID']);
    expect((await confirm(customer.id, newerCode)).data).toEqual({ confirmMyEmail: { id: customer.id, email: newer, pendingEmail: null } });
  });

  it('applies the same address in other letter case at once, with no code', async () => {
    const customer = await insertCustomer(app.dataSource);
    const answer = await update(customer.id, { email: customer.email.toUpperCase() });
    expect(answer.data?.updateMyProfile).toMatchObject({ email: customer.email.toUpperCase(), pendingEmail: null });
    expect(await messagesOf(customer.id)).toEqual([]);
  });

  it('takes at most five new addresses a day, counted alike for held and free ones', async () => {
    const holder = await insertCustomer(app.dataSource);
    const [prober, control] = await twoAlikeCustomers();
    for (let round = 0; round < 5; round += 1) {
      expect((await update(prober.id, { email: round % 2 === 0 ? holder.email : freeAddress() })).errors).toBeUndefined();
      expect((await update(control.id, { email: freeAddress() })).errors).toBeUndefined();
    }
    const [heldAnswer, freeAnswer] = [await update(prober.id, { email: holder.email }), await update(control.id, { email: freeAddress() })];
    expect(codeOf(heldAnswer)).toEqual(['TOO_MANY_EMAIL_CHANGES']);
    expect(withPlaceholders(heldAnswer, { [holder.email]: '<sent>' })).toBe(withPlaceholders(freeAnswer, {}));
  });
});

describe('who reads a pending address', () => {
  it('shows it to the privacy officer, audited, and to no recipient or staff member', async () => {
    const customer = await insertCustomer(app.dataSource);
    const address = freeAddress();
    await update(customer.id, { email: address });
    const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
    await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: processor.id });
    const recipient = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
    const query = `query ($id: UUID!) { customer(id: $id) { id email pendingEmail } }`;

    const byOfficer = await app.graphql(query, { token: officer, variables: { id: customer.id } });
    expect(byOfficer).toEqual({ status: 200, data: { customer: { id: customer.id, email: customer.email, pendingEmail: address } } });
    const log = (await me(customer.id)).data?.me as { accessLog: Array<{ actorRole: string; fields: string[] }> };
    expect(log.accessLog.map((entry) => [entry.actorRole, [...entry.fields].sort()])).toEqual([['privacy_officer', ['email', 'pendingEmail']]]);

    for (const token of [recipient, staff]) {
      const answer = await app.graphql<{ customer: Record<string, unknown> }>(query, { token, variables: { id: customer.id } });
      expect(answer.data?.customer?.pendingEmail).toBeNull();
      expect(answer.errors?.filter((error) => error.path?.includes('pendingEmail')).map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(answer)).not.toContain(address);
    }
  });
});

describe('registerCustomer', () => {
  const REGISTER = `mutation ($input: RegisterCustomerInput!) {
    registerCustomer(input: $input) { id createdAt updatedAt locale erasedAt email pendingEmail consents { purpose { code } status source } }
  }`;
  const EVIDENCE = { policyVersion: '2025-06', language: 'EN', shownAt: '2025-11-20T10:15:00.000Z', channel: 'WEB' };

  async function register(email: string): Promise<Answer> {
    return app.graphql(REGISTER, {
      token: staff,
      variables: { input: { email, fullName: 'Elvin Məmmədli', consents: [{ purpose: 'NEW_SERVICES' }], evidence: EVIDENCE } },
    });
  }

  const registeredId = (answer: Answer) => (answer.data?.registerCustomer as { id: string }).id;
  const timesOf = (answer: Answer) => {
    const { createdAt, updatedAt } = answer.data?.registerCustomer as { createdAt: string; updatedAt: string };
    return { [createdAt]: '<time>', [updatedAt]: '<time>' };
  };

  it('answers the same for a held address as for a free one, creating the customer with the address waiting', async () => {
    const holder = await insertCustomer(app.dataSource);
    const free = freeAddress();
    const heldAnswer = await register(holder.email.toUpperCase());
    const freeAnswer = await register(free);

    expect(codeOf(heldAnswer)).toEqual(['FORBIDDEN', 'FORBIDDEN']);
    expect(heldAnswer.data?.registerCustomer).toMatchObject({
      email: null,
      pendingEmail: null,
      consents: [{ status: 'GRANTED', source: 'SIGN_UP' }],
    });
    expect(withPlaceholders(heldAnswer, { [registeredId(heldAnswer)]: '<id>', ...timesOf(heldAnswer) })).toBe(
      withPlaceholders(freeAnswer, { [registeredId(freeAnswer)]: '<id>', ...timesOf(freeAnswer) }),
    );

    const [heldId, freeId] = [registeredId(heldAnswer), registeredId(freeAnswer)];
    expect([await storedEmail(heldId), await storedEmail(freeId)]).toEqual([null, null]);
    const seen = async (id: string, sent: string) =>
      withPlaceholders((await me(id)).data, { [id]: '<id>', [sent]: '<sent>', ...timesOf(id === heldId ? heldAnswer : freeAnswer) });
    expect(await seen(heldId, holder.email)).toBe(await seen(freeId, free));
    expect(((await me(freeId)).data?.me as Record<string, unknown>).pendingEmail).toBe(free);

    expect((await messagesOf(heldId)).map((message) => message.kind)).toEqual([]);
    expect((await messagesOf(holder.id)).map((message) => message.kind)).toEqual(['EMAIL_IN_USE_NOTICE']);
    expect((await messagesOf(freeId)).map((message) => [message.kind, message.body?.to])).toEqual([['EMAIL_CONFIRMATION_CODE', free]]);
  });

  it('refuses the new customer a privacy request until the address is confirmed: its code would go nowhere', async () => {
    const address = freeAddress();
    const id = registeredId(await register(address));
    const submit = async () =>
      app.graphql(`mutation { submitPrivacyRequest(input: { type: ACCESS }) { status } }`, { token: await app.customerToken(id) });
    const refused = await submit();
    expect(refused.data?.submitPrivacyRequest ?? null).toBeNull();
    expect(refused.errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'VERIFICATION_ADDRESS_MISSING' }) })]);
    expect(await app.dataSource.query(`SELECT id FROM privacy_request WHERE customer_id = $1`, [id])).toEqual([]);
    await confirm(id, await codeSentTo(address));
    expect((await submit()).data).toEqual({ submitPrivacyRequest: { status: 'AWAITING_VERIFICATION' } });
  });

  it('lets the new customer confirm the address with the code sent to it', async () => {
    const address = freeAddress();
    const id = registeredId(await register(address));
    expect((await confirm(id, await codeSentTo(address))).data).toEqual({ confirmMyEmail: { id, email: address, pendingEmail: null } });
    expect(await storedEmail(id)).toBe(address);
  });
});

describe('RECTIFICATION of the email', () => {
  const REQUESTS = `{ me { privacyRequests { type status changedFields history { fromStatus toStatus actor } } } }`;

  it('completes the same for a held address as for a free one, the address waiting for its code', async () => {
    const holder = await insertCustomer(app.dataSource);
    const [prober, control] = await twoAlikeCustomers();
    const free = freeAddress();
    const changes = (email: string) => ({ type: 'RECTIFICATION', changes: { email, fullName: 'Aynur Rəhimova' } });
    const heldRequest = await fulfilPrivacyRequest(app, officer, prober.id, changes(holder.email));
    const freeRequest = await fulfilPrivacyRequest(app, officer, control.id, changes(free));

    const seen = async (customer: CustomerRow, sent: string) => {
      const requests = await app.graphql(REQUESTS, { token: await app.customerToken(customer.id) });
      return withoutTimes(
        withPlaceholders([requests, await me(customer.id)], { [customer.id]: '<id>', [customer.email]: '<own>', [sent]: '<sent>' }),
      );
    };
    expect(await seen(prober, holder.email)).toBe(await seen(control, free));
    const [row] = (await app.dataSource.query(`SELECT changed_fields FROM privacy_request WHERE id = $1`, [heldRequest])) as Array<{
      changed_fields: string[];
    }>;
    expect(row.changed_fields).toEqual(['fullName', 'pendingEmail']);
    expect(await storedEmail(prober.id)).toBe(prober.email);

    expect((await messagesOf(holder.id)).map((message) => [message.kind, message.body])).toEqual([['EMAIL_IN_USE_NOTICE', null]]);
    const codes = (await messagesOf(control.id)).filter((message) => message.kind === 'EMAIL_CONFIRMATION_CODE');
    expect(codes.map((message) => [message.request_id, message.body?.to])).toEqual([[freeRequest, free]]);

    // The access export shows the address waiting, as the customer sees it.
    const exported = await fulfilAccessRequest(app, officer, control.id);
    expect(exported.document.profile).toMatchObject({ email: control.email, pendingEmail: free });
    expect(exported.readable).toContain(`Email waiting for confirmation: ${free}`);
  });

  it('notifies the processors that read the email once the corrected address is confirmed', async () => {
    const customer = await insertCustomer(app.dataSource);
    const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
    await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: processor.id });
    const read = await app.graphql(`query ($id: UUID!) { customer(id: $id) { email } }`, {
      token: await app.affiliateToken(processor.id, ['PERSONALIZATION']),
      variables: { id: customer.id },
    });
    expect(read.errors).toBeUndefined();
    const address = freeAddress();
    const requestId = await fulfilPrivacyRequest(app, officer, customer.id, { type: 'RECTIFICATION', changes: { email: address } });
    const notices = () =>
      app.dataSource.query(`SELECT processor_id, body FROM outbox_message WHERE request_id = $1 AND kind = 'RECTIFICATION_NOTICE'`, [requestId]);
    expect(await notices()).toEqual([]);

    expect((await confirm(customer.id, await codeSentTo(address))).errors).toBeUndefined();
    expect(await notices()).toEqual([{ processor_id: processor.id, body: { changedFields: ['email'], requestId, customerId: customer.id } }]);
  });
});

describe('ERASURE', () => {
  it('removes the addresses waiting and the bodies of their messages', async () => {
    const customer = await insertCustomer(app.dataSource);
    const address = freeAddress();
    await update(customer.id, { email: address });
    // Someone else tried the customer's own address: a notice to the customer.
    await update((await insertCustomer(app.dataSource)).id, { email: customer.email });
    expect((await messagesOf(customer.id)).map((message) => message.kind).sort()).toEqual(['EMAIL_CONFIRMATION_CODE', 'EMAIL_IN_USE_NOTICE']);
    const code = await codeSentTo(address);

    await fulfilPrivacyRequest(app, officer, customer.id, { type: 'ERASURE' });

    const left = (await app.dataSource.query(`SELECT count(*)::int AS count FROM email_confirmation WHERE customer_id = $1`, [
      customer.id,
    ])) as Array<{
      count: number;
    }>;
    expect(left).toEqual([{ count: 0 }]);
    const bodies = (await messagesOf(customer.id)).filter((message) => message.kind.startsWith('EMAIL_')).map((message) => message.body);
    expect(bodies).toEqual([null, null]);
    expect(codeOf(await confirm(customer.id, code))).toEqual(['CUSTOMER_ERASED']);
  });
});
