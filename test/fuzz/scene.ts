import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { signToken, type TokenClaims } from '../../src/auth/tokens';
import { ProcessorTokenService } from '../../src/modules/tokens/processor-token.service';
import type { PurposeCode } from '../../src/policy/purposes';
import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from '../support/fixtures';
import type { OperationIds } from './operations';
import { PersonalValues, type Category } from './personal-values';
import type { FuzzPrincipal, ReadRule } from './principals';

/**
 * The world a fuzz run queries: customers with distinctive personal values, recipients in each relation to them,
 * a sandbox that mutations may change at will, and a principal for every role, each with what it may read.
 */
export interface Scene {
  principals: FuzzPrincipal[];
  /** The oracle's customers as seeded (a customer's own mutations may change their values later). */
  customers: Record<'consenting' | 'otherPurpose' | 'disclosed' | 'bystander', CustomerRow>;
  ids: OperationIds;
  personal: PersonalValues;
  /** How the oracle's processors, their consents and disclosures differ from what was seeded; empty when intact. */
  changesToOracle(): Promise<string[]>;
}

export interface SceneServer {
  dataSource: DataSource;
  jwtSecret: Uint8Array;
  /** The GraphQL endpoint. */
  url: string;
}

const capitalized = (label: string) => label[0].toUpperCase() + label.slice(1);

/** Values no generated input and no other answer contains (they are looked for in every answer). */
function distinctive(label: string, n: number): Partial<CustomerRow> {
  return {
    email: `${label}.holder${n}@privacy-fuzz.az`,
    phone: `+99455${n}${n}${n}0${n}${n}0${n}`.slice(0, 13),
    fullName: `Nərgiz ${capitalized(label)}ova`,
    dateOfBirth: `193${n}-0${n}-1${n}`,
    street: `${capitalized(label)} prospekti ${n}7`,
    city: `Qəbələ ${label}`,
    postalCode: `AZ07${n}${n}`,
  };
}

const CONTACT_AND_NAME: readonly Category[] = ['contact.email', 'contact.phone', 'identity.name'];
const ORACLE_PROCESSOR_FACTS = `
  SELECT p.id, p.active, p.agreement_accepted_at IS NOT NULL AS agreement, p.trusted_at IS NOT NULL AS trusted,
    (SELECT array_agg(purpose_code ORDER BY purpose_code) FROM processor_purpose WHERE processor_id = p.id) AS purposes,
    (SELECT array_agg(category_key ORDER BY category_key) FROM processor_category WHERE processor_id = p.id) AS categories,
    (SELECT array_agg(customer_id || ':' || purpose_code ORDER BY customer_id, purpose_code) FROM consent
      WHERE processor_id = p.id AND status = 'GRANTED') AS consents,
    (SELECT array_agg(customer_id || ':' || array_to_string(categories, ',') ORDER BY customer_id) FROM disclosure
      WHERE processor_id = p.id AND revoked_at IS NULL AND expires_at > now()) AS disclosures
  FROM processor p WHERE p.id = ANY($1) ORDER BY p.id`;

async function insertDisclosure(dataSource: DataSource, processorId: string, customerId: string, categories: string[]): Promise<string> {
  const [{ id }] = (await dataSource.query(
    `INSERT INTO disclosure (ground, reference, processor_id, customer_id, categories, justification, expires_at, created_by)
     VALUES ('LEGAL_OBLIGATION', 'fuzz-order-1', $1, $2, $3, 'court order', now() + interval '30 days', 'officer:fuzz') RETURNING id`,
    [processorId, customerId, categories],
  )) as Array<{ id: string }>;
  return id;
}

/** A staff-assisted (so already verified) privacy request, submitted through the API as the staff tools do. */
async function verifiedRequest(url: string, staffToken: string, input: Record<string, unknown>): Promise<string> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${staffToken}` },
    body: JSON.stringify({
      query: 'mutation ($input: AssistedPrivacyRequestInput!) { submitPrivacyRequestForCustomer(input: $input) { id } }',
      variables: { input: { identityCheck: 'security questions and callback', ...input } },
    }),
  });
  const body = (await response.json()) as { data?: { submitPrivacyRequestForCustomer?: { id: string } | null } };
  const id = body.data?.submitPrivacyRequestForCustomer?.id;
  if (!id) throw new Error(`the scene's privacy request was refused: ${JSON.stringify(body)}`);
  return id;
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Tokens that must get 401: signed with another key, expired, with a changed payload, unsigned. */
async function refusedTokens(jwtSecret: Uint8Array): Promise<Array<[string, string]>> {
  const officer: TokenClaims = { role: 'privacy_officer', sub: 'officer:fuzz' };
  const staff = await signToken({ role: 'staff', sub: 'staff:fuzz' }, jwtSecret);
  const [header, payload, signature] = staff.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'privacy_officer' };
  return [
    ['forged token (another key)', await signToken(officer, randomBytes(32))],
    // An absolute expiry a minute in the past: jose takes a number as the epoch second.
    ['expired token', await signToken(officer, jwtSecret, Math.floor(Date.now() / 1000) - 60)],
    ['tampered token (staff made officer)', `${header}.${base64url(claims)}.${signature}`],
    ['unsigned token (alg none)', `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`],
  ];
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

// Most requests state a purpose the token covers (or none, for a one-purpose token), so that fields get decided.
const AFFILIATE_HEADERS = [
  ...Array(6).fill(undefined),
  ...Array(6).fill('PERSONALIZATION'),
  ' PERSONALIZATION ',
  'NEW_SERVICES',
  'TECHNICAL_SUPPORT',
  'personalization',
  'NO_SUCH_PURPOSE',
];
const TWO_PURPOSE_HEADERS = [
  ...Array(6).fill('PERSONALIZATION'),
  ...Array(6).fill('NEW_SERVICES'),
  undefined,
  'TECHNICAL_SUPPORT',
  'personalization',
];
const OTHER_HEADERS = [...Array(14).fill(undefined), 'PERSONALIZATION', 'NO_SUCH_PURPOSE'];

export async function setUpScene({ dataSource, jwtSecret, url }: SceneServer): Promise<Scene> {
  const insert = (label: string, n: number) => insertCustomer(dataSource, distinctive(label, n));
  const consenting = await insert('consenting', 1);
  const otherPurpose = await insert('otherpurpose', 2);
  const disclosed = await insert('disclosed', 3);
  const bystander = await insert('bystander', 4);
  const sandboxCustomers = [await insert('sandboxone', 5), await insert('sandboxtwo', 6)];

  const trusted = await insertProcessor(dataSource, {
    purposes: ['PERSONALIZATION', 'NEW_SERVICES'],
    categories: ['contact', 'identity.name'],
    name: 'Fuzz Trusted Partner',
  });
  const unconsented = await insertProcessor(dataSource, { purposes: ['PERSONALIZATION'], name: 'Fuzz Unconsented Partner' });
  const untrusted = await insertProcessor(dataSource, { trusted: false, purposes: ['PERSONALIZATION'], name: 'Fuzz Untrusted Partner' });
  const sandboxProcessor = await insertProcessor(dataSource, { trusted: false, name: 'Fuzz Sandbox Partner' });

  const consent = (customer: CustomerRow, purpose: PurposeCode, processorId: string | null) =>
    insertConsent(dataSource, { customerId: customer.id, purpose, processorId });
  await consent(consenting, 'PERSONALIZATION', trusted.id);
  await consent(consenting, 'PERSONALIZATION', untrusted.id);
  await consent(consenting, 'NEW_SERVICES', null);
  await consent(otherPurpose, 'NEW_SERVICES', trusted.id);
  await consent(sandboxCustomers[0], 'PERSONALIZATION', sandboxProcessor.id);
  const disclosureId = await insertDisclosure(dataSource, unconsented.id, disclosed.id, ['contact.email']);
  const sandboxDisclosureId = await insertDisclosure(dataSource, sandboxProcessor.id, sandboxCustomers[1].id, ['contact']);

  const token = (claims: TokenClaims) => signToken(claims, jwtSecret, '2h');
  const tokens = new ProcessorTokenService(dataSource, jwtSecret);
  const affiliate = async (processorId: string, purposes: PurposeCode[]) => (await tokens.issue(processorId, purposes, 7200, 'officer:fuzz')).token;
  const staffToken = await token({ role: 'staff', sub: 'staff:fuzz' });
  const revoked = await tokens.issue(trusted.id, ['PERSONALIZATION'], 7200, 'officer:fuzz');
  await tokens.revoke(revoked.record.id, 'officer:fuzz');

  const sandboxRequests = [
    await verifiedRequest(url, staffToken, { customerId: sandboxCustomers[0].id, type: 'ERASURE' }),
    await verifiedRequest(url, staffToken, { customerId: sandboxCustomers[1].id, type: 'ACCESS' }),
    await verifiedRequest(url, staffToken, {
      customerId: sandboxCustomers[1].id,
      type: 'RECTIFICATION',
      changes: {
        fullName: 'Rəşid Rectifiedsandboxov',
        address: { street: 'Rectified küçəsi 99', city: 'Rectifiedabad', postalCode: 'AZ0999', country: 'AZ' },
      },
    }),
  ];

  const trustedReads: ReadRule = {
    kind: 'recipient',
    tokenPurposes: ['PERSONALIZATION'],
    readable: {
      PERSONALIZATION: [{ customerId: consenting.id, categories: CONTACT_AND_NAME }],
      NEW_SERVICES: [{ customerId: otherPurpose.id, categories: CONTACT_AND_NAME }],
    },
    disclosed: [],
  };
  const nothing: ReadRule = { kind: 'nothing' };
  const principals: FuzzPrincipal[] = [
    { name: 'anonymous', headers: {}, purposeHeaders: OTHER_HEADERS, rule: nothing, turns: 3 },
    {
      name: 'customer (own data)',
      headers: bearer(await token({ role: 'customer', sub: consenting.id })),
      purposeHeaders: OTHER_HEADERS,
      rule: { kind: 'own', customerId: consenting.id },
      turns: 3,
    },
    {
      name: 'customer (no such customer)',
      headers: bearer(await token({ role: 'customer', sub: randomUUID() })),
      purposeHeaders: OTHER_HEADERS,
      rule: nothing,
      turns: 3,
    },
    { name: 'staff', headers: bearer(staffToken), purposeHeaders: OTHER_HEADERS, rule: nothing, turns: 3 },
    {
      name: 'analyst',
      headers: bearer(await token({ role: 'analyst', sub: 'analyst:fuzz' })),
      purposeHeaders: OTHER_HEADERS,
      rule: nothing,
      turns: 3,
    },
    {
      name: 'privacy_officer',
      headers: bearer(await token({ role: 'privacy_officer', sub: 'officer:fuzz' })),
      purposeHeaders: OTHER_HEADERS,
      rule: { kind: 'everything' },
      turns: 3,
    },
    {
      name: 'affiliate (trusted, consented, PERSONALIZATION)',
      headers: bearer(await affiliate(trusted.id, ['PERSONALIZATION'])),
      purposeHeaders: AFFILIATE_HEADERS,
      rule: trustedReads,
      turns: 3,
    },
    {
      name: 'affiliate (trusted, two purposes)',
      headers: bearer(await affiliate(trusted.id, ['PERSONALIZATION', 'NEW_SERVICES'])),
      purposeHeaders: TWO_PURPOSE_HEADERS,
      rule: { ...trustedReads, tokenPurposes: ['PERSONALIZATION', 'NEW_SERVICES'] },
      turns: 3,
    },
    {
      name: 'affiliate (trusted, no consent, one disclosure)',
      headers: bearer(await affiliate(unconsented.id, ['PERSONALIZATION'])),
      purposeHeaders: AFFILIATE_HEADERS,
      rule: {
        kind: 'recipient',
        tokenPurposes: ['PERSONALIZATION'],
        readable: {},
        disclosed: [{ customerId: disclosed.id, categories: ['contact.email'] }],
      },
      turns: 3,
    },
    {
      name: 'affiliate (untrusted, consented)',
      headers: bearer(await affiliate(untrusted.id, ['PERSONALIZATION'])),
      purposeHeaders: AFFILIATE_HEADERS,
      rule: { kind: 'recipient', tokenPurposes: ['PERSONALIZATION'], readable: {}, disclosed: [] },
      turns: 3,
    },
    { name: 'affiliate (revoked token)', headers: bearer(revoked.token), purposeHeaders: AFFILIATE_HEADERS, rule: nothing, turns: 1 },
    ...(await refusedTokens(jwtSecret)).map(([name, refused]): FuzzPrincipal => ({
      name,
      headers: bearer(refused),
      purposeHeaders: OTHER_HEADERS,
      rule: nothing,
      turns: 1,
    })),
  ];

  const oracleProcessors = [trusted.id, unconsented.id, untrusted.id];
  const sandbox = {
    customer: sandboxCustomers.map((customer) => customer.id),
    processor: [sandboxProcessor.id],
    disclosure: [sandboxDisclosureId],
    privacyrequest: sandboxRequests,
    request: sandboxRequests,
  };
  const oracleFacts = () => dataSource.query(ORACLE_PROCESSOR_FACTS, [oracleProcessors]) as Promise<Array<Record<string, unknown>>>;
  const seeded = await oracleFacts();
  const personal = new PersonalValues();
  await personal.refresh(dataSource);
  return {
    principals,
    customers: { consenting, otherPurpose, disclosed, bystander },
    ids: {
      forQueries: {
        ...sandbox,
        // The customers the recipients may read twice over: an id asked for is most often one worth asking for.
        customer: [consenting.id, otherPurpose.id, disclosed.id, consenting.id, otherPurpose.id, disclosed.id, bystander.id, ...sandbox.customer],
        processor: [...oracleProcessors, sandboxProcessor.id],
        disclosure: [disclosureId, sandboxDisclosureId],
      },
      forMutations: sandbox,
    },
    personal,
    async changesToOracle() {
      const now = await oracleFacts();
      return seeded.flatMap((before, i) =>
        JSON.stringify(before) === JSON.stringify(now[i])
          ? []
          : [`processor ${String(before.id)}: ${JSON.stringify(before)} became ${JSON.stringify(now[i])}`],
      );
    },
  };
}
