import { insertConsent, insertCustomer, insertProcessor, type CustomerRow, type ProcessorRow } from './support/fixtures';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * Policy §5 through HTTP, each request type end to end: the customer submits it in the personal cabinet and
 * proves their identity with the code sent to them, a privacy officer takes it on and completes it, and what
 * completion does is checked in the answer and in the database:
 *  - ACCESS: the customer downloads, for a limited time, everything held about them; the download is audited;
 *  - RECTIFICATION: the corrections are applied, and each processor that read a corrected field is notified;
 *  - ERASURE: no personal value of the customer is left anywhere, the records of who received what stay, and
 *    each processor that received data is notified and confirms;
 *  - the customer follows their requests, with status, due date and history.
 */

let app: TestApp;
let officer: string;

const OFFICER_SUBJECT = 'officer:nigar';
const OFFICER_ACTOR = `privacy_officer:${OFFICER_SUBJECT}`;
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.token({ role: 'privacy_officer', sub: OFFICER_SUBJECT });
});
afterAll(() => app.close());

// ---------------------------------------------------------------------------------------------------------------
// The procedure, step by step

const SUBMIT = `mutation ($input: SubmitPrivacyRequestInput!) {
  submitPrivacyRequest(input: $input) { id customerId type status submittedAt dueAt }
}`;
const VERIFY = `mutation ($id: UUID!, $code: String!) { verifyPrivacyRequest(id: $id, code: $code) { id status verificationMethod } }`;
const ASSIGN = `mutation ($id: UUID!) { assignPrivacyRequest(id: $id) { id status assignedTo } }`;
const COMPLETE = `mutation ($id: UUID!) {
  completePrivacyRequest(id: $id) { id type status closedAt changedFields notices { id kind status processor { id } } }
}`;
const REFUSE = `mutation ($id: UUID!, $refusal: RefusalInput!) { refusePrivacyRequest(id: $id, refusal: $refusal) { id status refusalReason } }`;
const EXPORT = `query ($requestId: UUID!) { privacyRequestExport(requestId: $requestId) { requestId document readable expiresAt } }`;
const UNCONFIRMED = `{ unconfirmedNotices { id kind status confirmedBy processor { id } } }`;
const CONFIRM = `mutation ($id: UUID!) { confirmNotice(id: $id) { id kind status confirmedAt confirmedBy processor { id } } }`;

type Changes = Record<string, unknown>;

interface Completed {
  id: string;
  type: string;
  status: string;
  closedAt: string | null;
  changedFields: string[] | null;
  notices: Array<{ id: string; kind: string; status: string; processor: { id: string } | null }>;
}

interface AccessExport {
  requestId: string;
  document: Record<string, unknown>;
  readable: string;
  expiresAt: string;
}

const codesOf = (result: GraphQLResponse) => result.errors?.map((error) => error.extensions?.code);

function succeeded<T>(result: GraphQLResponse<T>): T {
  expect(result.errors).toBeUndefined();
  expect(result.status).toBe(200);
  return result.data!;
}

async function submit(customerId: string, type: string, changes?: Changes): Promise<string> {
  const input = changes === undefined ? { type } : { type, changes };
  const result = await app.graphql<{ submitPrivacyRequest: { id: string; status: string } }>(SUBMIT, {
    token: await app.customerToken(customerId),
    variables: { input },
  });
  const { submitPrivacyRequest: request } = succeeded(result);
  expect(request.status).toBe('AWAITING_VERIFICATION');
  return request.id;
}

/** The one-time code, as the sender would deliver it to the customer. */
async function codeSentFor(requestId: string): Promise<string> {
  const [row] = (await app.dataSource.query(
    `SELECT body->>'code' AS code FROM outbox_message WHERE request_id = $1 AND kind = 'VERIFICATION_CODE' ORDER BY created_at DESC LIMIT 1`,
    [requestId],
  )) as Array<{ code: string }>;
  expect(row.code).toMatch(/^\d{6}$/);
  return row.code;
}

async function verify(customerId: string, requestId: string): Promise<void> {
  const result = await app.graphql<{ verifyPrivacyRequest: { status: string; verificationMethod: string } }>(VERIFY, {
    token: await app.customerToken(customerId),
    variables: { id: requestId, code: await codeSentFor(requestId) },
  });
  expect(succeeded(result).verifyPrivacyRequest).toMatchObject({ status: 'VERIFIED', verificationMethod: 'ONE_TIME_CODE' });
}

async function assign(requestId: string): Promise<void> {
  const result = await app.graphql<{ assignPrivacyRequest: { status: string; assignedTo: string } }>(ASSIGN, {
    token: officer,
    variables: { id: requestId },
  });
  expect(succeeded(result).assignPrivacyRequest).toEqual({ id: requestId, status: 'IN_PROGRESS', assignedTo: OFFICER_ACTOR });
}

async function complete(requestId: string): Promise<Completed> {
  const result = await app.graphql<{ completePrivacyRequest: Completed }>(COMPLETE, { token: officer, variables: { id: requestId } });
  const { completePrivacyRequest: completed } = succeeded(result);
  expect(completed).toMatchObject({ id: requestId, status: 'COMPLETED' });
  expect(completed.closedAt).not.toBeNull();
  return completed;
}

/** Submitted by the customer and verified with the code sent to them: waiting for an officer. */
async function verifiedRequest(customerId: string, type: string, changes?: Changes): Promise<string> {
  const id = await submit(customerId, type, changes);
  await verify(customerId, id);
  return id;
}

/** The whole procedure: submitted, verified, taken on and completed. */
async function fulfilled(customerId: string, type: string, changes?: Changes): Promise<Completed> {
  const id = await verifiedRequest(customerId, type, changes);
  await assign(id);
  return complete(id);
}

async function download(requestId: string, token: string) {
  return app.graphql<{ privacyRequestExport: AccessExport | null }>(EXPORT, { token, variables: { requestId } });
}

// ---------------------------------------------------------------------------------------------------------------
// The scene: processors that read a customer's data, and what the database holds

/** A trusted processor the customer consented to for PERSONALIZATION, with a token for it. */
async function consentedProcessor(customerId: string): Promise<{ processor: ProcessorRow; token: string }> {
  const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
  await insertConsent(app.dataSource, { customerId, purpose: 'PERSONALIZATION', processorId: processor.id });
  return { processor, token: await app.affiliateToken(processor.id, ['PERSONALIZATION']) };
}

/** A processor reads the named fields of the customer through the API, and gets them (so the read is audited). */
async function reads(token: string, customerId: string, selection: string): Promise<Record<string, unknown>> {
  const result = await app.graphql<{ customer: Record<string, unknown> | null }>(`query ($id: UUID!) { customer(id: $id) { id ${selection} } }`, {
    token,
    variables: { id: customerId },
  });
  return succeeded(result).customer!;
}

const RECORD_DISCLOSURE = `mutation ($input: RecordDisclosureInput!) { recordDisclosure(input: $input) { id } }`;

async function recordDisclosure(customerId: string, processorId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const result = await app.graphql<{ recordDisclosure: { id: string } }>(RECORD_DISCLOSURE, {
    token: officer,
    variables: {
      input: {
        ground: 'LEGAL_OBLIGATION',
        reference: `Court order ${processorId.slice(0, 8)}`,
        processorId,
        customerId,
        categories: ['contact.email'],
        justification: 'A court order requires the email address of the account holder.',
        expiresAt: new Date(Date.now() + 30 * DAY).toISOString(),
        ...overrides,
      },
    },
  });
  return succeeded(result).recordDisclosure.id;
}

interface AuditRow {
  occurred_at: Date;
  actor_role: string;
  processor_id: string | null;
  basis: string;
  basis_id: string | null;
  fields: string[];
}

async function auditRowsOf(customerId: string): Promise<AuditRow[]> {
  return (await app.dataSource.query(
    `SELECT occurred_at, actor_role, processor_id, basis, basis_id, fields FROM audit_event WHERE customer_id = $1 ORDER BY id`,
    [customerId],
  )) as AuditRow[];
}

interface NoticeRow {
  id: string;
  kind: string;
  channel: string;
  processor_id: string;
  status: string;
  body: Record<string, unknown> | null;
  confirmed_at: Date | null;
  confirmed_by: string | null;
}

async function noticesOf(requestId: string): Promise<NoticeRow[]> {
  return (await app.dataSource.query(
    `SELECT id, kind, channel, processor_id, status, body, confirmed_at, confirmed_by FROM outbox_message
     WHERE request_id = $1 AND kind NOT IN ('VERIFICATION_CODE', 'EMAIL_CONFIRMATION_CODE') ORDER BY processor_id`,
    [requestId],
  )) as NoticeRow[];
}

async function requestRowsOf(customerId: string): Promise<Array<Record<string, unknown>>> {
  return (await app.dataSource.query(`SELECT id FROM privacy_request WHERE customer_id = $1`, [customerId])) as Array<Record<string, unknown>>;
}

// ---------------------------------------------------------------------------------------------------------------

describe('ACCESS: the customer sees everything held about them (policy §5)', () => {
  let customer: CustomerRow;
  let customerToken: string;
  let reader: ProcessorRow;
  let requestId: string;
  let readAt: Date;
  let visibleDisclosure: string;
  let hiddenDisclosure: string;
  let hiddenRecipient: ProcessorRow;
  let disclosed: ProcessorRow;
  let downloaded: AccessExport;

  beforeAll(async () => {
    customer = await insertCustomer(app.dataSource, { fullName: 'Leyla Accesstest' });
    customerToken = await app.customerToken(customer.id);

    // A processor the customer consented to reads their email: the audit log now says it received it.
    const consented = await consentedProcessor(customer.id);
    reader = consented.processor;
    expect(await reads(consented.token, customer.id, 'email')).toEqual({ id: customer.id, email: customer.email });

    // A consent with history: granted, then withdrawn, in the personal cabinet.
    for (const mutation of ['grantConsent', 'withdrawConsent']) {
      const result = await app.graphql(`mutation { ${mutation}(purpose: NEW_SERVICES) { id status } }`, { token: customerToken });
      succeeded(result);
    }

    // A disclosure the customer may see, and one hidden from them on its ground, whose recipient reads under it.
    disclosed = await insertProcessor(app.dataSource, { trusted: false, categories: [] });
    visibleDisclosure = await recordDisclosure(customer.id, disclosed.id, { reference: 'Bakı court 2-1111/2026' });
    hiddenRecipient = await insertProcessor(app.dataSource, { trusted: false, categories: [] });
    hiddenDisclosure = await recordDisclosure(customer.id, hiddenRecipient.id, {
      ground: 'FRAUD_SECURITY',
      reference: 'Fraud case 77',
      hiddenFromCustomer: true,
      hiddenReason: 'Telling the customer would compromise the fraud investigation.',
    });
    const hiddenToken = await app.affiliateToken(hiddenRecipient.id, ['PERSONALIZATION']);
    expect(await reads(hiddenToken, customer.id, 'email')).toEqual({ id: customer.id, email: customer.email });

    // Both recipients ask for the phone, which no disclosure covers, and are refused.
    for (const asking of [disclosed, hiddenRecipient]) {
      const refused = await app.graphql(`query ($id: UUID!) { customer(id: $id) { phone } }`, {
        token: await app.affiliateToken(asking.id, ['PERSONALIZATION']),
        variables: { id: customer.id },
      });
      expect(refused.errors?.map((error) => error.extensions?.code)).toEqual(['PROCESSOR_NOT_TRUSTED']);
    }

    const [read] = (await auditRowsOf(customer.id)).filter((row) => row.processor_id === reader.id);
    readAt = read.occurred_at;

    const completed = await fulfilled(customer.id, 'ACCESS');
    requestId = completed.id;
    expect(completed.notices).toEqual([]);
  });

  it('lets the customer download the export of their completed request', async () => {
    const result = await download(requestId, customerToken);
    downloaded = succeeded(result).privacyRequestExport!;
    expect(downloaded.requestId).toBe(requestId);
    const [stored] = (await app.dataSource.query(`SELECT expires_at FROM privacy_request_export WHERE request_id = $1`, [requestId])) as Array<{
      expires_at: Date;
    }>;
    expect(downloaded.expiresAt).toBe(stored.expires_at.toISOString());
    // Downloadable for 72 hours (the default window).
    const left = new Date(downloaded.expiresAt).getTime() - Date.now();
    expect(left).toBeGreaterThan(71 * HOUR);
    expect(left).toBeLessThanOrEqual(72 * HOUR);
  });

  it('holds their profile', () => {
    expect(downloaded.document.profile).toEqual({
      id: customer.id,
      locale: 'az',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      email: customer.email,
      phone: customer.phone,
      fullName: customer.fullName,
      dateOfBirth: customer.dateOfBirth,
      address: { street: customer.street, city: customer.city, postalCode: customer.postalCode, country: customer.country },
      // No new address waits for confirmation (see test/email-confirmation.test.ts for one that does).
      pendingEmail: null,
    });
  });

  it('holds their consents, each with its history', () => {
    const consents = downloaded.document.consents as Array<Record<string, unknown>>;
    expect(consents).toHaveLength(2);
    const toReader = consents.find((consent) => consent.recipient === reader.name);
    expect(toReader).toMatchObject({ purpose: 'PERSONALIZATION', status: 'GRANTED' });
    expect((toReader!.history as Array<Record<string, unknown>>).map((event) => event.status)).toEqual(['GRANTED']);
    const toCompany = consents.find((consent) => consent.purpose === 'NEW_SERVICES');
    expect(toCompany).toMatchObject({ recipient: null, status: 'WITHDRAWN', source: 'PERSONAL_CABINET' });
    expect((toCompany!.history as Array<Record<string, unknown>>).map((event) => [event.status, event.source])).toEqual([
      ['GRANTED', 'PERSONAL_CABINET'],
      ['WITHDRAWN', 'PERSONAL_CABINET'],
    ]);
  });

  it('names the processors that received their data, which fields and when; not one behind a hidden disclosure', () => {
    const recipients = downloaded.document.recipients as Array<Record<string, unknown>>;
    expect(recipients).toEqual([
      {
        id: reader.id,
        name: reader.name,
        kind: 'AFFILIATE',
        country: 'AZ',
        fields: ['email'],
        firstReceivedAt: expect.any(String),
        lastReceivedAt: expect.any(String),
      },
    ]);
    expect(new Date(recipients[0].firstReceivedAt as string).getTime()).toBe(readAt.getTime());
    expect(new Date(recipients[0].lastReceivedAt as string).getTime()).toBe(readAt.getTime());
  });

  it('holds the disclosures they may see, and not the hidden one', () => {
    const disclosures = downloaded.document.disclosures as Array<Record<string, unknown>>;
    expect(disclosures.map((disclosure) => disclosure.id)).toEqual([visibleDisclosure]);
    expect(disclosures[0]).toMatchObject({ ground: 'LEGAL_OBLIGATION', reference: 'Bakı court 2-1111/2026', categories: ['contact.email'] });
    expect(JSON.stringify(downloaded.document)).not.toContain(hiddenDisclosure);
    expect(JSON.stringify(downloaded.document)).not.toContain(hiddenRecipient.name);
  });

  it('holds their requests', () => {
    const requests = downloaded.document.requests as Array<Record<string, unknown>>;
    expect(requests.map((request) => [request.id, request.type])).toEqual([[requestId, 'ACCESS']]);
  });

  it('holds the access log of reads by others, without reads under a hidden disclosure', () => {
    const accessLog = downloaded.document.accessLog as Array<Record<string, unknown>>;
    expect(accessLog).toEqual([
      {
        at: readAt.toISOString(),
        readBy: 'affiliate',
        processor: reader.name,
        purpose: 'PERSONALIZATION',
        basis: 'CONSENT',
        basisId: expect.any(String),
        fields: ['email'],
      },
    ]);
  });

  it('holds the reads refused to recipients, without those of a recipient behind a hidden disclosure', () => {
    expect(downloaded.document.refusedReads).toEqual([
      { at: expect.any(String), processor: disclosed.name, purpose: 'PERSONALIZATION', reason: 'PROCESSOR_NOT_TRUSTED', fields: ['phone'] },
    ]);
    expect(downloaded.readable).toContain(`${disclosed.name} asked for phone for PERSONALIZATION: refused (PROCESSOR_NOT_TRUSTED)`);
  });

  it('gives the same in human-readable text', () => {
    for (const text of [customer.fullName, customer.email, customer.phone, customer.city, reader.name, 'Bakı court 2-1111/2026']) {
      expect(downloaded.readable).toContain(text);
    }
    expect(downloaded.readable).not.toContain(hiddenRecipient.name);
    expect(downloaded.readable).not.toContain('Fraud case 77');
  });

  it('records the download in the audit log, on the basis of the access request', async () => {
    const rows = (await auditRowsOf(customer.id)).filter((row) => row.basis === 'ACCESS_REQUEST');
    expect(rows).toEqual([
      {
        occurred_at: expect.any(Date),
        actor_role: 'customer',
        processor_id: null,
        basis: 'ACCESS_REQUEST',
        basis_id: requestId,
        fields: ['accessExport'],
      },
    ]);
  });

  it('does not let another customer download it: NOT_FOUND, as for a request that does not exist', async () => {
    const stranger = await insertCustomer(app.dataSource);
    const auditBefore = (await auditRowsOf(customer.id)).length;
    const result = await download(requestId, await app.customerToken(stranger.id));
    expect(result.data?.privacyRequestExport ?? null).toBeNull();
    expect(codesOf(result)).toEqual(['NOT_FOUND']);
    expect(JSON.stringify(result)).not.toContain(customer.email);
    expect(await auditRowsOf(customer.id)).toHaveLength(auditBefore);
  });

  it.each([['staff'], ['privacy_officer']] as const)('is not for %s: FORBIDDEN', async (role) => {
    const result = await download(requestId, await app.tokenFor(role));
    expect(result.data?.privacyRequestExport ?? null).toBeNull();
    expect(codesOf(result)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(result)).not.toContain(customer.email);
  });

  it('after its window is EXPORT_UNAVAILABLE, and the stored document is emptied', async () => {
    await app.dataSource.query(`UPDATE privacy_request_export SET expires_at = now() - interval '1 minute' WHERE request_id = $1`, [requestId]);
    const auditBefore = (await auditRowsOf(customer.id)).length;
    const result = await download(requestId, customerToken);
    expect(result.data?.privacyRequestExport ?? null).toBeNull();
    expect(codesOf(result)).toEqual(['EXPORT_UNAVAILABLE']);
    expect(JSON.stringify(result)).not.toContain(customer.email);
    const [stored] = (await app.dataSource.query(`SELECT document, readable, purged_at FROM privacy_request_export WHERE request_id = $1`, [
      requestId,
    ])) as Array<{ document: unknown; readable: string | null; purged_at: Date | null }>;
    expect(stored).toEqual({ document: null, readable: null, purged_at: expect.any(Date) });
    // Nothing was handed out, so nothing is recorded as read.
    expect(await auditRowsOf(customer.id)).toHaveLength(auditBefore);
    // And it stays gone.
    expect(codesOf(await download(requestId, customerToken))).toEqual(['EXPORT_UNAVAILABLE']);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('RECTIFICATION: verified corrections are applied, and the processors that read a corrected field are told', () => {
  const PROFILE = `SELECT email, phone, full_name, address_city FROM customer WHERE id = $1`;

  async function profileOf(customerId: string) {
    const [row] = (await app.dataSource.query(PROFILE, [customerId])) as Array<Record<string, string | null>>;
    return row;
  }

  async function nothingWrittenFor(customer: CustomerRow, result: GraphQLResponse, code: string) {
    expect(result.data?.submitPrivacyRequest ?? null).toBeNull();
    expect(codesOf(result)).toEqual([code]);
    expect(await requestRowsOf(customer.id)).toEqual([]);
    const messages = (await app.dataSource.query(`SELECT id FROM outbox_message WHERE customer_id = $1`, [customer.id])) as unknown[];
    expect(messages).toEqual([]);
    expect(await profileOf(customer.id)).toEqual({
      email: customer.email,
      phone: customer.phone,
      full_name: customer.fullName,
      address_city: customer.city,
    });
  }

  const invalid: Array<[string, Changes]> = [
    ['a malformed email', { email: 'not-an-email' }],
    ['a phone number not in E.164 form', { phone: '050 123 45 67' }],
    ['a blank full name', { fullName: '   ' }],
    ['a date of birth in the future', { dateOfBirth: '2999-01-01' }],
    ['a malformed postal code', { address: { postalCode: '#1' } }],
    ['an email cleared to null', { email: null }],
  ];

  it.each(invalid)('refuses corrections with %s as BAD_USER_INPUT, like a profile update, and writes nothing', async (_case, changes) => {
    const customer = await insertCustomer(app.dataSource);
    const result = await app.graphql(SUBMIT, {
      token: await app.customerToken(customer.id),
      variables: { input: { type: 'RECTIFICATION', changes } },
    });
    await nothingWrittenFor(customer, result, 'BAD_USER_INPUT');
  });

  it.each([
    ['no changes at all', { type: 'RECTIFICATION' }],
    ['an empty set of changes', { type: 'RECTIFICATION', changes: {} }],
  ])('refuses a RECTIFICATION with %s as BAD_USER_INPUT, and writes nothing', async (_case, input) => {
    const customer = await insertCustomer(app.dataSource);
    const result = await app.graphql(SUBMIT, { token: await app.customerToken(customer.id), variables: { input } });
    await nothingWrittenFor(customer, result, 'BAD_USER_INPUT');
  });

  it('refuses changes on a request that is not a RECTIFICATION as BAD_USER_INPUT, and writes nothing', async () => {
    const customer = await insertCustomer(app.dataSource);
    const result = await app.graphql(SUBMIT, {
      token: await app.customerToken(customer.id),
      variables: { input: { type: 'ACCESS', changes: { email: 'someone.else@example.az' } } },
    });
    await nothingWrittenFor(customer, result, 'BAD_USER_INPUT');
  });

  describe('a correction of the email, with the name given unchanged', () => {
    const NEW_EMAIL = 'corrected.address.5512@example.az';
    let customer: CustomerRow;
    let emailReader: ProcessorRow;
    let nameReader: ProcessorRow;
    let nonReader: ProcessorRow;
    let requestId: string;
    let completed: Completed;
    /** The notices queued at completion, before the corrected address was confirmed. */
    let noticesAtCompletion: NoticeRow[];

    beforeAll(async () => {
      customer = await insertCustomer(app.dataSource);
      const a = await consentedProcessor(customer.id);
      const b = await consentedProcessor(customer.id);
      const c = await consentedProcessor(customer.id);
      [emailReader, nameReader, nonReader] = [a.processor, b.processor, c.processor];
      expect(await reads(a.token, customer.id, 'email')).toEqual({ id: customer.id, email: customer.email });
      expect(await reads(b.token, customer.id, 'fullName')).toEqual({ id: customer.id, fullName: customer.fullName });

      requestId = await verifiedRequest(customer.id, 'RECTIFICATION', { email: NEW_EMAIL, fullName: customer.fullName });
      // Until it is carried out, the request holds the requested values, and the profile is untouched.
      const [held] = (await app.dataSource.query(`SELECT requested_changes FROM privacy_request WHERE id = $1`, [requestId])) as Array<{
        requested_changes: Record<string, unknown> | null;
      }>;
      expect(held.requested_changes).toMatchObject({ email: NEW_EMAIL });
      expect((await profileOf(customer.id)).email).toBe(customer.email);

      await assign(requestId);
      completed = await complete(requestId);
      noticesAtCompletion = await noticesOf(requestId);
      // A new address is the customer's once the code sent to it is confirmed (test/email-confirmation.test.ts).
      const me = await app.graphql<{ me: { email: string; pendingEmail: string } }>(`{ me { email pendingEmail } }`, {
        token: await app.customerToken(customer.id),
      });
      expect(succeeded(me).me).toEqual({ email: customer.email, pendingEmail: NEW_EMAIL });
      const [sent] = (await app.dataSource.query(
        `SELECT body->>'code' AS code FROM outbox_message WHERE kind = 'EMAIL_CONFIRMATION_CODE' AND request_id = $1`,
        [requestId],
      )) as Array<{ code: string }>;
      const confirmed = await app.graphql(`mutation ($code: String!) { confirmMyEmail(code: $code) { email } }`, {
        token: await app.customerToken(customer.id),
        variables: { code: sent.code },
      });
      expect(succeeded(confirmed)).toEqual({ confirmMyEmail: { email: NEW_EMAIL } });
    });

    it('applies the new values to the customer', async () => {
      expect(await profileOf(customer.id)).toEqual({
        email: NEW_EMAIL,
        phone: customer.phone,
        full_name: customer.fullName,
        address_city: customer.city,
      });
      const me = await app.graphql<{ me: { email: string } }>(`{ me { email fullName } }`, { token: await app.customerToken(customer.id) });
      expect(succeeded(me).me).toEqual({ email: NEW_EMAIL, fullName: customer.fullName });
    });

    it('lists the fields that changed (the email as waiting for confirmation), and no longer holds the requested values', async () => {
      expect(completed.changedFields).toEqual(['pendingEmail']);
      const [row] = (await app.dataSource.query(`SELECT requested_changes, changed_fields FROM privacy_request WHERE id = $1`, [
        requestId,
      ])) as Array<{ requested_changes: unknown; changed_fields: string[] }>;
      expect(row).toEqual({ requested_changes: null, changed_fields: ['pendingEmail'] });
    });

    it('notifies exactly the processors that read a changed field, once the new address is confirmed: not one that read another field, nor one that read nothing', async () => {
      // At completion the email had not changed yet: nobody was told.
      expect(noticesAtCompletion).toEqual([]);
      expect(completed.notices).toEqual([]);
      const notices = await noticesOf(requestId);
      expect(notices.map((notice) => [notice.kind, notice.channel, notice.processor_id, notice.status])).toEqual([
        ['RECTIFICATION_NOTICE', 'PROCESSOR', emailReader.id, 'PENDING'],
      ]);
      // The notice names the fields, never the values.
      expect(notices[0].body).toMatchObject({ changedFields: ['email'], requestId, customerId: customer.id });
      expect(JSON.stringify(notices[0].body)).not.toContain(NEW_EMAIL);
      expect([nameReader.id, nonReader.id]).not.toContain(notices[0].processor_id);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('ERASURE: nothing personal is left, the record of who received what stays, and every recipient is told', () => {
  const ERASED = {
    email: 'erase.me.7731@example.az',
    fullName: 'Zərifə Erasetest',
    phone: '+994551237731',
    street: 'Erasetest prospekti 7731',
    city: 'Şəki-Erase',
    postalCode: 'AZ7731',
    dateOfBirth: '1961-02-17',
  };
  // Values the customer asked for in a rectification still pending when they asked to be erased.
  const REQUESTED = { email: 'erase.me.corrected.7731@example.az', fullName: 'Zərifə Correctedname' };
  const SEARCHED = [
    ...[ERASED.email, ERASED.fullName, ERASED.phone, '551237731', ERASED.street, ERASED.city, ERASED.postalCode, ERASED.dateOfBirth],
    ...[REQUESTED.email, REQUESTED.fullName],
  ];

  let customer: CustomerRow;
  let a: { processor: ProcessorRow; token: string };
  let b: { processor: ProcessorRow; token: string };
  let neverRead: { processor: ProcessorRow; token: string };
  let disclosureId: string;
  let accessRequestId: string;
  let pendingRectificationId: string;
  let erasureId: string;
  let completed: Completed;
  let auditBefore: AuditRow[];
  let holdingBefore: string[];

  interface TextColumn {
    table_name: string;
    column_name: string;
  }

  /** Every text-like column of every relation in the public schema. */
  async function textColumns(): Promise<TextColumn[]> {
    return (await app.dataSource.query(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public'
         AND (data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
              OR (data_type = 'ARRAY' AND udt_name IN ('_text', '_varchar', '_bpchar'))
              OR (data_type = 'USER-DEFINED' AND udt_name = 'citext'))
       ORDER BY table_name, ordinal_position`,
    )) as TextColumn[];
  }

  /** `table.column` for every text-like column in which any of the values occurs, in any letter case. */
  async function columnsHolding(values: readonly string[]): Promise<string[]> {
    const patterns = values.map((value) => `%${value.replace(/[\\%_]/g, (char) => `\\${char}`)}%`);
    const found: string[] = [];
    for (const { table_name: table, column_name: column } of await textColumns()) {
      const [{ count }] = (await app.dataSource.query(
        `SELECT count(*)::int AS count FROM public."${table}" WHERE "${column}"::text ILIKE ANY($1::text[])`,
        [patterns],
      )) as Array<{ count: number }>;
      if (count > 0) found.push(`${table}.${column}`);
    }
    return found;
  }

  beforeAll(async () => {
    customer = await insertCustomer(app.dataSource, ERASED);
    a = await consentedProcessor(customer.id);
    b = await consentedProcessor(customer.id);
    await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'NEW_SERVICES', processorId: null });
    expect(await reads(a.token, customer.id, 'email phone')).toEqual({ id: customer.id, email: ERASED.email, phone: ERASED.phone });
    expect(await reads(b.token, customer.id, 'fullName address { city }')).toEqual({
      id: customer.id,
      fullName: ERASED.fullName,
      address: { city: ERASED.city },
    });
    // A processor the data was disclosed to on a legal ground, which never read it.
    const disclosed = await insertProcessor(app.dataSource, { trusted: false, categories: [] });
    neverRead = { processor: disclosed, token: await app.affiliateToken(disclosed.id, ['PERSONALIZATION']) };
    disclosureId = await recordDisclosure(customer.id, disclosed.id);

    // An earlier access request, downloaded: its export holds every personal value.
    accessRequestId = (await fulfilled(customer.id, 'ACCESS')).id;
    expect(succeeded(await download(accessRequestId, await app.customerToken(customer.id))).privacyRequestExport?.readable).toContain(
      ERASED.fullName,
    );
    // A correction still waiting for an officer, holding the requested values.
    pendingRectificationId = await verifiedRequest(customer.id, 'RECTIFICATION', REQUESTED);

    auditBefore = await auditRowsOf(customer.id);
    holdingBefore = await columnsHolding(SEARCHED);
    erasureId = await verifiedRequest(customer.id, 'ERASURE');
    await assign(erasureId);
    completed = await complete(erasureId);
  });

  it('(a) leaves none of the erased values in any text column of any table', async () => {
    // The search does find them where they were held before the erasure.
    expect(holdingBefore).toEqual(
      expect.arrayContaining([
        'customer.email',
        'customer.full_name',
        'customer.phone',
        'customer.address_street',
        'customer.address_city',
        'customer.address_postal_code',
        'privacy_request.requested_changes',
        'privacy_request_export.document',
        'privacy_request_export.readable',
      ]),
    );
    const searched = (await textColumns()).map((column) => `${column.table_name}.${column.column_name}`);
    expect(searched).toEqual(
      expect.arrayContaining([
        'outbox_message.body',
        'audit_event.fields',
        'disclosure.justification',
        'privacy_request_event.note',
        'consent_event.source',
      ]),
    );
    expect(await columnsHolding(SEARCHED)).toEqual([]);
  });

  it('(b) marks the customer erased with every personal column empty', async () => {
    const [row] = (await app.dataSource.query(
      `SELECT erased_at, email, phone, full_name, date_of_birth, address_street, address_city, address_postal_code, address_country
       FROM customer WHERE id = $1`,
      [customer.id],
    )) as Array<Record<string, unknown>>;
    expect(row).toEqual({
      erased_at: expect.any(Date),
      email: null,
      phone: null,
      full_name: null,
      date_of_birth: null,
      address_street: null,
      address_city: null,
      address_postal_code: null,
      address_country: null,
    });
  });

  it('(b) withdraws every consent, each with an ERASURE event', async () => {
    const consents = (await app.dataSource.query(`SELECT id, status, source FROM consent WHERE customer_id = $1 ORDER BY id`, [
      customer.id,
    ])) as Array<{ id: string; status: string; source: string }>;
    expect(consents).toHaveLength(3);
    expect(consents.map(({ status, source }) => [status, source])).toEqual(consents.map(() => ['WITHDRAWN', 'ERASURE']));
    const events = (await app.dataSource.query(
      `SELECT e.consent_id, e.status, e.actor FROM consent_event e JOIN consent c ON c.id = e.consent_id
       WHERE c.customer_id = $1 AND e.source = 'ERASURE' ORDER BY e.consent_id`,
      [customer.id],
    )) as Array<{ consent_id: string; status: string; actor: string }>;
    expect(events).toEqual(consents.map(({ id }) => ({ consent_id: id, status: 'WITHDRAWN', actor: OFFICER_ACTOR })));
  });

  it('(b) keeps the audit log and the disclosure: they hold ids, not values', async () => {
    const auditAfter = await auditRowsOf(customer.id);
    expect(auditAfter).toEqual(auditBefore);
    expect(auditAfter.filter((row) => row.processor_id === a.processor.id).map((row) => row.fields)).toEqual([['email', 'phone']]);
    expect(auditAfter.filter((row) => row.processor_id === b.processor.id).map((row) => row.fields)).toEqual([['fullName', 'address']]);
    const disclosures = (await app.dataSource.query(`SELECT id FROM disclosure WHERE customer_id = $1`, [customer.id])) as Array<{ id: string }>;
    expect(disclosures).toEqual([{ id: disclosureId }]);
  });

  it('(b) empties the earlier export, the codes sent to the customer, and the values a pending correction held', async () => {
    expect(codesOf(await download(accessRequestId, await app.customerToken(customer.id)))).toEqual(['EXPORT_UNAVAILABLE']);
    const [held] = (await app.dataSource.query(`SELECT requested_changes FROM privacy_request WHERE id = $1`, [pendingRectificationId])) as Array<{
      requested_changes: unknown;
    }>;
    expect(held.requested_changes).toBeNull();
    const codes = (await app.dataSource.query(`SELECT body FROM outbox_message WHERE customer_id = $1 AND kind = 'VERIFICATION_CODE'`, [
      customer.id,
    ])) as Array<{ body: unknown }>;
    expect(codes).toHaveLength(3);
    expect(codes.map(({ body }) => body)).toEqual([null, null, null]);
  });

  describe('(c) erasure notices', () => {
    const ours = <T extends { processor: { id: string } | null }>(notices: T[]) =>
      notices.filter((notice) => [a.processor.id, b.processor.id, neverRead.processor.id].includes(notice.processor?.id ?? ''));
    let noticeOf: Map<string, string>;

    beforeAll(async () => {
      noticeOf = new Map((await noticesOf(erasureId)).map((notice) => [notice.processor_id, notice.id]));
    });

    it('go to exactly the processors that received data, each PENDING', async () => {
      const notices = await noticesOf(erasureId);
      expect(notices.map((notice) => [notice.processor_id, notice.kind, notice.channel, notice.status]).sort()).toEqual(
        [
          [a.processor.id, 'ERASURE_NOTICE', 'PROCESSOR', 'PENDING'],
          [b.processor.id, 'ERASURE_NOTICE', 'PROCESSOR', 'PENDING'],
        ].sort(),
      );
      expect(notices.every((notice) => notice.confirmed_at === null && notice.confirmed_by === null)).toBe(true);
      expect(completed.notices.map((notice) => notice.processor?.id).sort()).toEqual([a.processor.id, b.processor.id].sort());
    });

    it('are listed to the officer as unconfirmed', async () => {
      const result = await app.graphql<{ unconfirmedNotices: Array<{ id: string; kind: string; status: string; processor: { id: string } | null }> }>(
        UNCONFIRMED,
        { token: officer },
      );
      const listed = ours(succeeded(result).unconfirmedNotices);
      expect(listed.map((notice) => [notice.id, notice.kind, notice.status, notice.processor?.id]).sort()).toEqual(
        [
          [noticeOf.get(a.processor.id), 'ERASURE_NOTICE', 'PENDING', a.processor.id],
          [noticeOf.get(b.processor.id), 'ERASURE_NOTICE', 'PENDING', b.processor.id],
        ].sort(),
      );
    });

    it('are not listed to a processor', async () => {
      const result = await app.graphql(UNCONFIRMED, { token: a.token });
      expect(result.data?.unconfirmedNotices ?? null).toBeNull();
      expect(codesOf(result)).toEqual(['FORBIDDEN']);
    });

    it("cannot be confirmed by another processor: A confirming B's notice is NOT_FOUND", async () => {
      const result = await app.graphql(CONFIRM, { token: a.token, variables: { id: noticeOf.get(b.processor.id) } });
      expect(result.data?.confirmNotice ?? null).toBeNull();
      expect(codesOf(result)).toEqual(['NOT_FOUND']);
      const [row] = (await noticesOf(erasureId)).filter((notice) => notice.processor_id === b.processor.id);
      expect(row).toMatchObject({ status: 'PENDING', confirmed_at: null, confirmed_by: null });
    });

    it('is confirmed by the processor it was sent to', async () => {
      const id = noticeOf.get(a.processor.id);
      const result = await app.graphql<{ confirmNotice: Record<string, unknown> }>(CONFIRM, { token: a.token, variables: { id } });
      expect(succeeded(result).confirmNotice).toEqual({
        id,
        kind: 'ERASURE_NOTICE',
        status: 'CONFIRMED',
        confirmedAt: expect.any(String),
        confirmedBy: `affiliate:processor:${a.processor.id}`,
        processor: { id: a.processor.id },
      });
      const [row] = (await noticesOf(erasureId)).filter((notice) => notice.processor_id === a.processor.id);
      expect(row).toMatchObject({ status: 'CONFIRMED', confirmed_at: expect.any(Date), confirmed_by: `affiliate:processor:${a.processor.id}` });
    });

    it('once A confirmed, only B remains unconfirmed', async () => {
      const result = await app.graphql<{ unconfirmedNotices: Array<{ id: string; processor: { id: string } | null }> }>(UNCONFIRMED, {
        token: officer,
      });
      expect(ours(succeeded(result).unconfirmedNotices).map((notice) => [notice.id, notice.processor?.id])).toEqual([
        [noticeOf.get(b.processor.id), b.processor.id],
      ]);
    });
  });

  describe('(d) afterwards no principal reads a personal field of the customer', () => {
    let auditCount: number;

    beforeAll(async () => {
      auditCount = (await auditRowsOf(customer.id)).length;
    });

    const PERSONAL = 'email phone fullName dateOfBirth address { city }';
    const erasedFields = ['email', 'phone', 'fullName', 'dateOfBirth', 'address'];

    it('not the privacy officer: CUSTOMER_ERASED on every personal field', async () => {
      const result = await app.graphql<{ customer: Record<string, unknown> }>(
        `query ($id: UUID!) { customer(id: $id) { id erasedAt ${PERSONAL} } }`,
        {
          token: officer,
          variables: { id: customer.id },
        },
      );
      expect(result.data?.customer).toEqual({
        id: customer.id,
        erasedAt: expect.any(String),
        email: null,
        phone: null,
        fullName: null,
        dateOfBirth: null,
        address: null,
      });
      expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual(
        erasedFields.map((field) => [['customer', field], 'CUSTOMER_ERASED']),
      );
    });

    it('not the customer themself', async () => {
      const result = await app.graphql<{ me: Record<string, unknown> }>(`{ me { id email fullName } }`, {
        token: await app.customerToken(customer.id),
      });
      expect(result.data?.me).toEqual({ id: customer.id, email: null, fullName: null });
      expect(codesOf(result)).toEqual(['CUSTOMER_ERASED', 'CUSTOMER_ERASED']);
    });

    it('not a recipient whose disclosure is still live', async () => {
      const result = await app.graphql<{ customer: Record<string, unknown> | null }>(`query ($id: UUID!) { customer(id: $id) { id email } }`, {
        token: neverRead.token,
        variables: { id: customer.id },
      });
      expect(result.data?.customer).toEqual({ id: customer.id, email: null });
      expect(codesOf(result)).toEqual(['CUSTOMER_ERASED']);
    });

    it('not a processor that had consent: the customer is no longer visible to it', async () => {
      const result = await app.graphql<{ customer: Record<string, unknown> | null }>(`query ($id: UUID!) { customer(id: $id) { id email } }`, {
        token: a.token,
        variables: { id: customer.id },
      });
      expect(result.errors).toBeUndefined();
      expect(result.data?.customer).toBeNull();
    });

    it('nor can the customer submit a new request', async () => {
      const result = await app.graphql(SUBMIT, { token: await app.customerToken(customer.id), variables: { input: { type: 'ACCESS' } } });
      expect(codesOf(result)).toEqual(['CUSTOMER_ERASED']);
    });

    it('and none of those refused reads is in the audit log: a refused read is not a read', async () => {
      expect(await auditRowsOf(customer.id)).toHaveLength(auditCount);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('me { privacyRequests }: the customer follows their requests', () => {
  const MINE = `{ me { privacyRequests {
    id type status submittedAt dueAt overdue history { fromStatus toStatus actor } changedFields refusalReason
  } } }`;

  interface MyRequest {
    id: string;
    type: string;
    status: string;
    submittedAt: string;
    dueAt: string;
    overdue: boolean;
    history: Array<{ fromStatus: string | null; toStatus: string; actor: string }>;
    changedFields: string[] | null;
    refusalReason: string | null;
  }

  let customer: CustomerRow;
  let mine: MyRequest[];
  let access: string;
  let rectification: string;
  let refused: string;
  let overdue: string;
  let othersRequest: string;

  const step = (fromStatus: string | null, toStatus: string, actor: string) => ({ fromStatus, toStatus, actor });

  beforeAll(async () => {
    customer = await insertCustomer(app.dataSource);
    const other = await insertCustomer(app.dataSource);
    othersRequest = await submit(other.id, 'ACCESS');

    // An open request, submitted long ago and now past its due date.
    overdue = await submit(customer.id, 'ERASURE');
    await app.dataSource.query(
      `UPDATE privacy_request SET submitted_at = now() - interval '40 days', due_at = now() - interval '10 days' WHERE id = $1`,
      [overdue],
    );
    access = (await fulfilled(customer.id, 'ACCESS')).id;
    rectification = (await fulfilled(customer.id, 'RECTIFICATION', { phone: '+994709998877' })).id;
    refused = await verifiedRequest(customer.id, 'ACCESS');
    const refusal = await app.graphql(REFUSE, {
      token: officer,
      variables: { id: refused, refusal: { reason: 'TECHNICALLY_INFEASIBLE', justification: 'The archive for that period is offline.' } },
    });
    succeeded(refusal);

    const result = await app.graphql<{ me: { privacyRequests: MyRequest[] } }>(MINE, { token: await app.customerToken(customer.id) });
    mine = succeeded(result).me.privacyRequests;
  });

  const byId = (id: string) => mine.find((request) => request.id === id)!;

  it('lists exactly their own requests, newest first', () => {
    expect(mine.map((request) => request.id)).toEqual([refused, rectification, access, overdue]);
    expect(mine.map((request) => request.id)).not.toContain(othersRequest);
  });

  it('gives each the status and a due date 30 days after submission', () => {
    expect(mine.map((request) => [request.type, request.status])).toEqual([
      ['ACCESS', 'REFUSED'],
      ['RECTIFICATION', 'COMPLETED'],
      ['ACCESS', 'COMPLETED'],
      ['ERASURE', 'AWAITING_VERIFICATION'],
    ]);
    for (const id of [refused, rectification, access]) {
      const request = byId(id);
      expect(new Date(request.dueAt).getTime() - new Date(request.submittedAt).getTime()).toBe(30 * DAY);
    }
  });

  it('says which open request is overdue', () => {
    expect(mine.map((request) => [request.id, request.overdue])).toEqual([
      [refused, false],
      [rectification, false],
      [access, false],
      [overdue, true],
    ]);
  });

  it('shows the history of each, with who took each step', () => {
    const self = `customer:${customer.id}`;
    expect(byId(access).history).toEqual([
      step(null, 'AWAITING_VERIFICATION', self),
      step('AWAITING_VERIFICATION', 'VERIFIED', self),
      step('VERIFIED', 'IN_PROGRESS', OFFICER_ACTOR),
      step('IN_PROGRESS', 'COMPLETED', OFFICER_ACTOR),
    ]);
    expect(byId(refused).history).toEqual([
      step(null, 'AWAITING_VERIFICATION', self),
      step('AWAITING_VERIFICATION', 'VERIFIED', self),
      step('VERIFIED', 'REFUSED', OFFICER_ACTOR),
    ]);
    expect(byId(overdue).history).toEqual([step(null, 'AWAITING_VERIFICATION', self)]);
  });

  it('shows which fields a rectification changed, and why a request was refused', () => {
    expect(byId(rectification)).toMatchObject({ changedFields: ['phone'], refusalReason: null });
    expect(byId(refused)).toMatchObject({ changedFields: null, refusalReason: 'TECHNICALLY_INFEASIBLE' });
    expect(byId(access)).toMatchObject({ changedFields: null, refusalReason: null });
  });
});
