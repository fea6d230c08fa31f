import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importCustomers } from '../src/modules/intake/import/importer';
import { insertCustomer, insertProcessor, type CustomerRow, type ProcessorRow } from './support/fixtures';
import { runNode } from './support/run-command';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * Every row that records who did something says it one way (src/auth/actor.ts): each writing operation is run as
 * its callers run it, and the column it wrote is read back by SQL. The customer's token spells their id in upper
 * case, as a token may: the actor and every id argument are the canonical lower-case id all the same.
 */

const OFFICER_SUBJECT = 'officer:nigar';
const STAFF_SUBJECT = 'staff:desk';
const OFFICER_ACTOR = `privacy_officer:${OFFICER_SUBJECT}`;
const STAFF_ACTOR = `staff:${STAFF_SUBJECT}`;
const EVIDENCE = { policyVersion: '2024-01', language: 'AZ', shownAt: '2025-11-20T10:15:00.000Z', channel: 'WEB' };

let app: TestApp;
let officer: string;
let staff: string;
let partner: ProcessorRow;

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.token({ role: 'privacy_officer', sub: OFFICER_SUBJECT });
  staff = await app.token({ role: 'staff', sub: STAFF_SUBJECT });
  partner = await insertProcessor(app.dataSource, { trusted: false, purposes: ['PERSONALIZATION'] });
});
afterAll(() => app.close());

function dataOf<T>(result: GraphQLResponse<T>): T {
  if (result.errors !== undefined || !result.data) throw new Error(`unexpected errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

async function run<T = Record<string, unknown>>(query: string, token: string, variables: Record<string, unknown> = {}): Promise<T> {
  return dataOf(await app.graphql<T>(query, { token, variables }));
}

/** The single value of `column` in the row of `table` with this id. */
async function stored(table: string, column: string, id: string): Promise<unknown> {
  const rows = (await app.dataSource.query(`SELECT ${column} AS value FROM ${table} WHERE id = $1`, [id])) as Array<{ value: unknown }>;
  expect(rows).toHaveLength(1);
  return rows[0].value;
}

/** The customer's consent events, oldest first, as [source, actor]. */
async function consentEvents(customerId: string): Promise<Array<[string, string]>> {
  const rows = (await app.dataSource.query(
    `SELECT e.source, e.actor FROM consent_event e JOIN consent c ON c.id = e.consent_id WHERE c.customer_id = $1 ORDER BY e.id`,
    [customerId],
  )) as Array<{ source: string; actor: string }>;
  return rows.map((row) => [row.source, row.actor]);
}

/** The request's history, oldest first, as [to status, actor]. */
async function requestEvents(requestId: string): Promise<Array<[string, string]>> {
  const rows = (await app.dataSource.query(`SELECT to_status, actor FROM privacy_request_event WHERE request_id = $1 ORDER BY id`, [
    requestId,
  ])) as Array<{ to_status: string; actor: string }>;
  return rows.map((row) => [row.to_status, row.actor]);
}

async function codeSentFor(requestId: string): Promise<string> {
  const [row] = (await app.dataSource.query(
    `SELECT body->>'code' AS code FROM outbox_message WHERE request_id = $1 AND kind = 'VERIFICATION_CODE' ORDER BY created_at DESC LIMIT 1`,
    [requestId],
  )) as Array<{ code: string }>;
  return row.code;
}

/** A customer, and a token that names them by their id in upper case. */
async function customerWithShoutingToken(): Promise<{ customer: CustomerRow; token: string }> {
  const customer = await insertCustomer(app.dataSource);
  return { customer, token: await app.token({ role: 'customer', sub: customer.id.toUpperCase() }) };
}

describe('the actor a privacy officer is stored as: privacy_officer:<subject>', () => {
  it('on processor trust', async () => {
    const processor = await insertProcessor(app.dataSource, { trusted: false });
    await run(`mutation ($id: UUID!) { grantProcessorTrust(id: $id) { id } }`, officer, { id: processor.id.toUpperCase() });
    expect(await stored('processor', 'trusted_by', processor.id)).toBe(OFFICER_ACTOR);
  });

  it('on a disclosure', async () => {
    const customer = await insertCustomer(app.dataSource);
    const { recordDisclosure } = await run<{ recordDisclosure: { id: string } }>(
      `mutation ($input: RecordDisclosureInput!) { recordDisclosure(input: $input) { id } }`,
      officer,
      {
        input: {
          ground: 'LEGAL_OBLIGATION',
          reference: 'Bakı Şəhər Məhkəməsi 2-1234/2025',
          processorId: partner.id.toUpperCase(),
          customerId: customer.id.toUpperCase(),
          categories: ['contact.email'],
          justification: 'A court order requires the email address of the account holder.',
          expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        },
      },
    );
    expect(await app.dataSource.query(`SELECT customer_id, processor_id, created_by FROM disclosure WHERE id = $1`, [recordDisclosure.id])).toEqual([
      { customer_id: customer.id, processor_id: partner.id, created_by: OFFICER_ACTOR },
    ]);
  });

  it('on a partner token issued and revoked', async () => {
    const { issueProcessorToken } = await run<{ issueProcessorToken: { record: { id: string } } }>(
      `mutation ($processorId: UUID!) { issueProcessorToken(processorId: $processorId, purposes: [PERSONALIZATION], ttlSeconds: 3600) { record { id } } }`,
      officer,
      { processorId: partner.id.toUpperCase() },
    );
    const tokenId = issueProcessorToken.record.id;
    await run(`mutation ($id: UUID!) { revokeToken(id: $id) { id } }`, officer, { id: tokenId.toUpperCase() });
    expect(await app.dataSource.query(`SELECT processor_id, issued_by, revoked_by FROM processor_token WHERE id = $1`, [tokenId])).toEqual([
      { processor_id: partner.id, issued_by: OFFICER_ACTOR, revoked_by: OFFICER_ACTOR },
    ]);
  });

  it('on a trusted document registered and revoked', async () => {
    const { registerTrustedDocument } = await run<{ registerTrustedDocument: { id: string } }>(
      `mutation ($input: RegisterTrustedDocumentInput!) { registerTrustedDocument(input: $input) { id } }`,
      officer,
      { input: { processorId: partner.id.toUpperCase(), document: '{ processors { id } }' } },
    );
    const documentId = registerTrustedDocument.id;
    await run(`mutation ($id: UUID!) { revokeTrustedDocument(id: $id) { id } }`, officer, { id: documentId.toUpperCase() });
    expect(await app.dataSource.query(`SELECT processor_id, registered_by, revoked_by FROM trusted_document WHERE id = $1`, [documentId])).toEqual([
      { processor_id: partner.id, registered_by: OFFICER_ACTOR, revoked_by: OFFICER_ACTOR },
    ]);
  });
});

describe('the actor of a consent event', () => {
  it('is customer:<id> in the personal cabinet, however the token spells the id', async () => {
    const { customer, token } = await customerWithShoutingToken();
    const target = { processorId: partner.id.toUpperCase() };
    await run(`mutation ($processorId: UUID) { grantConsent(purpose: PERSONALIZATION, processorId: $processorId) { id } }`, token, target);
    await run(`mutation ($processorId: UUID) { withdrawConsent(purpose: PERSONALIZATION, processorId: $processorId) { id } }`, token, target);
    expect(await consentEvents(customer.id)).toEqual([
      ['PERSONAL_CABINET', `customer:${customer.id}`],
      ['PERSONAL_CABINET', `customer:${customer.id}`],
    ]);
    const consents = (await app.dataSource.query(`SELECT processor_id FROM consent WHERE customer_id = $1`, [customer.id])) as unknown[];
    expect(consents).toEqual([{ processor_id: partner.id }]);
  });

  it('is staff:<subject> at sign-up', async () => {
    const { registerCustomer } = await run<{ registerCustomer: { id: string } }>(
      `mutation ($input: RegisterCustomerInput!) { registerCustomer(input: $input) { id } }`,
      staff,
      {
        input: {
          email: `actor.${randomUUID().slice(0, 8)}@example.az`,
          fullName: 'Nərmin Həsənova',
          consents: [{ purpose: 'PERSONALIZATION', processorId: partner.id.toUpperCase() }],
          evidence: EVIDENCE,
        },
      },
    );
    expect(await consentEvents(registerCustomer.id)).toEqual([['SIGN_UP', STAFF_ACTOR]]);
  });

  it('is system:import:<file name> for an import', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'privacy-hub-actors-'));
    try {
      const file = path.join(dir, 'customers.jsonl');
      const externalRef = `ACTOR-${randomUUID().slice(0, 8)}`;
      const consents = [{ purpose: 'NEW_SERVICES', grantedAt: '2025-03-01T09:00:00.000Z', evidence: { ...EVIDENCE, language: 'az' } }];
      writeFileSync(file, `${JSON.stringify({ externalRef, email: `${externalRef}@example.az`, fullName: 'Tural Əliyev', consents })}\n`);
      await importCustomers(app.dataSource, { file, progress: { update: () => undefined, finish: () => undefined } });
      const [{ id }] = (await app.dataSource.query(`SELECT id FROM customer WHERE external_ref = $1`, [externalRef])) as Array<{ id: string }>;
      expect(await consentEvents(id)).toEqual([['IMPORT', 'system:import:customers.jsonl']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is privacy_officer:<subject> for an erasure', async () => {
    const { customer, token } = await customerWithShoutingToken();
    await run(`mutation { grantConsent(purpose: NEW_SERVICES) { id } }`, token);
    const requestId = await verifiedRequest(token, 'ERASURE');
    await run(`mutation ($id: UUID!) { assignPrivacyRequest(id: $id) { id } }`, officer, { id: requestId });
    await run(`mutation ($id: UUID!) { completePrivacyRequest(id: $id) { id } }`, officer, { id: requestId });
    expect(await consentEvents(customer.id)).toEqual([
      ['PERSONAL_CABINET', `customer:${customer.id}`],
      ['ERASURE', OFFICER_ACTOR],
    ]);
  });
});

const SUBMIT = `mutation ($input: SubmitPrivacyRequestInput!) { submitPrivacyRequest(input: $input) { id } }`;
const VERIFY = `mutation ($id: UUID!, $code: String!) { verifyPrivacyRequest(id: $id, code: $code) { id } }`;

/** Submitted and verified by the customer with the code sent to them, the request id given in upper case; its id. */
async function verifiedRequest(customerToken: string, type: string): Promise<string> {
  const { submitPrivacyRequest } = await run<{ submitPrivacyRequest: { id: string } }>(SUBMIT, customerToken, { input: { type } });
  const id = submitPrivacyRequest.id;
  await run(VERIFY, customerToken, { id: id.toUpperCase(), code: await codeSentFor(id) });
  return id;
}

describe('the actors of a privacy request and its history', () => {
  it("are customer:<id> for the customer's own steps and privacy_officer:<subject> for the officer's", async () => {
    const { customer, token } = await customerWithShoutingToken();
    const id = await verifiedRequest(token, 'ACCESS');
    const upperId = id.toUpperCase();
    await run(`mutation ($id: UUID!) { assignPrivacyRequest(id: $id) { id } }`, officer, { id: upperId });
    await run(
      `mutation ($id: UUID!) { requirePrivacyRequestFee(id: $id, fee: { amount: "10.00", currency: "AZN", justification: "Archive search." }) { id } }`,
      officer,
      { id: upperId },
    );
    await run(`mutation ($id: UUID!) { acceptPrivacyRequestFee(id: $id) { id } }`, token, { id: upperId });
    await run(`mutation ($id: UUID!) { extendPrivacyRequestDeadline(id: $id, extension: { days: 10, reason: "Archive search." }) { id } }`, officer, {
      id: upperId,
    });
    await run(`mutation ($id: UUID!) { assignPrivacyRequest(id: $id) { id } }`, officer, { id: upperId });
    await run(`mutation ($id: UUID!) { completePrivacyRequest(id: $id) { id } }`, officer, { id: upperId });

    const customerActor = `customer:${customer.id}`;
    expect(await app.dataSource.query(`SELECT submitted_by, verified_by, assigned_to FROM privacy_request WHERE id = $1`, [id])).toEqual([
      { submitted_by: customerActor, verified_by: null, assigned_to: OFFICER_ACTOR },
    ]);
    expect(await requestEvents(id)).toEqual([
      ['AWAITING_VERIFICATION', customerActor],
      ['VERIFIED', customerActor],
      ['IN_PROGRESS', OFFICER_ACTOR],
      ['AWAITING_FEE_ACCEPTANCE', OFFICER_ACTOR],
      ['VERIFIED', customerActor],
      ['VERIFIED', OFFICER_ACTOR],
      ['IN_PROGRESS', OFFICER_ACTOR],
      ['COMPLETED', OFFICER_ACTOR],
    ]);
    const downloaded = await app.graphql(`query ($requestId: UUID!) { privacyRequestExport(requestId: $requestId) { readable } }`, {
      token,
      variables: { requestId: upperId },
    });
    expect(downloaded.errors).toBeUndefined();
  });

  it('are staff:<subject> for a request staff submitted and verified, and privacy_officer:<subject> for a refusal', async () => {
    const customer = await insertCustomer(app.dataSource);
    const { submitPrivacyRequestForCustomer } = await run<{ submitPrivacyRequestForCustomer: { id: string } }>(
      `mutation ($input: AssistedPrivacyRequestInput!) { submitPrivacyRequestForCustomer(input: $input) { id } }`,
      staff,
      { input: { type: 'ACCESS', customerId: customer.id.toUpperCase(), identityCheck: 'ID card seen at the desk' } },
    );
    const id = submitPrivacyRequestForCustomer.id;
    await run(
      `mutation ($id: UUID!) { refusePrivacyRequest(id: $id, refusal: { reason: TECHNICALLY_INFEASIBLE, justification: "No such records." }) { id } }`,
      officer,
      { id: id.toUpperCase() },
    );
    expect(await app.dataSource.query(`SELECT customer_id, submitted_by, verified_by FROM privacy_request WHERE id = $1`, [id])).toEqual([
      { customer_id: customer.id, submitted_by: STAFF_ACTOR, verified_by: STAFF_ACTOR },
    ]);
    expect(await requestEvents(id)).toEqual([
      ['VERIFIED', STAFF_ACTOR],
      ['REFUSED', OFFICER_ACTOR],
    ]);
  });

  it('is system:request-verification when the identity check lapses', async () => {
    const { token } = await customerWithShoutingToken();
    const { submitPrivacyRequest } = await run<{ submitPrivacyRequest: { id: string } }>(SUBMIT, token, { input: { type: 'ACCESS' } });
    const id = submitPrivacyRequest.id;
    const wrongCode = String((Number(await codeSentFor(id)) + 1) % 1_000_000).padStart(6, '0');
    for (let attempt = 0; attempt < 5; attempt += 1) await app.graphql(VERIFY, { token, variables: { id, code: wrongCode } });
    expect((await requestEvents(id)).at(-1)).toEqual(['REFUSED', 'system:request-verification']);
  });

  it('is affiliate:<subject> or privacy_officer:<subject> on a confirmed notice', async () => {
    const { customer, token } = await customerWithShoutingToken();
    const recipients = [await insertProcessor(app.dataSource), await insertProcessor(app.dataSource)];
    // An erasure notice goes to every processor that read the customer's data.
    for (const recipient of recipients) {
      await app.dataSource.query(
        `INSERT INTO audit_event (occurred_at, request_id, actor_role, actor_subject, processor_id, customer_id, fields, basis)
         VALUES (now(), gen_random_uuid(), 'affiliate', 'processor', $1, $2, '{contact.email}', 'CONSENT')`,
        [recipient.id, customer.id],
      );
    }
    const requestId = await verifiedRequest(token, 'ERASURE');
    await run(`mutation ($id: UUID!) { assignPrivacyRequest(id: $id) { id } }`, officer, { id: requestId });
    await run(`mutation ($id: UUID!) { completePrivacyRequest(id: $id) { id } }`, officer, { id: requestId });
    const notices = (await app.dataSource.query(
      `SELECT id, processor_id FROM outbox_message WHERE request_id = $1 AND channel = 'PROCESSOR' ORDER BY processor_id`,
      [requestId],
    )) as Array<{ id: string; processor_id: string }>;
    const byProcessor = new Map(notices.map((notice) => [notice.processor_id, notice.id]));
    // Issued as the officer issues them: its subject is processor:<id>.
    const affiliate = await app.affiliateToken(recipients[0].id, ['PERSONALIZATION']);
    const confirm = `mutation ($id: UUID!) { confirmNotice(id: $id) { id } }`;
    await run(confirm, affiliate, { id: byProcessor.get(recipients[0].id)!.toUpperCase() });
    await run(confirm, officer, { id: byProcessor.get(recipients[1].id)!.toUpperCase() });
    expect(await stored('outbox_message', 'confirmed_by', byProcessor.get(recipients[0].id)!)).toBe(`affiliate:processor:${recipients[0].id}`);
    expect(await stored('outbox_message', 'confirmed_by', byProcessor.get(recipients[1].id)!)).toBe(OFFICER_ACTOR);
  });
});

describe('the actor of the token command line', () => {
  it('is system:token-cli', async () => {
    const processor = await insertProcessor(app.dataSource);
    const result = await runNode(
      ['--import', 'tsx', 'scripts/token.ts', '--role', 'affiliate', '--processor', processor.id.toUpperCase(), '--purposes', 'PERSONALIZATION'],
      { DATABASE_URL: (app.dataSource.options as { url: string }).url, JWT_SECRET: randomBytes(32).toString('hex'), LOG_LEVEL: 'error' },
      30_000,
    );
    expect(result.code).toBe(0);
    expect(await app.dataSource.query(`SELECT issued_by FROM processor_token WHERE processor_id = $1`, [processor.id])).toEqual([
      { issued_by: 'system:token-cli' },
    ]);
  });
});

describe('UUID arguments and input fields are read in their canonical lower case', () => {
  it('answers a query for an upper-case id, as a variable or inline, as it answers the lower-case one', async () => {
    const { customer, token } = await customerWithShoutingToken();
    await run(`mutation { grantConsent(purpose: NEW_SERVICES) { id } }`, token);
    const consentsOf = `query ($customerId: UUID!) { consents(customerId: $customerId) { purpose { code } } customer(id: $customerId) { id } }`;
    const lower = await run(consentsOf, officer, { customerId: customer.id });
    expect(lower).toEqual({ consents: [{ purpose: { code: 'NEW_SERVICES' } }], customer: { id: customer.id } });
    expect(await run(consentsOf, officer, { customerId: customer.id.toUpperCase() })).toEqual(lower);
    expect(
      await run(
        `{ consents(customerId: "${customer.id.toUpperCase()}") { purpose { code } } customer(id: "${customer.id.toUpperCase()}") { id } }`,
        officer,
      ),
    ).toEqual(lower);
  });

  it('writes the lower-case id from an upper-case input field', async () => {
    const customer = await insertCustomer(app.dataSource);
    const { submitPrivacyRequestForCustomer } = await run<{ submitPrivacyRequestForCustomer: { customerId: string } }>(
      `mutation { submitPrivacyRequestForCustomer(input: { type: ACCESS, customerId: "${customer.id.toUpperCase()}", identityCheck: "ID card seen" }) { customerId } }`,
      staff,
    );
    expect(submitPrivacyRequestForCustomer).toEqual({ customerId: customer.id });
  });

  it('still refuses what is not a UUID', async () => {
    const result = await app.graphql(`query ($id: UUID!) { customer(id: $id) { id } }`, { token: officer, variables: { id: 'not-a-uuid' } });
    expect(result.data).toBeUndefined();
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});
