import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse } from 'graphql';
import { ErrorCode as ServerErrorCode } from '../src/common/errors';
import * as generated from '../web/client/generated/graphql';
import {
  AcceptPrivacyRequestFeeDocument,
  AssignPrivacyRequestDocument,
  AuditLogExtendsMyCheckpointDocument,
  AuditLogPublicKeyDocument,
  AuditSealStatusDocument,
  CabinetAccessLogDocument,
  CabinetConsentsDocument,
  CabinetRecipientsDocument,
  CabinetRefusedReadsDocument,
  CabinetVocabularyDocument,
  CompletePrivacyRequestDocument,
  ConfirmMyEmailDocument,
  ConfirmNoticeDocument,
  ConsentsAtDocument,
  CustomerConsentsDocument,
  CustomerForPartnerDocument,
  CustomersByEmailDocument,
  CustomersPageDocument,
  ExportAuditCheckpointDocument,
  ExtendPrivacyRequestDeadlineDocument,
  GrantConsentDocument,
  GrantProcessorTrustDocument,
  IssueProcessorTokenDocument,
  MyAccessLogDocument,
  MyConsentsDocument,
  MyDataExportDocument,
  MyPrivacyRequestsDocument,
  MyProfileDocument,
  OpenPrivacyRequestsDocument,
  OverduePrivacyRequestsDocument,
  PolicyVocabularyDocument,
  ProcessorTrustedDocumentsDocument,
  PurposesDocument,
  RecordDisclosureDocument,
  RefusePrivacyRequestDocument,
  RegisterProcessorDocument,
  RegisterTrustedDocumentDocument,
  RequestProceduresDocument,
  RequirePrivacyRequestFeeDocument,
  RevokeDisclosureDocument,
  RevokeTokenDocument,
  RevokeTrustedDocumentDocument,
  SetTrustedDocumentsOnlyDocument,
  SubmitPrivacyRequestDocument,
  SubmitPrivacyRequestForCustomerDocument,
  UnconfirmedNoticesDocument,
  UpdateMyProfileDocument,
  UpdateProcessorDocument,
  VerifyAuditChainDocument,
  VerifyPrivacyRequestDocument,
  WithdrawConsentDocument,
  WithdrawProcessorTrustDocument,
  request,
  type ErrorCode,
  type PurposeCode,
  type TypedDocumentString,
} from '../web/client';
import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The typed client of web/client against the real server: every operation of `operations/` sent as its generated
 * document, as the role it is written for, in the order a deployment's people would send them; `request()` and the
 * ErrorCode enum clients type their error handling with.
 */

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** The name of the document's operation; none for a fragment's document. */
const operationName = (document: TypedDocumentString<unknown, never>): string | undefined => {
  const operation = parse(document.toString()).definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operation?.name?.value;
};

/** The operations web/client/generated holds: every exported document but the fragments'. */
const generatedOperations = Object.values(generated)
  .filter((value) => value instanceof generated.TypedDocumentString)
  .map((document) => operationName(document))
  .filter((name): name is string => name !== undefined)
  .sort();

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('every operation of operations/, sent as its generated document', () => {
  const sent = new Set<string>();

  /** Sends a generated document and returns its data, typed by the document; the answer must have no error. */
  async function send<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    token: string | undefined,
    variables?: TVariables,
  ): Promise<TResult> {
    const answer = await app.graphql(document, { token, variables });
    const operation = operationName(document);
    expect({ operation, errors: answer.errors }).toEqual({ operation, errors: undefined });
    if (operation) sent.add(operation);
    return answer.data!;
  }

  async function outboxCode(where: string, value: string): Promise<string> {
    const [row] = (await app.dataSource.query(`SELECT body->>'code' AS code FROM outbox_message WHERE ${where} ORDER BY created_at DESC LIMIT 1`, [
      value,
    ])) as Array<{ code: string }>;
    return row.code;
  }

  const tokens = { officer: '', staff: '', analyst: '', customer: '', affiliate: '' };
  let customer: CustomerRow;
  let processorId: string;
  let tokenRecordId: string;
  let firstTreeSize: number;

  beforeAll(async () => {
    tokens.officer = await app.tokenFor('privacy_officer');
    tokens.staff = await app.tokenFor('staff');
    tokens.analyst = await app.tokenFor('analyst');
    customer = await insertCustomer(app.dataSource);
    tokens.customer = await app.customerToken(customer.id);
  });

  it('answers the public operations to anyone', async () => {
    const { purposes } = await send(PurposesDocument, undefined);
    expect(purposes.map((purpose) => purpose.code)).toEqual([
      'PERSONALIZATION',
      'SERVICE_PROTECTION_AND_IMPROVEMENT',
      'TECHNICAL_SUPPORT',
      'RIGHTS_AND_PROPERTY_PROTECTION',
      'NEW_SERVICES',
    ]);
    expect((await send(RequestProceduresDocument, undefined)).requestProcedures.length).toBeGreaterThan(0);
    expect((await send(AuditLogPublicKeyDocument, undefined)).auditLogPublicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
  });

  it("answers the analyst's vocabulary", async () => {
    const vocabulary = await send(PolicyVocabularyDocument, tokens.analyst);
    expect(vocabulary.purposes).toHaveLength(5);
    expect(vocabulary.dataCategories.map((category) => category.key)).toContain('contact.email');
  });

  it('lets the officer register, edit and trust a processor', async () => {
    const input = {
      name: 'Typed Client Partner',
      kind: 'AFFILIATE' as const,
      country: 'az',
      agreementAcceptedAt: new Date().toISOString(),
      allowedPurposes: ['PERSONALIZATION' as const],
      permittedCategories: ['contact', 'identity'],
    };
    const { registerProcessor } = await send(RegisterProcessorDocument, tokens.officer, { input });
    expect(registerProcessor).toMatchObject({ name: input.name, kind: 'AFFILIATE', country: 'AZ', trusted: false });
    processorId = registerProcessor!.id;
    const { updateProcessor } = await send(UpdateProcessorDocument, tokens.officer, { id: processorId, input: { name: 'Typed Client Partner LLC' } });
    expect(updateProcessor).toMatchObject({ id: processorId, name: 'Typed Client Partner LLC', country: 'AZ' });
    const { grantProcessorTrust } = await send(GrantProcessorTrustDocument, tokens.officer, { id: processorId });
    expect(grantProcessorTrust).toMatchObject({ id: processorId, trusted: true, trustedBy: 'privacy_officer:test' });
  });

  it('lets the customer consent and read their profile and consents', async () => {
    const { grantConsent } = await send(GrantConsentDocument, tokens.customer, { purpose: 'PERSONALIZATION', processorId });
    expect(grantConsent).toMatchObject({ status: 'GRANTED' });
    const { me } = await send(MyProfileDocument, tokens.customer);
    expect(me).toMatchObject({ id: customer.id, email: customer.email, fullName: customer.fullName, address: { city: customer.city } });
    expect(me?.consents?.map((consent) => [consent.purpose.code, consent.recipient?.id, consent.status])).toEqual([
      ['PERSONALIZATION', processorId, 'GRANTED'],
    ]);
    const { myConsents } = await send(MyConsentsDocument, tokens.customer);
    expect(myConsents?.map((consent) => [consent.purpose.code, consent.recipient?.name, consent.history.map((event) => event.status)])).toEqual([
      ['PERSONALIZATION', 'Typed Client Partner LLC', ['GRANTED']],
    ]);
  });

  it("issues a partner token the affiliate reads the consenting customer's fields with", async () => {
    const { issueProcessorToken } = await send(IssueProcessorTokenDocument, tokens.officer, {
      processorId,
      purposes: ['PERSONALIZATION'],
      ttlSeconds: 3600,
    });
    expect(issueProcessorToken?.record.purposes).toEqual(['PERSONALIZATION']);
    tokens.affiliate = issueProcessorToken!.token;
    tokenRecordId = issueProcessorToken!.record.id;
    const { customer: read } = await send(CustomerForPartnerDocument, tokens.affiliate, { id: customer.id });
    expect(read).toEqual({ id: customer.id, email: customer.email, fullName: customer.fullName });
  });

  it('answers staff the customers without personal fields, and their consents', async () => {
    const { customers } = await send(CustomersPageDocument, tokens.staff, { first: 10 });
    expect(customers?.edges.map((edge) => edge.node.id)).toContain(customer.id);
    const { consents } = await send(CustomerConsentsDocument, tokens.staff, { customerId: customer.id });
    expect(consents?.map((consent) => [consent.purpose.code, consent.recipient?.kind])).toEqual([['PERSONALIZATION', 'AFFILIATE']]);
  });

  it('lets the officer find customers by email, record and revoke a disclosure, and see consents at a moment', async () => {
    const { customers } = await send(CustomersByEmailDocument, tokens.officer, { emailContains: customer.email.slice(0, 12) });
    expect(customers?.edges.map((edge) => edge.node.email)).toEqual([customer.email]);
    const { recordDisclosure } = await send(RecordDisclosureDocument, tokens.officer, {
      input: {
        ground: 'LEGAL_OBLIGATION',
        reference: 'court order 2025/17',
        processorId,
        customerId: customer.id,
        categories: ['contact.phone'],
        justification: 'A court asked for the phone number.',
        expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
      },
    });
    expect(recordDisclosure).toMatchObject({ ground: 'LEGAL_OBLIGATION', categories: ['contact.phone'], live: true });
    const { revokeDisclosure } = await send(RevokeDisclosureDocument, tokens.officer, { id: recordDisclosure!.id });
    expect(revokeDisclosure).toMatchObject({ id: recordDisclosure!.id, live: false });
    const { consentsAt } = await send(ConsentsAtDocument, tokens.officer, { customerId: customer.id, at: new Date().toISOString() });
    expect(consentsAt?.map((consent) => [consent.purpose.code, consent.status])).toEqual([['PERSONALIZATION', 'GRANTED']]);
  });

  it("shows the customer the affiliate's read, with a proof once sealed", async () => {
    await app.sealAuditLog();
    const { me } = await send(MyAccessLogDocument, tokens.customer);
    const read = me?.accessLog?.find((entry) => entry.actorRole === 'affiliate');
    expect(read).toMatchObject({ basis: 'CONSENT', processor: { name: 'Typed Client Partner LLC' }, purpose: { code: 'PERSONALIZATION' } });
    expect([...(read?.fields ?? [])].sort()).toEqual(['email', 'fullName']);
    expect(me?.disclosures?.map((disclosure) => disclosure.reference)).toEqual(['court order 2025/17']);
    firstTreeSize = read!.inclusionProof!.treeSize;
    expect(firstTreeSize).toBeGreaterThan(0);
  });

  it("answers the cabinet's operations: recipients, consents by recipient id, the reads by reader id, the vocabulary, the refused reads", async () => {
    const { processors } = await send(CabinetRecipientsDocument, tokens.customer);
    expect(processors?.find((processor) => processor.id === processorId)).toMatchObject({
      active: true,
      allowedPurposes: [{ code: 'PERSONALIZATION' }],
    });
    const { myConsents } = await send(CabinetConsentsDocument, tokens.customer);
    expect(myConsents?.map((consent) => [consent.purpose.code, consent.recipient?.id, consent.status])).toEqual([
      ['PERSONALIZATION', processorId, 'GRANTED'],
    ]);
    const { me } = await send(CabinetAccessLogDocument, tokens.customer);
    expect(me?.accessLog?.find((entry) => entry.actorRole === 'affiliate')).toMatchObject({ processor: { id: processorId }, basis: 'CONSENT' });
    const { disclosureGrounds, refusalReasons } = await send(CabinetVocabularyDocument, tokens.customer);
    expect(disclosureGrounds.map((term) => term.key)).toContain('LEGAL_OBLIGATION');
    expect(refusalReasons.map((term) => term.key)).toContain('REPETITIVE');
    // Every read of this customer so far was allowed (test/refused-reads.test.ts has the refused ones).
    expect((await send(CabinetRefusedReadsDocument, tokens.customer)).me?.refusedReads).toEqual([]);
  });

  it('restricts the partner to trusted documents: the generated text is the one registered', async () => {
    expect((await send(SetTrustedDocumentsOnlyDocument, tokens.officer, { processorId, enabled: true })).setTrustedDocumentsOnly).toEqual({
      id: processorId,
      trustedDocumentsOnly: true,
    });
    const text = CustomerForPartnerDocument.toString();
    const { registerTrustedDocument } = await send(RegisterTrustedDocumentDocument, tokens.officer, {
      input: { processorId, document: text, name: 'partner reads a customer' },
    });
    expect(registerTrustedDocument).toMatchObject({ hash: sha256(text), operationName: 'CustomerForPartner', operationType: 'QUERY' });
    expect((await send(CustomerForPartnerDocument, tokens.affiliate, { id: customer.id })).customer?.email).toBe(customer.email);
    const { processors } = await send(ProcessorTrustedDocumentsDocument, tokens.officer);
    expect(processors?.find((processor) => processor.id === processorId)?.trustedDocuments?.map((document) => document.hash)).toEqual([sha256(text)]);
    const { revokeTrustedDocument } = await send(RevokeTrustedDocumentDocument, tokens.officer, { id: registerTrustedDocument!.id });
    expect(revokeTrustedDocument?.revokedAt).not.toBeNull();
    await send(SetTrustedDocumentsOnlyDocument, tokens.officer, { processorId, enabled: false });
  });

  it('takes a rectification from submission to the notice the affiliate confirms', async () => {
    const { submitPrivacyRequest } = await send(SubmitPrivacyRequestDocument, tokens.customer, {
      input: { type: 'RECTIFICATION', changes: { fullName: 'Aysel Həsənova' } },
    });
    expect(submitPrivacyRequest).toMatchObject({ type: 'RECTIFICATION', status: 'AWAITING_VERIFICATION' });
    const id = submitPrivacyRequest!.id;
    const { privacyRequests } = await send(OpenPrivacyRequestsDocument, tokens.officer, {});
    expect(privacyRequests?.edges.map((edge) => edge.node.id)).toContain(id);
    const code = await outboxCode(`request_id = $1 AND kind = 'VERIFICATION_CODE'`, id);
    expect((await send(VerifyPrivacyRequestDocument, tokens.customer, { id, code })).verifyPrivacyRequest).toMatchObject({ status: 'VERIFIED' });
    expect((await send(AssignPrivacyRequestDocument, tokens.officer, { id })).assignPrivacyRequest).toMatchObject({ status: 'IN_PROGRESS' });
    const { completePrivacyRequest } = await send(CompletePrivacyRequestDocument, tokens.officer, { id });
    expect(completePrivacyRequest).toMatchObject({ status: 'COMPLETED', changedFields: ['fullName'] });
    expect(completePrivacyRequest?.notices?.map((notice) => [notice.kind, notice.processor?.name])).toEqual([
      ['RECTIFICATION_NOTICE', 'Typed Client Partner LLC'],
    ]);
    const noticeId = completePrivacyRequest!.notices![0].id;
    expect((await send(UnconfirmedNoticesDocument, tokens.officer)).unconfirmedNotices?.map((notice) => notice.id)).toContain(noticeId);
    const { confirmNotice } = await send(ConfirmNoticeDocument, tokens.affiliate, { id: noticeId });
    expect(confirmNotice).toMatchObject({ id: noticeId, status: 'CONFIRMED' });
  });

  it('takes an access request through a fee and an extended deadline to the export', async () => {
    const { submitPrivacyRequest } = await send(SubmitPrivacyRequestDocument, tokens.customer, { input: { type: 'ACCESS' } });
    const id = submitPrivacyRequest!.id;
    await send(VerifyPrivacyRequestDocument, tokens.customer, { id, code: await outboxCode(`request_id = $1 AND kind = 'VERIFICATION_CODE'`, id) });
    const fee = { amount: '15.00', justification: 'Twenty years of paper archives.' };
    const { requirePrivacyRequestFee } = await send(RequirePrivacyRequestFeeDocument, tokens.officer, { id, fee });
    expect(requirePrivacyRequestFee).toMatchObject({ status: 'AWAITING_FEE_ACCEPTANCE', fee: { ...fee, currency: 'AZN' } });
    const { acceptPrivacyRequestFee } = await send(AcceptPrivacyRequestFeeDocument, tokens.customer, { id });
    expect(acceptPrivacyRequestFee).toMatchObject({ status: 'VERIFIED', fee: { amount: '15.00' } });
    expect(acceptPrivacyRequestFee?.fee?.acceptedAt).not.toBeNull();
    const { extendPrivacyRequestDeadline } = await send(ExtendPrivacyRequestDeadlineDocument, tokens.officer, {
      id,
      extension: { days: 10, reason: 'The archives are in another city.' },
    });
    expect(Date.parse(extendPrivacyRequestDeadline!.dueAt) - Date.parse(submitPrivacyRequest!.dueAt)).toBe(10 * 86_400_000);
    await send(AssignPrivacyRequestDocument, tokens.officer, { id });
    await send(CompletePrivacyRequestDocument, tokens.officer, { id });
    const { privacyRequestExport } = await send(MyDataExportDocument, tokens.customer, { requestId: id });
    expect(privacyRequestExport?.requestId).toBe(id);
    expect(privacyRequestExport?.readable).toContain('Aysel Həsənova');
    const { me } = await send(MyPrivacyRequestsDocument, tokens.customer);
    expect(me?.privacyRequests?.map((request) => [request.type, request.status]).sort()).toEqual([
      ['ACCESS', 'COMPLETED'],
      ['RECTIFICATION', 'COMPLETED'],
    ]);
  });

  it('takes a request on the phone, lists it overdue, and refuses it', async () => {
    const { submitPrivacyRequestForCustomer } = await send(SubmitPrivacyRequestForCustomerDocument, tokens.staff, {
      input: { customerId: customer.id, identityCheck: 'security questions and callback', type: 'ERASURE' },
    });
    expect(submitPrivacyRequestForCustomer).toMatchObject({
      status: 'VERIFIED',
      verifiedBy: 'staff:test',
      verificationMethod: 'STAFF_ASSISTED',
    });
    const id = submitPrivacyRequestForCustomer!.id;
    await app.dataSource.query(
      `UPDATE privacy_request SET submitted_at = now() - interval '40 days', due_at = now() - interval '10 days' WHERE id = $1`,
      [id],
    );
    const { privacyRequests } = await send(OverduePrivacyRequestsDocument, tokens.officer, {});
    expect(privacyRequests?.edges.map((edge) => edge.node.id)).toEqual([id]);
    const refusal = { reason: 'TECHNICALLY_INFEASIBLE' as const, justification: 'The data is held by a court order.' };
    const { refusePrivacyRequest } = await send(RefusePrivacyRequestDocument, tokens.officer, { id, refusal });
    expect(refusePrivacyRequest).toEqual({ id, status: 'REFUSED', refusalReason: refusal.reason, refusalJustification: refusal.justification });
  });

  it('lets the customer change their email with the code sent to it', async () => {
    const address = 'typed.client@example.az';
    const { updateMyProfile } = await send(UpdateMyProfileDocument, tokens.customer, { input: { email: address, phone: '+994551234567' } });
    expect(updateMyProfile).toMatchObject({ email: customer.email, pendingEmail: address, phone: '+994551234567' });
    const code = await outboxCode(`kind = 'EMAIL_CONFIRMATION_CODE' AND body->>'to' = $1`, address);
    const { confirmMyEmail } = await send(ConfirmMyEmailDocument, tokens.customer, { code });
    expect(confirmMyEmail).toEqual({ id: customer.id, email: address, pendingEmail: null });
  });

  it('answers the audit operations after a second seal, the customer checking the log kept what it proved', async () => {
    expect(await app.sealAuditLog()).toBeGreaterThan(0);
    const { auditCheckpoint } = await send(ExportAuditCheckpointDocument, tokens.officer);
    expect(auditCheckpoint!.treeSize).toBeGreaterThan(firstTreeSize);
    const { auditSealStatus } = await send(AuditSealStatusDocument, tokens.officer);
    expect(auditSealStatus).toMatchObject({ unsealedEvents: 0, withinBound: true, latestCheckpoint: { treeSize: auditCheckpoint!.treeSize } });
    expect((await send(VerifyAuditChainDocument, tokens.officer, { full: true })).verifyAuditChain).toMatchObject({ intact: true, problem: null });
    const { auditConsistencyProof } = await send(AuditLogExtendsMyCheckpointDocument, tokens.customer, { fromTreeSize: firstTreeSize });
    expect(auditConsistencyProof?.from.treeSize).toBe(firstTreeSize);
    expect(auditConsistencyProof?.hashes.length).toBeGreaterThan(0);
  });

  it('ends the consent, the trust and the token', async () => {
    const { withdrawConsent } = await send(WithdrawConsentDocument, tokens.customer, { purpose: 'PERSONALIZATION', processorId });
    expect(withdrawConsent).toMatchObject({ status: 'WITHDRAWN' });
    const { withdrawProcessorTrust } = await send(WithdrawProcessorTrustDocument, tokens.officer, { id: processorId });
    expect(withdrawProcessorTrust).toMatchObject({ trusted: false });
    const { revokeToken } = await send(RevokeTokenDocument, tokens.officer, { id: tokenRecordId });
    expect(revokeToken?.revokedAt).not.toBeNull();
  });

  it('sent every operation web/client/generated holds', () => {
    expect(generatedOperations.length).toBeGreaterThan(40);
    expect([...sent].sort()).toEqual(generatedOperations);
  });
});

describe("the client's request()", () => {
  let partnerToken: string;
  let customer: CustomerRow;

  beforeAll(async () => {
    const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION', 'NEW_SERVICES'] });
    customer = await insertCustomer(app.dataSource);
    await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'NEW_SERVICES', processorId: processor.id });
    partnerToken = await app.affiliateToken(processor.id, ['PERSONALIZATION', 'NEW_SERVICES']);
  });

  const readFor = (purpose: PurposeCode) =>
    request(CustomerForPartnerDocument, { id: customer.id }, { endpoint: app.url, token: partnerToken, purpose });

  it('answers a purpose the customer consented to with the fields', async () => {
    const answer = await readFor('NEW_SERVICES');
    expect(answer).toEqual({ data: { customer: { id: customer.id, email: customer.email, fullName: customer.fullName } }, errors: undefined });
  });

  it('answers another purpose with the personal fields null and CONSENT_REQUIRED on each, typed as ErrorCode', async () => {
    const answer = await readFor('PERSONALIZATION');
    expect(answer.data).toEqual({ customer: { id: customer.id, email: null, fullName: null } });
    const codes: ErrorCode[] = (answer.errors ?? []).map((error) => error.extensions.code);
    expect(answer.errors?.map((error) => error.path)).toEqual([
      ['customer', 'email'],
      ['customer', 'fullName'],
    ]);
    expect(codes).toEqual(['CONSENT_REQUIRED', 'CONSENT_REQUIRED']);
  });

  it('answers a refusal of the whole request with errors and no data', async () => {
    const answer = await readFor('TECHNICAL_SUPPORT');
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.map((error) => error.extensions.code)).toEqual(['PURPOSE_NOT_ALLOWED']);
  });
});

describe('the ErrorCode enum', () => {
  let values: Array<{ name: string; description: string | null }>;

  beforeAll(async () => {
    const answer = await app.graphql<{ __type: { enumValues: typeof values } | null }>(
      '{ __type(name: "ErrorCode") { enumValues { name description } } }',
      { token: await app.tokenFor('privacy_officer') },
    );
    values = answer.data?.__type?.enumValues ?? [];
  });

  it('is served, with every code of the server (src/common/errors.ts), each described', () => {
    expect(values.map((value) => value.name).sort()).toEqual(Object.values(ServerErrorCode).sort());
    expect(values.filter((value) => (value.description ?? '').trim() === '').map((value) => value.name)).toEqual([]);
  });

  it("holds the codes Apollo Server answers itself, as this server's requests meet them", async () => {
    const post = async (body: unknown) => {
      const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return ((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0].extensions.code;
    };
    const answered = {
      parse: await post({ query: '{ purposes { code }' }),
      validation: await post({ query: '{ purposes { nope } }' }),
      operationName: await post({ query: 'query A { purposes { code } }', operationName: 'B' }),
      persistedQuery: await post({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ purposes { code } }') } } }),
      noQuery: await post({ variables: {} }),
    };
    expect(answered).toEqual({
      parse: 'GRAPHQL_PARSE_FAILED',
      validation: 'GRAPHQL_VALIDATION_FAILED',
      operationName: 'OPERATION_RESOLUTION_FAILURE',
      persistedQuery: 'PERSISTED_QUERY_NOT_SUPPORTED',
      noQuery: 'BAD_REQUEST',
    });
    expect(Object.values(answered).filter((code) => !values.some((value) => value.name === code))).toEqual([]);
  });

  it("holds every code src/ answers with as a string literal (`code: '…'`, the policy's `deny('…')`)", () => {
    const literal = /\bcode: '([A-Z][A-Z0-9_]*)'|\bdeny\('([A-Z][A-Z0-9_]*)'/g;
    const sources = (readdirSync(join(__dirname, '..', 'src'), { recursive: true }) as string[]).filter((file) => file.endsWith('.ts'));
    const written = new Set<string>();
    for (const file of sources) {
      for (const match of readFileSync(join(__dirname, '..', 'src', file), 'utf8').matchAll(literal)) written.add(match[1] ?? match[2]);
    }
    expect(written.size).toBeGreaterThan(5);
    expect([...written].filter((code) => !values.some((value) => value.name === code)).sort()).toEqual([]);
  });
});
