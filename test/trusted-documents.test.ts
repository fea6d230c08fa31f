import { createHash, randomUUID } from 'node:crypto';
import { insertConsent, insertCustomer, insertProcessor, type CustomerRow, type ProcessorRow } from './support/fixtures';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * Trusted documents (README "Trusted documents"): the privacy officer registers, per processor, the exact
 * operations its partner system may send, each known by the SHA-256 of its text; a processor restricted to them
 * gets any other document refused with 403 OPERATION_NOT_TRUSTED before a field resolves, and nothing audited.
 */

let app: TestApp;
let officer: string;

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.tokenFor('privacy_officer');
});
afterAll(() => app.close());

const READ = `query PartnerReadsEmail($id: UUID!) {
  customer(id: $id) { id email }
}`;
/** READ with one character more: a space before the closing brace. */
const READ_CHANGED = READ.replace(/}$/, ' }');
const READ_NAME = `query PartnerReadsName($id: UUID!) { customer(id: $id) { id fullName } }`;

const REGISTER = `mutation ($input: RegisterTrustedDocumentInput!) {
  registerTrustedDocument(input: $input) {
    id processorId hash document name operationName operationType registeredAt registeredBy revokedAt revokedBy
  }
}`;
const REVOKE = `mutation ($id: UUID!) { revokeTrustedDocument(id: $id) { id revokedAt revokedBy } }`;
const RESTRICT = `mutation ($processorId: UUID!, $enabled: Boolean!) {
  setTrustedDocumentsOnly(processorId: $processorId, enabled: $enabled) { id trustedDocumentsOnly }
}`;

interface Registered {
  id: string;
  processorId: string;
  hash: string;
  document: string;
  name: string | null;
  operationName: string | null;
  operationType: string;
  registeredAt: string;
  registeredBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

/** Computed here, independently of the server: what a partner computes with `printf '%s' "$QUERY" | sha256sum`. */
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function register(processorId: string, document: string, { name, token = officer }: { name?: string; token?: string } = {}) {
  return app.graphql<{ registerTrustedDocument: Registered | null }>(REGISTER, { token, variables: { input: { processorId, document, name } } });
}

async function registered(processorId: string, document: string, name?: string): Promise<Registered> {
  const result = await register(processorId, document, { name });
  expect(result.errors).toBeUndefined();
  return result.data!.registerTrustedDocument!;
}

async function restrict(processorId: string, enabled: boolean): Promise<void> {
  const result = await app.graphql(RESTRICT, { token: officer, variables: { processorId, enabled } });
  expect(result.errors).toBeUndefined();
  expect(result.data).toEqual({ setTrustedDocumentsOnly: { id: processorId, trustedDocumentsOnly: enabled } });
}

const documentRows = (processorId: string) =>
  app.dataSource.query(
    `SELECT document_hash, document, name, operation_name, operation_type, registered_by, revoked_at, revoked_by
     FROM trusted_document WHERE processor_id = $1 ORDER BY registered_at`,
    [processorId],
  ) as Promise<Array<Record<string, unknown>>>;

const auditedReads = async (processorId: string) =>
  ((await app.dataSource.query(`SELECT count(*)::int AS n FROM audit_event WHERE processor_id = $1`, [processorId])) as Array<{ n: number }>)[0].n;

interface Partner {
  processor: ProcessorRow;
  customer: CustomerRow;
  token: string;
}

/** A trusted processor whose customer consented to it, with a token of its own, unrestricted. */
async function partner(): Promise<Partner> {
  const processor = await insertProcessor(app.dataSource);
  const customer = await insertCustomer(app.dataSource);
  await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: processor.id });
  return { processor, customer, token: await app.affiliateToken(processor.id, ['PERSONALIZATION']) };
}

/** A partner restricted to trusted documents, with READ registered for it. */
async function restrictedPartner(): Promise<Partner> {
  const restricted = await partner();
  await registered(restricted.processor.id, READ);
  await restrict(restricted.processor.id, true);
  return restricted;
}

/** Statements that read the trusted_document table (not the processor's trusted_documents_only column). */
const readsTrustedDocuments = (statements: string[]) => statements.filter((sql) => /FROM "?trusted_document"?[\s)]/.test(sql));

const send = ({ customer, token }: Partner, document: string) => app.graphql(document, { token, variables: { id: customer.id } });

function expectEmailRead(result: GraphQLResponse, customer: CustomerRow) {
  expect(result.status).toBe(200);
  expect(result.errors).toBeUndefined();
  expect(result.data).toEqual({ customer: { id: customer.id, email: customer.email } });
}

function expectNotTrusted(result: GraphQLResponse, customer: CustomerRow) {
  expect(result.status).toBe(403);
  expect(result.data).toBeUndefined();
  expect(result.errors).toHaveLength(1);
  expect(result.errors?.[0].extensions?.code).toBe('OPERATION_NOT_TRUSTED');
  expect(JSON.stringify(result)).not.toContain(customer.email);
  expect(JSON.stringify(result)).not.toContain(customer.fullName);
}

describe('a processor not restricted to trusted documents', () => {
  it('is answered any operation, registered or not, as before', async () => {
    const unrestricted = await partner();
    expectEmailRead(await send(unrestricted, READ), unrestricted.customer);
    expectEmailRead(await send(unrestricted, READ_CHANGED), unrestricted.customer);
    expect(await auditedReads(unrestricted.processor.id)).toBe(2);
  });

  it('costs no statement on trusted documents: its flag comes with the token check', async () => {
    const unrestricted = await partner();
    const statements = await app.statements.during(async () => expectEmailRead(await send(unrestricted, READ), unrestricted.customer));
    expect(readsTrustedDocuments(statements)).toEqual([]);
  });

  it('starts unrestricted, and shows its flag like its other ones', async () => {
    const { processor } = await partner();
    const result = await app.graphql<{ processors: Array<{ id: string; trustedDocumentsOnly: boolean }> }>(
      `{ processors { id trustedDocumentsOnly } }`,
      { token: await app.tokenFor('analyst') },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.processors.find((entry) => entry.id === processor.id)).toEqual({ id: processor.id, trustedDocumentsOnly: false });
  });
});

describe('a processor restricted to trusted documents', () => {
  it('is answered a registered document, and the read is audited as usual', async () => {
    const restricted = await restrictedPartner();
    expectEmailRead(await send(restricted, READ), restricted.customer);
    expect(await auditedReads(restricted.processor.id)).toBe(1);
  });

  it('costs one statement more than an unrestricted one, the lookup of the document on trusted_document', async () => {
    const restricted = await restrictedPartner();
    const unrestricted = await partner();
    const restrictedStatements = await app.statements.during(async () => expectEmailRead(await send(restricted, READ), restricted.customer));
    const unrestrictedStatements = await app.statements.during(async () => expectEmailRead(await send(unrestricted, READ), unrestricted.customer));
    expect(readsTrustedDocuments(restrictedStatements)).toHaveLength(1);
    expect(restrictedStatements).toHaveLength(unrestrictedStatements.length + 1);
  });

  it('refuses the same operation with one character changed, with 403 OPERATION_NOT_TRUSTED, and audits nothing', async () => {
    const restricted = await restrictedPartner();
    expectNotTrusted(await send(restricted, READ_CHANGED), restricted.customer);
    expect(await auditedReads(restricted.processor.id)).toBe(0);
  });

  it('refuses an operation registered only for another processor', async () => {
    const restricted = await restrictedPartner();
    const other = await partner();
    await registered(other.processor.id, READ_NAME);
    expectNotTrusted(await send(restricted, READ_NAME), restricted.customer);
    expect(await auditedReads(restricted.processor.id)).toBe(0);
  });

  it('refuses a revoked document from the next request on, and keeps it listed as revoked', async () => {
    const restricted = await restrictedPartner();
    const document = await registered(restricted.processor.id, READ_NAME, 'names');
    const answered = await send(restricted, READ_NAME);
    expect(answered.errors).toBeUndefined();
    expect(answered.data).toEqual({ customer: { id: restricted.customer.id, fullName: restricted.customer.fullName } });

    const revoked = await app.graphql<{ revokeTrustedDocument: { id: string; revokedAt: string | null; revokedBy: string | null } }>(REVOKE, {
      token: officer,
      variables: { id: document.id },
    });
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data!.revokeTrustedDocument).toEqual({
      id: document.id,
      revokedAt: expect.any(String),
      revokedBy: 'privacy_officer:test',
    });

    expectNotTrusted(await send(restricted, READ_NAME), restricted.customer);
    // Only the read before the revocation was audited.
    expect(await auditedReads(restricted.processor.id)).toBe(1);
    // The other document is untouched.
    expectEmailRead(await send(restricted, READ), restricted.customer);
  });

  it('is answered its document again once the same text is registered again after a revocation', async () => {
    const restricted = await restrictedPartner();
    const first = await registered(restricted.processor.id, READ_NAME);
    await app.graphql(REVOKE, { token: officer, variables: { id: first.id } });
    const second = await registered(restricted.processor.id, READ_NAME);
    expect(second.id).not.toBe(first.id);
    expect(second.revokedAt).toBeNull();
    expect((await send(restricted, READ_NAME)).errors).toBeUndefined();
    expect((await documentRows(restricted.processor.id)).map((row) => row.revoked_by)).toEqual([null, 'privacy_officer:test', null]);
  });

  it('refuses even `{ __typename }`: anything not registered', async () => {
    const restricted = await restrictedPartner();
    expectNotTrusted(await app.graphql(`{ __typename }`, { token: restricted.token }), restricted.customer);
  });

  it('lets any operation through again once the restriction is lifted', async () => {
    const restricted = await restrictedPartner();
    expectNotTrusted(await send(restricted, READ_CHANGED), restricted.customer);
    await restrict(restricted.processor.id, false);
    expectEmailRead(await send(restricted, READ_CHANGED), restricted.customer);
    expect(await auditedReads(restricted.processor.id)).toBe(1);
  });

  it('binds only the restricted processor: others, and the officer, are answered as before', async () => {
    const restricted = await restrictedPartner();
    const unrestricted = await partner();
    expectEmailRead(await send(unrestricted, READ_CHANGED), unrestricted.customer);
    const asOfficer = await app.graphql(READ_CHANGED, { token: officer, variables: { id: restricted.customer.id } });
    expect(asOfficer.errors).toBeUndefined();
    expect(asOfficer.data).toEqual({ customer: { id: restricted.customer.id, email: restricted.customer.email } });
  });
});

describe('registering a trusted document', () => {
  it('stores the exact text under its SHA-256 and says what its operation is', async () => {
    const { processor } = await partner();
    const document = await registered(processor.id, READ, 'email lookup');
    expect(document).toEqual({
      id: expect.any(String),
      processorId: processor.id,
      hash: sha256(READ),
      document: READ,
      name: 'email lookup',
      operationName: 'PartnerReadsEmail',
      operationType: 'QUERY',
      registeredAt: expect.any(String),
      registeredBy: 'privacy_officer:test',
      revokedAt: null,
      revokedBy: null,
    });
    expect(await documentRows(processor.id)).toEqual([
      {
        document_hash: sha256(READ),
        document: READ,
        name: 'email lookup',
        operation_name: 'PartnerReadsEmail',
        operation_type: 'QUERY',
        registered_by: 'privacy_officer:test',
        revoked_at: null,
        revoked_by: null,
      },
    ]);
  });

  it('accepts an anonymous operation with fragments, and a mutation', async () => {
    const { processor } = await partner();
    const withFragment = await registered(processor.id, `fragment Who on Customer { id email }\n{ customer(id: "${randomUUID()}") { ...Who } }`);
    expect(withFragment).toMatchObject({ operationName: null, operationType: 'QUERY' });
    const mutation = await registered(processor.id, `mutation Confirm($id: UUID!) { confirmNotice(id: $id) { id } }`);
    expect(mutation).toMatchObject({ operationName: 'Confirm', operationType: 'MUTATION' });
  });

  it('answers a text already live for the processor with its registration, and stores it once', async () => {
    const { processor } = await partner();
    const first = await registered(processor.id, READ, 'first');
    const again = await registered(processor.id, READ, 'second');
    expect(again).toEqual(first);
    expect(await documentRows(processor.id)).toHaveLength(1);
  });

  it('lists them to the privacy officer on the processor, newest first, revoked ones included', async () => {
    const { processor } = await partner();
    const older = await registered(processor.id, READ);
    const newer = await registered(processor.id, READ_NAME);
    await app.graphql(REVOKE, { token: officer, variables: { id: older.id } });
    const result = await app.graphql<{ processors: Array<{ id: string; trustedDocuments: Array<Record<string, unknown>> | null }> }>(
      `{ processors { id trustedDocuments { id hash revokedAt } } }`,
      { token: officer },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.processors.find((entry) => entry.id === processor.id)?.trustedDocuments).toEqual([
      { id: newer.id, hash: sha256(READ_NAME), revokedAt: null },
      { id: older.id, hash: sha256(READ), revokedAt: expect.any(String) },
    ]);
  });

  it.each([
    ['staff', () => app.tokenFor('staff')],
    ['an analyst', () => app.tokenFor('analyst')],
    ['the processor itself', (processorId: string) => app.affiliateToken(processorId, ['PERSONALIZATION'])],
  ] as Array<[string, (processorId: string) => Promise<string>]>)("hides a processor's documents from %s", async (_caller, tokenOf) => {
    const { processor } = await partner();
    await registered(processor.id, READ);
    const result = await app.graphql(`{ processors { id trustedDocuments { id document } } }`, { token: await tokenOf(processor.id) });
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(result.errors?.every((error) => error.extensions?.code === 'FORBIDDEN' && error.path?.at(-1) === 'trustedDocuments')).toBe(true);
    expect(JSON.stringify(result.data)).not.toContain('PartnerReadsEmail');
  });

  it.each([
    ['a syntax error', `query PartnerReadsEmail($id: UUID!) { customer(id: $id) { id email }`],
    ['a field the schema does not have', `query Probe { customers(first: 1) { edges { node { password } } } }`],
    ['a literal of the wrong type', `{ customer(id: "aysel@example.az") { id } }`],
    ['two operations', `query One { purposes { code } }\nquery Two { processors { id } }`],
    ['no operation, only a fragment', `fragment Who on Customer { id }`],
    ['nothing but blanks', `   `],
  ])('refuses %s with BAD_USER_INPUT, writes nothing and quotes nothing of it', async (_case, document) => {
    const { processor } = await partner();
    const result = await register(processor.id, document);
    expect(result.data).toEqual({ registerTrustedDocument: null });
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({ path: ['registerTrustedDocument'], extensions: { code: 'BAD_USER_INPUT' } });
    for (const quoted of ['PartnerReadsEmail', 'password', 'aysel@example.az', 'purposes', 'Who']) {
      expect(result.errors?.[0].message).not.toContain(quoted);
    }
    expect(await documentRows(processor.id)).toEqual([]);
  });

  it('refuses an unknown processor with NOT_FOUND', async () => {
    const processorId = randomUUID();
    const result = await register(processorId, READ);
    expect(result.errors?.[0]).toMatchObject({ path: ['registerTrustedDocument'], extensions: { code: 'NOT_FOUND' } });
    expect(await documentRows(processorId)).toEqual([]);
  });

  it.each([
    ['staff', () => app.tokenFor('staff'), 'FORBIDDEN'],
    ['an analyst', () => app.tokenFor('analyst'), 'FORBIDDEN'],
    ['a customer', () => app.customerToken(randomUUID()), 'FORBIDDEN'],
    ['the affiliate itself', (processorId: string) => app.affiliateToken(processorId, ['PERSONALIZATION']), 'FORBIDDEN'],
    ['an anonymous caller', async () => '', 'UNAUTHENTICATED'],
  ] as Array<[string, (processorId: string) => Promise<string>, string]>)(
    'is refused to %s, like the other officer mutations',
    async (_caller, tokenOf, code) => {
      const { processor } = await partner();
      const own = await registered(processor.id, READ);
      const token = await tokenOf(processor.id);

      const registering = await register(processor.id, READ_NAME, { token });
      expect(registering.data).toEqual({ registerTrustedDocument: null });
      expect(registering.errors?.[0]).toMatchObject({ path: ['registerTrustedDocument'], extensions: { code } });

      const revoking = await app.graphql(REVOKE, { token, variables: { id: own.id } });
      expect(revoking.data).toEqual({ revokeTrustedDocument: null });
      expect(revoking.errors?.[0]).toMatchObject({ path: ['revokeTrustedDocument'], extensions: { code } });

      const restricting = await app.graphql(RESTRICT, { token, variables: { processorId: processor.id, enabled: true } });
      expect(restricting.data).toEqual({ setTrustedDocumentsOnly: null });
      expect(restricting.errors?.[0]).toMatchObject({ path: ['setTrustedDocumentsOnly'], extensions: { code } });

      expect((await documentRows(processor.id)).map((row) => [row.document, row.revoked_at])).toEqual([[READ, null]]);
      const [{ trusted_documents_only }] = (await app.dataSource.query(`SELECT trusted_documents_only FROM processor WHERE id = $1`, [
        processor.id,
      ])) as Array<{ trusted_documents_only: boolean }>;
      expect(trusted_documents_only).toBe(false);
    },
  );
});

describe('revoking and restricting', () => {
  it('answers NOT_FOUND for a document or a processor that does not exist', async () => {
    const revoking = await app.graphql(REVOKE, { token: officer, variables: { id: randomUUID() } });
    expect(revoking.errors?.[0]).toMatchObject({ path: ['revokeTrustedDocument'], extensions: { code: 'NOT_FOUND' } });
    const restricting = await app.graphql(RESTRICT, { token: officer, variables: { processorId: randomUUID(), enabled: true } });
    expect(restricting.errors?.[0]).toMatchObject({ path: ['setTrustedDocumentsOnly'], extensions: { code: 'NOT_FOUND' } });
  });

  it('keeps the first revocation when a document is revoked twice', async () => {
    const { processor } = await partner();
    const document = await registered(processor.id, READ);
    const first = await app.graphql<{ revokeTrustedDocument: { revokedAt: string } }>(REVOKE, { token: officer, variables: { id: document.id } });
    const second = await app.graphql<{ revokeTrustedDocument: { revokedAt: string } }>(REVOKE, { token: officer, variables: { id: document.id } });
    expect(second.errors).toBeUndefined();
    expect(second.data!.revokeTrustedDocument.revokedAt).toBe(first.data!.revokeTrustedDocument.revokedAt);
  });

  it('restricted with no document at all, a processor is answered nothing', async () => {
    const bare = await partner();
    await restrict(bare.processor.id, true);
    expectNotTrusted(await send(bare, READ), bare.customer);
  });
});
