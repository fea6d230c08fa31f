import { randomUUID } from 'node:crypto';
import { insertConsent, insertCustomer, insertProcessor } from './support/fixtures';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * "Exists but forbidden" and "absent" give one answer (issue 13, class 7). Every Query and Mutation field that
 * takes the id of a record some caller may not see is asked, by each role that may call it (and by one that
 * may not), once with the id of a record that exists and is not the caller's to see, once with a random id:
 * the two answers are the same (status, data, errors, codes, and messages once the id is written as <id>),
 * and the record asked about is left as it was.
 *
 * Not in the table, because their callers may see every record they can name: the privacy officer's fields
 * (privacyRequests, consentsAt, the request workflow, processors, tokens, trusted documents, disclosures),
 * staff's customer(id), consents(customerId) and submitPrivacyRequestForCustomer (staff see every customer),
 * and grantConsent's and withdrawConsent's processorId (every signed-in caller lists all processors).
 */

let app: TestApp;
let staff: string;
let officer: string;

/** What a record's id is asked about: the one that exists (made in beforeAll) and a random one. */
const scene = {
  recipient: { id: '', token: '' },
  /** A customer of the recipient's, and another customer, each with a token of their own. */
  customer: { id: '', token: '' },
  other: { id: '', token: '' },
  /** Customers the recipient does not see, each for another reason. */
  consentedToAnotherRecipient: '',
  consentWithdrawn: '',
  disclosureExpired: '',
  disclosureRevoked: '',
  companyConsentOnly: '',
  /** The other customer's requests, each in the state its step needs, and a notice to another processor. */
  awaitingVerification: '',
  awaitingFee: '',
  completedAccess: '',
  otherProcessorsNotice: '',
  otherCustomersCodeMessage: '',
  /** The audit log's size at a moment no checkpoint was signed for. */
  uncheckpointedTreeSize: 0,
};

async function graphql<T = Record<string, unknown>>(
  query: string,
  token: string | undefined,
  variables: Record<string, unknown>,
): Promise<GraphQLResponse<T>> {
  return app.graphql<T>(query, { token, variables });
}

async function ok<T>(query: string, token: string, variables: Record<string, unknown>): Promise<T> {
  const result = await graphql<T>(query, token, variables);
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

async function assistedRequest(customerId: string, type: 'ACCESS' | 'RECTIFICATION' | 'ERASURE', changes?: object): Promise<string> {
  const data = await ok<{ submitPrivacyRequestForCustomer: { id: string } }>(
    `mutation ($input: AssistedPrivacyRequestInput!) { submitPrivacyRequestForCustomer(input: $input) { id } }`,
    staff,
    { input: { customerId, type, service: 'default', identityCheck: 'callback', changes } },
  );
  return data.submitPrivacyRequestForCustomer.id;
}

const officerStep = (step: 'assignPrivacyRequest' | 'completePrivacyRequest', id: string) =>
  ok(`mutation ($id: UUID!) { ${step}(id: $id) { id } }`, officer, { id });

async function insertDisclosure(processorId: string, customerId: string, { expired = false, revoked = false } = {}): Promise<void> {
  await app.dataSource.query(
    `INSERT INTO disclosure (ground, reference, processor_id, customer_id, categories, justification, expires_at, revoked_at, created_by, created_at)
     VALUES ('FRAUD_SECURITY', 'case-12', $1, $2, '{contact}', 'fraud case',
             ${expired ? "now() - interval '1 day'" : "now() + interval '30 days'"}, ${revoked ? 'now()' : 'NULL'}, 'privacy_officer:test',
             now() - interval '2 days')`,
    [processorId, customerId],
  );
}

beforeAll(async () => {
  app = await startTestApp();
  staff = await app.tokenFor('staff');
  officer = await app.tokenFor('privacy_officer');
  const processor = await insertProcessor(app.dataSource);
  const otherProcessor = await insertProcessor(app.dataSource);
  scene.recipient = { id: processor.id, token: await app.affiliateToken(processor.id, ['PERSONALIZATION']) };

  const customer = await insertCustomer(app.dataSource);
  await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: processor.id });
  scene.customer = { id: customer.id, token: await app.customerToken(customer.id) };
  const other = await insertCustomer(app.dataSource);
  await insertConsent(app.dataSource, { customerId: other.id, purpose: 'PERSONALIZATION', processorId: otherProcessor.id });
  scene.other = { id: other.id, token: await app.customerToken(other.id) };
  scene.consentedToAnotherRecipient = other.id;

  const withdrawn = await insertCustomer(app.dataSource);
  const consentId = await insertConsent(app.dataSource, { customerId: withdrawn.id, purpose: 'PERSONALIZATION', processorId: processor.id });
  await app.dataSource.query(`UPDATE consent SET status = 'WITHDRAWN' WHERE id = $1`, [consentId]);
  scene.consentWithdrawn = withdrawn.id;
  scene.disclosureExpired = (await insertCustomer(app.dataSource)).id;
  await insertDisclosure(processor.id, scene.disclosureExpired, { expired: true });
  scene.disclosureRevoked = (await insertCustomer(app.dataSource)).id;
  await insertDisclosure(processor.id, scene.disclosureRevoked, { revoked: true });
  scene.companyConsentOnly = (await insertCustomer(app.dataSource)).id;
  await insertConsent(app.dataSource, { customerId: scene.companyConsentOnly, purpose: 'PERSONALIZATION' });

  // The other customer's requests: one waiting for its code, one for its fee, one done with its export ready.
  const awaiting = await graphql<{ submitPrivacyRequest: { id: string } }>(
    `
      mutation {
        submitPrivacyRequest(input: { type: ACCESS, service: "default" }) {
          id
        }
      }
    `,
    scene.other.token,
    {},
  );
  scene.awaitingVerification = awaiting.data!.submitPrivacyRequest.id;
  scene.awaitingFee = await assistedRequest(other.id, 'ACCESS');
  await officerStep('assignPrivacyRequest', scene.awaitingFee);
  await ok(`mutation ($id: UUID!, $fee: FeeInput!) { requirePrivacyRequestFee(id: $id, fee: $fee) { id } }`, officer, {
    id: scene.awaitingFee,
    fee: { amount: '15.00', justification: 'twenty years of print archive' },
  });
  scene.completedAccess = await assistedRequest(other.id, 'ACCESS');
  await officerStep('assignPrivacyRequest', scene.completedAccess);
  await officerStep('completePrivacyRequest', scene.completedAccess);
  // A correction of the other customer notifies the other processor, which read their name.
  await ok(`query ($id: UUID!) { customer(id: $id) { fullName } }`, await app.affiliateToken(otherProcessor.id, ['PERSONALIZATION']), {
    id: other.id,
  });
  const rectification = await assistedRequest(other.id, 'RECTIFICATION', { fullName: 'Aysel Həsənova' });
  await officerStep('assignPrivacyRequest', rectification);
  await officerStep('completePrivacyRequest', rectification);
  const [notice] = await app.dataSource.query(`SELECT id FROM outbox_message WHERE request_id = $1 AND channel = 'PROCESSOR' AND processor_id = $2`, [
    rectification,
    otherProcessor.id,
  ]);
  scene.otherProcessorsNotice = notice.id;
  const [codeMessage] = await app.dataSource.query(`SELECT id FROM outbox_message WHERE request_id = $1`, [scene.awaitingVerification]);
  scene.otherCustomersCodeMessage = codeMessage.id;

  // Two checkpoints of the audit log (reads by the officer, sealed twice), and a size between them.
  const read = () => ok(`query ($id: UUID!) { customer(id: $id) { email } }`, officer, { id: scene.customer.id });
  await read();
  await read();
  await app.sealAuditLog();
  await read();
  await read();
  await app.sealAuditLog();
  const sizes = (await app.dataSource.query(`SELECT tree_size FROM audit_checkpoint ORDER BY tree_size`)) as Array<{ tree_size: string }>;
  const [first, second] = sizes.map((row) => Number(row.tree_size));
  expect(second - first).toBeGreaterThan(1);
  scene.uncheckpointedTreeSize = first + 1;
});
afterAll(() => app.close());

type Caller = 'recipient' | 'customer' | 'analyst' | 'anonymous' | 'staff';

async function tokenOf(caller: Caller): Promise<string | undefined> {
  switch (caller) {
    case 'recipient':
      return scene.recipient.token;
    case 'customer':
      return scene.customer.token;
    case 'staff':
      return staff;
    case 'analyst':
      return app.tokenFor('analyst');
    case 'anonymous':
      return undefined;
  }
}

interface Probe {
  /** The field asked, and who asks. */
  field: string;
  caller: Caller;
  /** What the record that exists is, for the test's name. */
  record: string;
  existing: () => string | number;
  absent: () => string | number;
  query: string;
  variables: (value: string | number) => Record<string, unknown>;
  /** The answer both must give, beyond being equal. */
  expected: { data: unknown; code?: string };
  /** The record's state in the database, which asking must not change. */
  state?: () => Promise<unknown>;
}

const uuid = (value: string | number) => ({ id: value });
const CUSTOMER = `query ($id: UUID!) { customer(id: $id) { id createdAt email fullName consents { id } } }`;
const CONSENTS = `query ($customerId: UUID!) { consents(customerId: $customerId) { id status } }`;
const CONSENTS_AT = `query ($customerId: UUID!) { consentsAt(customerId: $customerId, at: "2026-01-01T00:00:00Z") { consentId status } }`;
const EXPORT = `query ($requestId: UUID!) { privacyRequestExport(requestId: $requestId) { requestId readable expiresAt } }`;
const VERIFY = `mutation ($id: UUID!) { verifyPrivacyRequest(id: $id, code: "000000") { id status } }`;
const ACCEPT_FEE = `mutation ($id: UUID!) { acceptPrivacyRequestFee(id: $id) { id status } }`;
const CONFIRM_NOTICE = `mutation ($id: UUID!) { confirmNotice(id: $id) { id status } }`;
const PAGE_AFTER = `query ($after: String) { customers(first: 5, after: $after) { totalCount edges { node { id } } } }`;
const CONSISTENCY = `query ($size: SafeInt!) { auditConsistencyProof(fromTreeSize: $size) { hashes } }`;

const requestState = (id: () => string) => async () =>
  app.dataSource.query(
    `SELECT r.status, r.fee_accepted_at, r.version, v.attempts, v.verified_at
     FROM privacy_request r LEFT JOIN request_verification v ON v.request_id = r.id WHERE r.id = $1 ORDER BY v.step`,
    [id()],
  );

/** Customers a recipient does not see, each asked for by customer(id). */
const invisibleToRecipient: Array<[string, () => string]> = [
  ['a customer who consented to another recipient', () => scene.consentedToAnotherRecipient],
  ['a customer whose consent to it was withdrawn', () => scene.consentWithdrawn],
  ['a customer whose disclosure to it expired', () => scene.disclosureExpired],
  ['a customer whose disclosure to it was revoked', () => scene.disclosureRevoked],
  ['a customer who consented to the company only', () => scene.companyConsentOnly],
];

const PROBES: Probe[] = [
  ...invisibleToRecipient.map(([record, existing]): Probe => ({
    field: 'customer(id)',
    caller: 'recipient',
    record,
    existing,
    absent: randomUUID,
    query: CUSTOMER,
    variables: uuid,
    expected: { data: { customer: null } },
  })),
  ...(['customer', 'analyst', 'anonymous'] as const).map((caller): Probe => ({
    field: 'customer(id)',
    caller,
    record: 'another customer',
    existing: () => scene.other.id,
    absent: randomUUID,
    query: CUSTOMER,
    variables: uuid,
    expected: { data: { customer: null }, code: caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN' },
  })),
  ...(['customer', 'recipient', 'analyst'] as const).map((caller): Probe => ({
    field: 'consents(customerId)',
    caller,
    record: "another customer (the recipient's own customer for the recipient)",
    existing: () => (caller === 'recipient' ? scene.customer.id : scene.other.id),
    absent: randomUUID,
    query: CONSENTS,
    variables: (customerId) => ({ customerId }),
    expected: { data: { consents: null }, code: 'FORBIDDEN' },
  })),
  ...(['customer', 'recipient', 'staff'] as const).map((caller): Probe => ({
    field: 'consentsAt(customerId)',
    caller,
    record: 'another customer',
    existing: () => scene.other.id,
    absent: randomUUID,
    query: CONSENTS_AT,
    variables: (customerId) => ({ customerId }),
    expected: { data: { consentsAt: null }, code: 'FORBIDDEN' },
  })),
  {
    field: 'privacyRequestExport(requestId)',
    caller: 'customer',
    record: "another customer's completed access request, its export ready",
    existing: () => scene.completedAccess,
    absent: randomUUID,
    query: EXPORT,
    variables: (requestId) => ({ requestId }),
    expected: { data: { privacyRequestExport: null }, code: 'NOT_FOUND' },
    state: async () =>
      app.dataSource.query(`SELECT purged_at, expires_at FROM privacy_request_export WHERE request_id = $1`, [scene.completedAccess]),
  },
  {
    field: 'verifyPrivacyRequest(id)',
    caller: 'customer',
    record: "another customer's request awaiting its code",
    existing: () => scene.awaitingVerification,
    absent: randomUUID,
    query: VERIFY,
    variables: uuid,
    expected: { data: { verifyPrivacyRequest: null }, code: 'NOT_FOUND' },
    state: requestState(() => scene.awaitingVerification),
  },
  {
    field: 'acceptPrivacyRequestFee(id)',
    caller: 'customer',
    record: "another customer's request awaiting its fee",
    existing: () => scene.awaitingFee,
    absent: randomUUID,
    query: ACCEPT_FEE,
    variables: uuid,
    expected: { data: { acceptPrivacyRequestFee: null }, code: 'NOT_FOUND' },
    state: requestState(() => scene.awaitingFee),
  },
  ...(
    [
      ["another processor's notice", () => scene.otherProcessorsNotice],
      ["a customer's one-time code message", () => scene.otherCustomersCodeMessage],
    ] as const
  ).map(([record, existing]): Probe => ({
    field: 'confirmNotice(id)',
    caller: 'recipient',
    record,
    existing,
    absent: randomUUID,
    query: CONFIRM_NOTICE,
    variables: uuid,
    expected: { data: { confirmNotice: null }, code: 'NOT_FOUND' },
    state: async () => app.dataSource.query(`SELECT status, confirmed_at, confirmed_by FROM outbox_message WHERE id = $1`, [existing()]),
  })),
  {
    field: 'customers(after)',
    caller: 'recipient',
    record: 'a customer it may not see, in a cursor made by hand',
    existing: () => Buffer.from(`v1:${scene.consentedToAnotherRecipient}`).toString('base64url'),
    absent: () => Buffer.from(`v1:${randomUUID()}`).toString('base64url'),
    query: PAGE_AFTER,
    variables: (after) => ({ after }),
    expected: { data: { customers: null }, code: 'BAD_USER_INPUT' },
  },
  {
    field: 'auditConsistencyProof(fromTreeSize)',
    caller: 'customer',
    record: 'a size the log had, with no checkpoint signed for it',
    existing: () => scene.uncheckpointedTreeSize,
    absent: () => 1_000_000_007,
    query: CONSISTENCY,
    variables: (size) => ({ size }),
    expected: { data: { auditConsistencyProof: null }, code: 'NOT_FOUND' },
  },
];

/** The answer with the value asked about written as <id> in every message. */
function normalised(answer: GraphQLResponse, value: string | number): GraphQLResponse {
  return {
    ...answer,
    errors: answer.errors?.map((error) => ({ ...error, message: error.message.split(String(value)).join('<id>') })),
  };
}

describe.each(PROBES.map((probe) => [`${probe.field} as ${probe.caller}`, probe] as const))('%s', (_name, probe) => {
  it(`answers for ${probe.record} as for a random id, and changes nothing`, async () => {
    const token = await tokenOf(probe.caller);
    const existing = probe.existing();
    const absent = probe.absent();
    const before = await probe.state?.();
    const forExisting = await graphql(probe.query, token, probe.variables(existing));
    const forAbsent = await graphql(probe.query, token, probe.variables(absent));

    expect(forExisting.data).toEqual(probe.expected.data);
    expect(forExisting.errors?.map((error) => error.extensions?.code)).toEqual(probe.expected.code ? [probe.expected.code] : undefined);
    expect(normalised(forExisting, existing)).toEqual(normalised(forAbsent, absent));
    expect(await probe.state?.()).toEqual(before);
  });
});
