import { createHmac } from 'node:crypto';
import { insertConsent, insertCustomer, insertProcessor } from './support/fixtures';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * The personal-cabinet procedure of policy §5 through HTTP: a customer proves their identity with a one-time
 * code (a second one by SMS where the service's procedure says so), or a staff member vouches for a caller;
 * the privacy officer takes the request on, may set a fee for excessive effort, extend the deadline once, or
 * refuse on a ground of §5; the request is carried out once, however many officers try at the same moment.
 * Every answer is checked against the database: the request's row and its history of events.
 */

let app: TestApp;
let officer: string;
let otherOfficer: string;
let staff: string;

const DAY = 24 * 3600 * 1000;
const OFFICER = 'privacy_officer:nigar';
const STAFF = 'staff:rauf';

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.token({ role: 'privacy_officer', sub: 'nigar' });
  otherOfficer = await app.token({ role: 'privacy_officer', sub: 'leyla' });
  staff = await app.token({ role: 'staff', sub: 'rauf' });
});
afterAll(() => app.close());

type RequestType = 'ACCESS' | 'RECTIFICATION' | 'ERASURE';

interface RequestPayload {
  id: string;
  customerId: string;
  type: RequestType;
  status: string;
  service: string;
  submittedAt: string;
  submittedBy: string;
  dueAt: string;
  overdue: boolean;
  verifiedAt: string | null;
  verificationMethod: string | null;
  verifiedBy: string | null;
  verificationNote: string | null;
  assignedTo: string | null;
  repetitiveSuspected: boolean;
  refusalReason: string | null;
  refusalJustification: string | null;
  fee: { amount: string; currency: string; justification: string; acceptedAt: string | null } | null;
  deadlineExtendedAt: string | null;
  deadlineExtensionReason: string | null;
  closedAt: string | null;
}

const FIELDS = `id customerId type status service submittedAt submittedBy dueAt overdue verifiedAt verificationMethod verifiedBy
  verificationNote assignedTo repetitiveSuspected refusalReason refusalJustification
  fee { amount currency justification acceptedAt } deadlineExtendedAt deadlineExtensionReason closedAt`;

const SUBMIT = `mutation ($input: SubmitPrivacyRequestInput!) { submitPrivacyRequest(input: $input) { ${FIELDS} } }`;
const SUBMIT_FOR = `mutation ($input: AssistedPrivacyRequestInput!) { submitPrivacyRequestForCustomer(input: $input) { ${FIELDS} } }`;
const VERIFY = `mutation ($id: UUID!, $code: String!) { verifyPrivacyRequest(id: $id, code: $code) { ${FIELDS} } }`;
const ACCEPT_FEE = `mutation ($id: UUID!) { acceptPrivacyRequestFee(id: $id) { ${FIELDS} } }`;
const ASSIGN = `mutation ($id: UUID!) { assignPrivacyRequest(id: $id) { ${FIELDS} } }`;
const COMPLETE = `mutation ($id: UUID!) { completePrivacyRequest(id: $id) { ${FIELDS} } }`;
const REFUSE = `mutation ($id: UUID!, $refusal: RefusalInput!) { refusePrivacyRequest(id: $id, refusal: $refusal) { ${FIELDS} } }`;
const REQUIRE_FEE = `mutation ($id: UUID!, $fee: FeeInput!) { requirePrivacyRequestFee(id: $id, fee: $fee) { ${FIELDS} } }`;
const EXTEND = `mutation ($id: UUID!, $extension: DeadlineExtensionInput!) {
  extendPrivacyRequestDeadline(id: $id, extension: $extension) { ${FIELDS} }
}`;
const MY_REQUESTS = `{ me { privacyRequests { ${FIELDS} } } }`;

type Payload = Record<string, RequestPayload | null>;

interface Customer {
  id: string;
  token: string;
}

interface RequestRow {
  status: string;
  version: number;
  updated_at: Date;
  submitted_at: Date;
  due_at: Date;
  submitted_by: string;
  verified_at: Date | null;
  verification_method: string | null;
  verified_by: string | null;
  verification_note: string | null;
  assigned_to: string | null;
  repetitive_suspected: boolean;
  refusal_reason: string | null;
  refusal_justification: string | null;
  fee_amount: string | null;
  fee_currency: string | null;
  fee_justification: string | null;
  fee_accepted_at: Date | null;
  deadline_extended_at: Date | null;
  deadline_extension_reason: string | null;
  closed_at: Date | null;
}

interface EventRow {
  from_status: string | null;
  to_status: string;
  actor: string;
  note: string | null;
}

async function newCustomer(): Promise<Customer> {
  const { id } = await insertCustomer(app.dataSource);
  return { id, token: await app.customerToken(id) };
}

const codes = (result: GraphQLResponse) => result.errors?.map((error) => error.extensions?.code);

/** The single error of a refused call, with the mutation's field null. */
function expectError(result: GraphQLResponse<Payload>, field: string, code: string) {
  expect(result.status).toBe(200);
  expect(codes(result)).toEqual([code]);
  expect(result.data?.[field] ?? null).toBeNull();
  return result.errors![0];
}

function expectOk(result: GraphQLResponse<Payload>, field: string): RequestPayload {
  expect(result.errors).toBeUndefined();
  const request = result.data?.[field];
  expect(request).toBeTruthy();
  return request!;
}

const submit = (customer: Customer, type: RequestType, service?: string) =>
  app.graphql<Payload>(SUBMIT, { token: customer.token, variables: { input: { type, ...(service ? { service } : {}) } } });

async function submitted(customer: Customer, type: RequestType, service?: string): Promise<RequestPayload> {
  return expectOk(await submit(customer, type, service), 'submitPrivacyRequest');
}

const verify = (customer: Customer, id: string, code: string) => app.graphql<Payload>(VERIFY, { token: customer.token, variables: { id, code } });

/** The code the sender would deliver for the request, read from the outbox. */
async function latestCode(requestId: string): Promise<string> {
  const rows = (await app.dataSource.query(
    `SELECT body->>'code' AS code FROM outbox_message WHERE request_id = $1 AND kind = 'VERIFICATION_CODE' ORDER BY created_at DESC LIMIT 1`,
    [requestId],
  )) as Array<{ code: string }>;
  expect(rows).toHaveLength(1);
  return rows[0].code;
}

/** A code that is certainly not the one sent. */
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

async function verified(customer: Customer, type: RequestType, service?: string): Promise<RequestPayload> {
  const request = await submitted(customer, type, service);
  return expectOk(await verify(customer, request.id, await latestCode(request.id)), 'verifyPrivacyRequest');
}

const asOfficer = (query: string, variables: Record<string, unknown>, token = officer) => app.graphql<Payload>(query, { token, variables });

async function inProgress(customer: Customer, type: RequestType): Promise<RequestPayload> {
  const request = await verified(customer, type);
  return expectOk(await asOfficer(ASSIGN, { id: request.id }), 'assignPrivacyRequest');
}

async function completed(customer: Customer, type: RequestType): Promise<RequestPayload> {
  const request = await inProgress(customer, type);
  return expectOk(await asOfficer(COMPLETE, { id: request.id }), 'completePrivacyRequest');
}

async function row(id: string): Promise<RequestRow> {
  const [found] = (await app.dataSource.query(`SELECT * FROM privacy_request WHERE id = $1`, [id])) as RequestRow[];
  expect(found).toBeDefined();
  return found;
}

const events = (id: string) =>
  app.dataSource.query(`SELECT from_status, to_status, actor, note FROM privacy_request_event WHERE request_id = $1 ORDER BY id`, [id]) as Promise<
    EventRow[]
  >;

const statusChanges = async (id: string) => (await events(id)).map((event) => [event.from_status, event.to_status, event.actor]);

async function count(sql: string, params: unknown[]): Promise<number> {
  const [{ n }] = (await app.dataSource.query(`SELECT count(*)::int AS n FROM (${sql}) counted`, params)) as Array<{ n: number }>;
  return n;
}

const codeMessages = (requestId: string) =>
  app.dataSource.query(
    `SELECT channel, body->>'step' AS step, body->>'code' AS code FROM outbox_message
     WHERE request_id = $1 AND kind = 'VERIFICATION_CODE' ORDER BY created_at, (body->>'step')::int`,
    [requestId],
  ) as Promise<Array<{ channel: string; step: string; code: string }>>;

async function myRequest(customer: Customer, id: string): Promise<RequestPayload | undefined> {
  const result = await app.graphql<{ me: { privacyRequests: RequestPayload[] } }>(MY_REQUESTS, { token: customer.token });
  expect(result.errors).toBeUndefined();
  return result.data?.me.privacyRequests.find((request) => request.id === id);
}

describe('verifying the identity with a one-time code', () => {
  it('starts a request awaiting verification, with the code in the outbox and only its keyed hash stored', async () => {
    const customer = await newCustomer();
    const request = await submitted(customer, 'ACCESS');
    expect(request).toMatchObject({
      customerId: customer.id,
      type: 'ACCESS',
      status: 'AWAITING_VERIFICATION',
      service: 'default',
      submittedBy: `customer:${customer.id}`,
      verifiedAt: null,
      verificationMethod: null,
      repetitiveSuspected: false,
    });

    expect(await codeMessages(request.id)).toEqual([{ channel: 'EMAIL', step: '1', code: expect.stringMatching(/^\d{6}$/) }]);
    const code = await latestCode(request.id);
    const verifications = (await app.dataSource.query(`SELECT * FROM request_verification WHERE request_id = $1`, [request.id])) as Array<
      Record<string, unknown> & { id: string; code_hash: string }
    >;
    expect(verifications).toHaveLength(1);
    const [verification] = verifications;
    expect(verification).toMatchObject({ step: 1, channel: 'EMAIL', attempts: 0, max_attempts: 5, verified_at: null });
    // Recomputed here from the documented construction (HMAC-SHA256 under the server's secret over
    // "<verification id>:<code>", hex), not with the code's own function, so a change to the construction fails.
    const expectedHash = createHmac('sha256', app.jwtSecret).update(`${verification.id}:${code}`, 'utf8').digest('hex');
    expect(verification.code_hash).toBe(expectedHash);
    expect(Object.values(verification).map(String)).not.toContain(code);

    expect((await row(request.id)).status).toBe('AWAITING_VERIFICATION');
    expect(await statusChanges(request.id)).toEqual([[null, 'AWAITING_VERIFICATION', `customer:${customer.id}`]]);
  });

  it('refuses a wrong code with the attempts left counting down, and the request keeps waiting', async () => {
    const customer = await newCustomer();
    const request = await submitted(customer, 'ACCESS');
    const code = await latestCode(request.id);
    for (const attemptsLeft of [4, 3, 2, 1]) {
      const error = expectError(await verify(customer, request.id, wrong(code)), 'verifyPrivacyRequest', 'VERIFICATION_CODE_INVALID');
      expect(error.extensions?.attemptsLeft).toBe(attemptsLeft);
      expect((await row(request.id)).status).toBe('AWAITING_VERIFICATION');
    }
    const [{ attempts }] = (await app.dataSource.query(`SELECT attempts FROM request_verification WHERE request_id = $1`, [request.id])) as Array<{
      attempts: number;
    }>;
    expect(attempts).toBe(4);
    expect(await statusChanges(request.id)).toEqual([[null, 'AWAITING_VERIFICATION', `customer:${customer.id}`]]);
  });

  it('refuses the request as IDENTITY_NOT_VERIFIED at the fifth wrong code, and the right code does not revive it', async () => {
    const customer = await newCustomer();
    const request = await submitted(customer, 'ACCESS');
    const code = await latestCode(request.id);
    for (let attempt = 1; attempt <= 4; attempt += 1) {
      expectError(await verify(customer, request.id, wrong(code)), 'verifyPrivacyRequest', 'VERIFICATION_CODE_INVALID');
    }
    expectError(await verify(customer, request.id, wrong(code)), 'verifyPrivacyRequest', 'VERIFICATION_EXHAUSTED');

    const refused = await row(request.id);
    expect(refused).toMatchObject({ status: 'REFUSED', refusal_reason: 'IDENTITY_NOT_VERIFIED', verified_at: null });
    expect(refused.refusal_justification).toEqual(expect.stringContaining('too many wrong codes'));
    expect(refused.closed_at).toBeInstanceOf(Date);
    expect(await statusChanges(request.id)).toEqual([
      [null, 'AWAITING_VERIFICATION', `customer:${customer.id}`],
      ['AWAITING_VERIFICATION', 'REFUSED', 'system:request-verification'],
    ]);

    expectError(await verify(customer, request.id, code), 'verifyPrivacyRequest', 'ILLEGAL_TRANSITION');
    expect(await row(request.id)).toEqual(refused);
    expect(await events(request.id)).toHaveLength(2);
    expect(await myRequest(customer, request.id)).toMatchObject({ status: 'REFUSED', refusalReason: 'IDENTITY_NOT_VERIFIED' });
  });

  it('refuses an expired code, even the right one, and the request lapses as IDENTITY_NOT_VERIFIED', async () => {
    const customer = await newCustomer();
    const request = await submitted(customer, 'ERASURE');
    const code = await latestCode(request.id);
    await app.dataSource.query(`UPDATE request_verification SET expires_at = now() - interval '1 second' WHERE request_id = $1`, [request.id]);

    expectError(await verify(customer, request.id, code), 'verifyPrivacyRequest', 'VERIFICATION_EXPIRED');
    expect(await row(request.id)).toMatchObject({ status: 'REFUSED', refusal_reason: 'IDENTITY_NOT_VERIFIED', verified_at: null });
    expect(await statusChanges(request.id)).toEqual([
      [null, 'AWAITING_VERIFICATION', `customer:${customer.id}`],
      ['AWAITING_VERIFICATION', 'REFUSED', 'system:request-verification'],
    ]);
  });

  it('lets the sweep refuse lapsed requests the customer never touched, and nothing else', async () => {
    const customer = await newCustomer();
    const lapsed = await submitted(customer, 'ACCESS');
    const waiting = await submitted(customer, 'ERASURE');
    // Past the first code, the second (SMS) one lapsed.
    const halfway = await submitted(customer, 'ACCESS', 'print-archive');
    expectOk(await verify(customer, halfway.id, await latestCode(halfway.id)), 'verifyPrivacyRequest');
    await app.dataSource.query(`UPDATE request_verification SET expires_at = now() - interval '1 second' WHERE request_id = $1`, [lapsed.id]);
    await app.dataSource.query(
      `UPDATE request_verification SET expires_at = now() - interval '1 second' WHERE request_id = $1 AND verified_at IS NULL`,
      [halfway.id],
    );

    const service = app.services.requests;
    expect(await service.lapseExpiredVerifications()).toBe(2);

    for (const id of [lapsed.id, halfway.id]) {
      expect(await row(id)).toMatchObject({ status: 'REFUSED', refusal_reason: 'IDENTITY_NOT_VERIFIED' });
      expect(await statusChanges(id)).toEqual([
        [null, 'AWAITING_VERIFICATION', `customer:${customer.id}`],
        ['AWAITING_VERIFICATION', 'REFUSED', 'system:request-verification'],
      ]);
    }
    expect((await row(waiting.id)).status).toBe('AWAITING_VERIFICATION');
    expect(await events(waiting.id)).toHaveLength(1);

    // A second sweep finds nothing left to refuse and writes no second event.
    expect(await service.lapseExpiredVerifications()).toBe(0);
    expect(await events(lapsed.id)).toHaveLength(2);
  });

  it('verifies the request with the right code, by ONE_TIME_CODE', async () => {
    const customer = await newCustomer();
    const request = await submitted(customer, 'ACCESS');
    const code = await latestCode(request.id);
    expectError(await verify(customer, request.id, wrong(code)), 'verifyPrivacyRequest', 'VERIFICATION_CODE_INVALID');

    const result = expectOk(await verify(customer, request.id, code), 'verifyPrivacyRequest');
    expect(result).toMatchObject({ status: 'VERIFIED', verificationMethod: 'ONE_TIME_CODE', verifiedBy: null, verificationNote: null });
    expect(result.verifiedAt).not.toBeNull();

    const stored = await row(request.id);
    expect(stored).toMatchObject({ status: 'VERIFIED', verification_method: 'ONE_TIME_CODE', verified_by: null, closed_at: null });
    expect(stored.verified_at).toBeInstanceOf(Date);
    expect(await statusChanges(request.id)).toEqual([
      [null, 'AWAITING_VERIFICATION', `customer:${customer.id}`],
      ['AWAITING_VERIFICATION', 'VERIFIED', `customer:${customer.id}`],
    ]);
    const verifications = (await app.dataSource.query(`SELECT attempts, verified_at FROM request_verification WHERE request_id = $1`, [
      request.id,
    ])) as Array<{ attempts: number; verified_at: Date | null }>;
    expect(verifications).toEqual([{ attempts: 2, verified_at: expect.any(Date) }]);
  });

  it("does not let another customer verify someone else's request, even with the right code", async () => {
    const owner = await newCustomer();
    const stranger = await newCustomer();
    const request = await submitted(owner, 'ERASURE');
    const code = await latestCode(request.id);

    expectError(await verify(stranger, request.id, code), 'verifyPrivacyRequest', 'NOT_FOUND');
    expect((await row(request.id)).status).toBe('AWAITING_VERIFICATION');
    expect(await events(request.id)).toHaveLength(1);
    const [{ attempts }] = (await app.dataSource.query(`SELECT attempts FROM request_verification WHERE request_id = $1`, [request.id])) as Array<{
      attempts: number;
    }>;
    expect(attempts).toBe(0);
    // The owner's code still works.
    expect(expectOk(await verify(owner, request.id, code), 'verifyPrivacyRequest').status).toBe('VERIFIED');
  });

  it("asks a second code by SMS for access to the print archive, which is due in 14 days (the default service's in 30)", async () => {
    const customer = await newCustomer();
    const request = await submitted(customer, 'ACCESS', 'print-archive');
    expect(request.service).toBe('print-archive');
    expect(new Date(request.dueAt).getTime() - new Date(request.submittedAt).getTime()).toBe(14 * DAY);
    const stored = await row(request.id);
    expect(stored.due_at.getTime() - stored.submitted_at.getTime()).toBe(14 * DAY);

    const emailCode = await latestCode(request.id);
    const afterFirst = expectOk(await verify(customer, request.id, emailCode), 'verifyPrivacyRequest');
    expect(afterFirst).toMatchObject({ status: 'AWAITING_VERIFICATION', verificationMethod: null, verifiedAt: null });
    expect((await row(request.id)).status).toBe('AWAITING_VERIFICATION');
    const messages = await codeMessages(request.id);
    expect(messages.map(({ channel, step }) => [channel, step])).toEqual([
      ['EMAIL', '1'],
      ['SMS', '2'],
    ]);
    const smsCode = messages[1].code;
    expect(await latestCode(request.id)).toBe(smsCode);

    // The email code does not confirm the SMS step (unless both codes happen to be the same six digits).
    if (smsCode !== emailCode) {
      expectError(await verify(customer, request.id, emailCode), 'verifyPrivacyRequest', 'VERIFICATION_CODE_INVALID');
    }
    const done = expectOk(await verify(customer, request.id, smsCode), 'verifyPrivacyRequest');
    expect(done).toMatchObject({ status: 'VERIFIED', verificationMethod: 'ONE_TIME_CODE' });
    expect(await row(request.id)).toMatchObject({ status: 'VERIFIED', verification_method: 'ONE_TIME_CODE' });
    expect(await statusChanges(request.id)).toEqual([
      [null, 'AWAITING_VERIFICATION', `customer:${customer.id}`],
      ['AWAITING_VERIFICATION', 'VERIFIED', `customer:${customer.id}`],
    ]);

    const usual = await submitted(customer, 'ERASURE');
    expect(new Date(usual.dueAt).getTime() - new Date(usual.submittedAt).getTime()).toBe(30 * DAY);
    expect(await codeMessages(usual.id)).toHaveLength(1);
  });
});

describe('a request submitted by staff for a caller whose identity they checked', () => {
  it('is verified at once by that staff member, STAFF_ASSISTED with the note, and no code is sent', async () => {
    const customer = await newCustomer();
    const result = await app.graphql<Payload>(SUBMIT_FOR, {
      token: staff,
      variables: { input: { customerId: customer.id, type: 'ERASURE', identityCheck: '  security questions and callback ' } },
    });
    const request = expectOk(result, 'submitPrivacyRequestForCustomer');
    expect(request).toMatchObject({
      customerId: customer.id,
      status: 'VERIFIED',
      submittedBy: STAFF,
      verifiedBy: STAFF,
      verificationMethod: 'STAFF_ASSISTED',
      verificationNote: 'security questions and callback',
    });

    expect(await row(request.id)).toMatchObject({
      status: 'VERIFIED',
      submitted_by: STAFF,
      verified_by: STAFF,
      verification_method: 'STAFF_ASSISTED',
      verification_note: 'security questions and callback',
      verified_at: expect.any(Date),
    });
    expect(await events(request.id)).toEqual([{ from_status: null, to_status: 'VERIFIED', actor: STAFF, note: 'identity verified by staff' }]);
    expect(await count(`SELECT 1 FROM outbox_message WHERE request_id = $1`, [request.id])).toBe(0);
    expect(await count(`SELECT 1 FROM request_verification WHERE request_id = $1`, [request.id])).toBe(0);
  });

  it('needs to say how the identity was checked: a blank identityCheck is BAD_USER_INPUT', async () => {
    const customer = await newCustomer();
    const result = await app.graphql<Payload>(SUBMIT_FOR, {
      token: staff,
      variables: { input: { customerId: customer.id, type: 'ACCESS', identityCheck: '   ' } },
    });
    expectError(result, 'submitPrivacyRequestForCustomer', 'BAD_USER_INPUT');
    expect(await count(`SELECT 1 FROM privacy_request WHERE customer_id = $1`, [customer.id])).toBe(0);
  });

  it('is for staff only: a customer token is FORBIDDEN', async () => {
    const customer = await newCustomer();
    const result = await app.graphql<Payload>(SUBMIT_FOR, {
      token: customer.token,
      variables: { input: { customerId: customer.id, type: 'ACCESS', identityCheck: 'it is me' } },
    });
    expectError(result, 'submitPrivacyRequestForCustomer', 'FORBIDDEN');
    expect(await count(`SELECT 1 FROM privacy_request WHERE customer_id = $1`, [customer.id])).toBe(0);
  });
});

describe('refusing a request on a ground of policy §5', () => {
  const refuse = (id: string, reason: string, justification: string, token = officer) =>
    asOfficer(REFUSE, { id, refusal: { reason, justification } }, token);

  it.each(['TECHNICALLY_INFEASIBLE', 'ENDANGERS_OTHERS_PRIVACY'])(
    'lets the officer refuse as %s, with a justification the customer reads',
    async (reason) => {
      const customer = await newCustomer();
      const request = await verified(customer, 'ACCESS');
      const justification = `Refused (${reason}): the archive holds other customers' documents.`;
      const refused = expectOk(await refuse(request.id, reason, `  ${justification}  `), 'refusePrivacyRequest');
      expect(refused).toMatchObject({ status: 'REFUSED', refusalReason: reason, refusalJustification: justification });

      const stored = await row(request.id);
      expect(stored).toMatchObject({ status: 'REFUSED', refusal_reason: reason, refusal_justification: justification });
      expect(stored.closed_at).toBeInstanceOf(Date);
      expect((await statusChanges(request.id)).at(-1)).toEqual(['VERIFIED', 'REFUSED', OFFICER]);
      expect(await myRequest(customer, request.id)).toMatchObject({
        status: 'REFUSED',
        refusalReason: reason,
        refusalJustification: justification,
      });
    },
  );

  it('does not let the officer choose IDENTITY_NOT_VERIFIED, which only the system sets', async () => {
    const customer = await newCustomer();
    const request = await verified(customer, 'ACCESS');
    expectError(await refuse(request.id, 'IDENTITY_NOT_VERIFIED', 'Could not tell.'), 'refusePrivacyRequest', 'REFUSAL_REASON_NOT_ALLOWED');
    expect(await row(request.id)).toMatchObject({ status: 'VERIFIED', refusal_reason: null });
    expect(await events(request.id)).toHaveLength(2);
  });

  describe('the repetitive rule (more than 2 requests of a type in 90 days)', () => {
    it('flags the third request of a type, not the first two, nor one of another type', async () => {
      const customer = await newCustomer();
      const flags = [];
      for (let index = 0; index < 3; index += 1) flags.push((await submitted(customer, 'ACCESS')).repetitiveSuspected);
      expect(flags).toEqual([false, false, true]);
      const other = await submitted(customer, 'ERASURE');
      expect(other.repetitiveSuspected).toBe(false);
      const stored = (await app.dataSource.query(
        `SELECT type, repetitive_suspected FROM privacy_request WHERE customer_id = $1 ORDER BY submitted_at`,
        [customer.id],
      )) as Array<{ type: string; repetitive_suspected: boolean }>;
      expect(stored.map((request) => [request.type, request.repetitive_suspected])).toEqual([
        ['ACCESS', false],
        ['ACCESS', false],
        ['ACCESS', true],
        ['ERASURE', false],
      ]);
    });

    it("does not flag another customer's third request because of this customer's", async () => {
      const first = await newCustomer();
      const second = await newCustomer();
      await submitted(first, 'ACCESS');
      await submitted(first, 'ACCESS');
      expect((await submitted(second, 'ACCESS')).repetitiveSuspected).toBe(false);
    });

    async function backdate(id: string, days: number) {
      await app.dataSource.query(`UPDATE privacy_request SET submitted_at = now() - make_interval(days => $2) WHERE id = $1`, [id, days]);
    }

    it('does not count requests older than the window', async () => {
      const customer = await newCustomer();
      const old = [await submitted(customer, 'ACCESS'), await submitted(customer, 'ACCESS')];
      for (const request of old) await backdate(request.id, 91);
      expect((await submitted(customer, 'ACCESS')).repetitiveSuspected).toBe(false);
    });

    it('counts a request still inside the window', async () => {
      const customer = await newCustomer();
      const older = await submitted(customer, 'ACCESS');
      await backdate(older.id, 89);
      await submitted(customer, 'ACCESS');
      expect((await submitted(customer, 'ACCESS')).repetitiveSuspected).toBe(true);
    });

    it('lets the officer refuse as REPETITIVE only the request the system flagged', async () => {
      const customer = await newCustomer();
      const unflagged = await verified(customer, 'ACCESS');
      await submitted(customer, 'ACCESS');
      const flagged = await verified(customer, 'ACCESS');
      expect([unflagged.repetitiveSuspected, flagged.repetitiveSuspected]).toEqual([false, true]);

      expectError(await refuse(unflagged.id, 'REPETITIVE', 'You asked three times.'), 'refusePrivacyRequest', 'REFUSAL_REASON_NOT_ALLOWED');
      expect(await row(unflagged.id)).toMatchObject({ status: 'VERIFIED', refusal_reason: null });
      expect(await events(unflagged.id)).toHaveLength(2);

      const refused = expectOk(await refuse(flagged.id, 'REPETITIVE', 'Third access request this quarter.'), 'refusePrivacyRequest');
      expect(refused).toMatchObject({ status: 'REFUSED', refusalReason: 'REPETITIVE' });
      expect(await row(flagged.id)).toMatchObject({ status: 'REFUSED', refusal_reason: 'REPETITIVE' });
      expect((await statusChanges(flagged.id)).at(-1)).toEqual(['VERIFIED', 'REFUSED', OFFICER]);
    });
  });

  it.each(['staff', 'analyst', 'customer'] as const)('is for the privacy officer only: %s is FORBIDDEN', async (role) => {
    const customer = await newCustomer();
    const request = await verified(customer, 'ACCESS');
    const token = role === 'customer' ? customer.token : await app.tokenFor(role);
    expectError(await refuse(request.id, 'TECHNICALLY_INFEASIBLE', 'No.', token), 'refusePrivacyRequest', 'FORBIDDEN');
    expect(await row(request.id)).toMatchObject({ status: 'VERIFIED', refusal_reason: null });
    expect(await events(request.id)).toHaveLength(2);
  });

  it('needs a justification: a blank one is BAD_USER_INPUT', async () => {
    const customer = await newCustomer();
    const request = await verified(customer, 'ACCESS');
    expectError(await refuse(request.id, 'TECHNICALLY_INFEASIBLE', '  \n '), 'refusePrivacyRequest', 'BAD_USER_INPUT');
    expect(await row(request.id)).toMatchObject({ status: 'VERIFIED', refusal_reason: null, refusal_justification: null });
    expect(await events(request.id)).toHaveLength(2);
  });
});

describe('a fee for excessive effort', () => {
  const FEE = { amount: '15.50', currency: 'AZN', justification: 'Ten years of print orders to collect by hand.' };

  it('waits for the customer to accept it before the request can be taken on or completed', async () => {
    const customer = await newCustomer();
    const request = await verified(customer, 'ACCESS');
    const charged = expectOk(await asOfficer(REQUIRE_FEE, { id: request.id, fee: FEE }), 'requirePrivacyRequestFee');
    expect(charged).toMatchObject({ status: 'AWAITING_FEE_ACCEPTANCE', fee: { ...FEE, acceptedAt: null } });
    expect(await row(request.id)).toMatchObject({
      status: 'AWAITING_FEE_ACCEPTANCE',
      fee_amount: '15.50',
      fee_currency: 'AZN',
      fee_justification: FEE.justification,
      fee_accepted_at: null,
    });
    expect(await myRequest(customer, request.id)).toMatchObject({
      status: 'AWAITING_FEE_ACCEPTANCE',
      fee: { amount: '15.50', currency: 'AZN', justification: FEE.justification, acceptedAt: null },
    });

    const before = await row(request.id);
    expectError(await asOfficer(ASSIGN, { id: request.id }), 'assignPrivacyRequest', 'ILLEGAL_TRANSITION');
    expectError(await asOfficer(COMPLETE, { id: request.id }), 'completePrivacyRequest', 'ILLEGAL_TRANSITION');
    expect(await row(request.id)).toEqual(before);
    expect(await count(`SELECT 1 FROM privacy_request_export WHERE request_id = $1`, [request.id])).toBe(0);

    // Only the customer the request is about can accept.
    const stranger = await newCustomer();
    expectError(
      await app.graphql<Payload>(ACCEPT_FEE, { token: stranger.token, variables: { id: request.id } }),
      'acceptPrivacyRequestFee',
      'NOT_FOUND',
    );
    expect(await row(request.id)).toEqual(before);

    const accepted = expectOk(
      await app.graphql<Payload>(ACCEPT_FEE, { token: customer.token, variables: { id: request.id } }),
      'acceptPrivacyRequestFee',
    );
    expect(accepted.status).toBe('VERIFIED');
    expect(accepted.fee?.acceptedAt).not.toBeNull();
    const stored = await row(request.id);
    expect(stored.status).toBe('VERIFIED');
    expect(stored.fee_accepted_at).toBeInstanceOf(Date);
    expect(await statusChanges(request.id)).toEqual([
      [null, 'AWAITING_VERIFICATION', `customer:${customer.id}`],
      ['AWAITING_VERIFICATION', 'VERIFIED', `customer:${customer.id}`],
      ['VERIFIED', 'AWAITING_FEE_ACCEPTANCE', OFFICER],
      ['AWAITING_FEE_ACCEPTANCE', 'VERIFIED', `customer:${customer.id}`],
    ]);

    expectOk(await asOfficer(ASSIGN, { id: request.id }), 'assignPrivacyRequest');
    expect(expectOk(await asOfficer(COMPLETE, { id: request.id }), 'completePrivacyRequest').status).toBe('COMPLETED');
    expect(await count(`SELECT 1 FROM privacy_request_export WHERE request_id = $1`, [request.id])).toBe(1);
  });

  it('answers a whole amount in the stored two-decimal form, as every later read does', async () => {
    const customer = await newCustomer();
    const request = await verified(customer, 'ACCESS');
    const charged = expectOk(await asOfficer(REQUIRE_FEE, { id: request.id, fee: { ...FEE, amount: '15' } }), 'requirePrivacyRequestFee');
    expect(charged.fee?.amount).toBe('15.00');
    expect((await myRequest(customer, request.id))?.fee?.amount).toBe('15.00');
  });

  it('does not apply to erasure: FEE_NOT_APPLICABLE', async () => {
    const customer = await newCustomer();
    const request = await verified(customer, 'ERASURE');
    const before = await row(request.id);
    expectError(await asOfficer(REQUIRE_FEE, { id: request.id, fee: FEE }), 'requirePrivacyRequestFee', 'FEE_NOT_APPLICABLE');
    expect(await row(request.id)).toEqual(before);
    expect(before).toMatchObject({ status: 'VERIFIED', fee_amount: null });
    expect(await events(request.id)).toHaveLength(2);
  });

  it.each(['0', '-5', '1.234'])('rejects the amount %p as BAD_USER_INPUT', async (amount) => {
    const customer = await newCustomer();
    const request = await verified(customer, 'ACCESS');
    const before = await row(request.id);
    expectError(await asOfficer(REQUIRE_FEE, { id: request.id, fee: { ...FEE, amount } }), 'requirePrivacyRequestFee', 'BAD_USER_INPUT');
    expect(await row(request.id)).toEqual(before);
    expect(await events(request.id)).toHaveLength(2);
  });
});

describe('the deadline', () => {
  const extend = (id: string, days: number, reason: string) => asOfficer(EXTEND, { id, extension: { days, reason } });

  it('can be extended once, by the days given, with a reason', async () => {
    const customer = await newCustomer();
    const request = await verified(customer, 'ACCESS');
    const dueBefore = (await row(request.id)).due_at;

    const extended = expectOk(await extend(request.id, 20, ' Archive on tape. '), 'extendPrivacyRequestDeadline');
    expect(new Date(extended.dueAt).getTime() - dueBefore.getTime()).toBe(20 * DAY);
    expect(extended).toMatchObject({ status: 'VERIFIED', deadlineExtensionReason: 'Archive on tape.' });
    expect(extended.deadlineExtendedAt).not.toBeNull();
    const stored = await row(request.id);
    expect(stored.due_at.getTime() - dueBefore.getTime()).toBe(20 * DAY);
    expect(stored).toMatchObject({ deadline_extension_reason: 'Archive on tape.', deadline_extended_at: expect.any(Date) });
    expect((await events(request.id)).at(-1)).toMatchObject({ from_status: 'VERIFIED', to_status: 'VERIFIED', actor: OFFICER });

    expectError(await extend(request.id, 10, 'Still on tape.'), 'extendPrivacyRequestDeadline', 'DEADLINE_ALREADY_EXTENDED');
    expect(await row(request.id)).toEqual(stored);
    expect(await events(request.id)).toHaveLength(3);
  });

  it('lists, for the officer, exactly the open requests past their due date', async () => {
    const pastDue = async (id: string) =>
      app.dataSource.query(
        `UPDATE privacy_request SET submitted_at = now() - interval '40 days', due_at = now() - interval '10 days' WHERE id = $1`,
        [id],
      );
    const waitingLate = await submitted(await newCustomer(), 'ACCESS');
    const verifiedLate = await verified(await newCustomer(), 'ERASURE');
    const workedLate = await inProgress(await newCustomer(), 'ACCESS');
    const completedLate = await completed(await newCustomer(), 'ACCESS');
    const refusedLate = await verified(await newCustomer(), 'ACCESS');
    expectOk(
      await asOfficer(REFUSE, { id: refusedLate.id, refusal: { reason: 'TECHNICALLY_INFEASIBLE', justification: 'No.' } }),
      'refusePrivacyRequest',
    );
    const onTime = await verified(await newCustomer(), 'ACCESS');
    for (const request of [waitingLate, verifiedLate, workedLate, completedLate, refusedLate]) await pastDue(request.id);

    const overdue = await app.graphql<{ privacyRequests: { totalCount: number; edges: Array<{ node: { id: string; overdue: boolean } }> } }>(
      `{ privacyRequests(overdue: true, first: 100) { totalCount edges { node { id overdue } } } }`,
      { token: officer },
    );
    expect(overdue.errors).toBeUndefined();
    const listed = overdue.data!.privacyRequests;
    const open = [waitingLate.id, verifiedLate.id, workedLate.id];
    expect(listed.edges.map(({ node }) => node.id).sort()).toEqual([...open].sort());
    expect(listed.totalCount).toBe(3);
    expect(listed.edges.every(({ node }) => node.overdue)).toBe(true);

    const closed = await asOfficer(
      `{ completed: privacyRequests(overdue: false, status: COMPLETED, first: 100) { edges { node { id overdue } } }
         refused: privacyRequests(overdue: false, status: REFUSED, first: 100) { edges { node { id overdue } } }
         open: privacyRequests(overdue: false, status: VERIFIED, first: 100) { edges { node { id overdue } } } }`,
      {},
    );
    expect(closed.errors).toBeUndefined();
    const nodes = (name: string) =>
      (closed.data?.[name] as unknown as { edges: Array<{ node: { id: string; overdue: boolean } }> }).edges.map(({ node }) => node);
    expect(nodes('completed')).toContainEqual({ id: completedLate.id, overdue: false });
    expect(nodes('refused')).toContainEqual({ id: refusedLate.id, overdue: false });
    expect(nodes('open')).toContainEqual({ id: onTime.id, overdue: false });
    expect(nodes('open').map((node) => node.id)).not.toContain(verifiedLate.id);
  });
});

describe('a step the request is not in a state to take', () => {
  interface Case {
    state: (customer: Customer) => Promise<RequestPayload>;
    attempt: (customer: Customer, request: RequestPayload) => Promise<GraphQLResponse<Payload>>;
    field: string;
  }
  const cases: Array<[string, Case]> = [
    [
      'completing a VERIFIED request (not IN_PROGRESS)',
      {
        state: (customer) => verified(customer, 'ACCESS'),
        attempt: (_c, request) => asOfficer(COMPLETE, { id: request.id }),
        field: 'completePrivacyRequest',
      },
    ],
    [
      'completing a request still AWAITING_VERIFICATION',
      {
        state: (customer) => submitted(customer, 'ERASURE'),
        attempt: (_c, request) => asOfficer(COMPLETE, { id: request.id }),
        field: 'completePrivacyRequest',
      },
    ],
    [
      'assigning a request still AWAITING_VERIFICATION',
      {
        state: (customer) => submitted(customer, 'ACCESS'),
        attempt: (_c, request) => asOfficer(ASSIGN, { id: request.id }),
        field: 'assignPrivacyRequest',
      },
    ],
    [
      'refusing a COMPLETED request',
      {
        state: (customer) => completed(customer, 'ACCESS'),
        attempt: (_c, request) => asOfficer(REFUSE, { id: request.id, refusal: { reason: 'TECHNICALLY_INFEASIBLE', justification: 'Too late.' } }),
        field: 'refusePrivacyRequest',
      },
    ],
    [
      'verifying a VERIFIED request',
      {
        state: (customer) => verified(customer, 'ACCESS'),
        attempt: async (customer, request) => verify(customer, request.id, await latestCode(request.id)),
        field: 'verifyPrivacyRequest',
      },
    ],
  ];

  it.each(cases)('%s is ILLEGAL_TRANSITION and changes nothing', async (_name, { state, attempt, field }) => {
    const customer = await newCustomer();
    const request = await state(customer);
    const before = await row(request.id);
    const eventsBefore = await events(request.id);
    const outboxBefore = await count(`SELECT 1 FROM outbox_message WHERE request_id = $1`, [request.id]);
    const exportsBefore = await count(`SELECT 1 FROM privacy_request_export WHERE request_id = $1`, [request.id]);

    expectError(await attempt(customer, request), field, 'ILLEGAL_TRANSITION');

    const after = await row(request.id);
    expect({ status: after.status, version: after.version, updated_at: after.updated_at }).toEqual({
      status: before.status,
      version: before.version,
      updated_at: before.updated_at,
    });
    expect(after).toEqual(before);
    expect(await events(request.id)).toEqual(eventsBefore);
    expect(await count(`SELECT 1 FROM outbox_message WHERE request_id = $1`, [request.id])).toBe(outboxBefore);
    expect(await count(`SELECT 1 FROM privacy_request_export WHERE request_id = $1`, [request.id])).toBe(exportsBefore);
  });
});

describe('two officers completing the same request at the same moment', () => {
  async function race(id: string) {
    const results = await Promise.all([asOfficer(COMPLETE, { id }, officer), asOfficer(COMPLETE, { id }, otherOfficer)]);
    const succeeded = results.filter((result) => result.errors === undefined && result.data?.completePrivacyRequest?.status === 'COMPLETED');
    const failed = results.filter((result) => result.errors !== undefined);
    expect(succeeded).toHaveLength(1);
    expect(failed).toHaveLength(1);
    expectError(failed[0], 'completePrivacyRequest', 'ILLEGAL_TRANSITION');
    const winner = results.indexOf(succeeded[0]) === 0 ? OFFICER : 'privacy_officer:leyla';
    expect(await row(id)).toMatchObject({ status: 'COMPLETED', closed_at: expect.any(Date) });
    const completions = (await events(id)).filter((event) => event.to_status === 'COMPLETED');
    expect(completions).toEqual([expect.objectContaining({ from_status: 'IN_PROGRESS', actor: winner })]);
  }

  it('carries an access request out once: one export, one COMPLETED event', async () => {
    const customer = await newCustomer();
    const request = await inProgress(customer, 'ACCESS');
    await race(request.id);
    expect(await count(`SELECT 1 FROM privacy_request_export WHERE request_id = $1`, [request.id])).toBe(1);
  });

  it('carries an erasure out once: one erasure notice per processor that received the data, not two', async () => {
    const customer = await newCustomer();
    const processors = [await insertProcessor(app.dataSource), await insertProcessor(app.dataSource)];
    for (const processor of processors) {
      await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: processor.id });
      const token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
      const read = await app.graphql<{ customer: { email: string | null } }>(`query ($id: UUID!) { customer(id: $id) { email } }`, {
        token,
        variables: { id: customer.id },
      });
      expect(read.errors).toBeUndefined();
      expect(read.data?.customer.email).toEqual(expect.any(String));
    }
    // A processor that never read the customer's data is not notified.
    await insertProcessor(app.dataSource);

    const request = await inProgress(customer, 'ERASURE');
    await race(request.id);

    const notices = (await app.dataSource.query(
      `SELECT processor_id, count(*)::int AS n FROM outbox_message WHERE request_id = $1 AND kind = 'ERASURE_NOTICE' GROUP BY processor_id ORDER BY processor_id`,
      [request.id],
    )) as Array<{ processor_id: string; n: number }>;
    expect(notices).toEqual(
      processors
        .map((processor) => processor.id)
        .sort()
        .map((processorId) => ({ processor_id: processorId, n: 1 })),
    );
    const [erased] = (await app.dataSource.query(`SELECT erased_at, email FROM customer WHERE id = $1`, [customer.id])) as Array<{
      erased_at: Date | null;
      email: string | null;
    }>;
    expect(erased).toEqual({ erased_at: expect.any(Date), email: null });
  });
});
