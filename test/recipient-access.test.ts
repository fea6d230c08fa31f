import type { PurposeCode } from '../src/policy/purposes';
import { insertConsent, insertCustomer, insertProcessor } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Policy §2 through HTTP, one cell per row: processor state x consent state x token scope x request purpose
 * x field category, each asserting the value or the exact error code on that field.
 */

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

interface Cell {
  processor?: { trusted?: boolean; active?: boolean; agreement?: boolean; purposes?: PurposeCode[]; categories?: string[] };
  consent?: 'GRANTED' | 'WITHDRAWN' | 'NONE' | 'OTHER_PURPOSE' | 'OTHER_RECIPIENT' | 'COMPANY_ONLY';
  tokenPurposes?: PurposeCode[];
  header?: PurposeCode;
  field: 'email' | 'phone' | 'fullName' | 'dateOfBirth' | 'address';
  erased?: boolean;
  /** After the token is issued, the processor loses the purpose. */
  purposeWithdrawnFromProcessor?: boolean;
}

const SELECTION = { email: 'email', phone: 'phone', fullName: 'fullName', dateOfBirth: 'dateOfBirth', address: 'address { city }' };

async function scene(cell: Cell) {
  const purposes = cell.processor?.purposes ?? ['PERSONALIZATION', 'NEW_SERVICES'];
  const processor = await insertProcessor(app.dataSource, { categories: ['contact', 'identity', 'location'], ...cell.processor, purposes });
  const other = await insertProcessor(app.dataSource, { purposes });
  const customer = await insertCustomer(app.dataSource);
  const consent = cell.consent ?? 'GRANTED';
  const consentTo = (processorId: string | null, purpose: PurposeCode = 'PERSONALIZATION') =>
    insertConsent(app.dataSource, { customerId: customer.id, purpose, processorId });
  if (consent === 'GRANTED' || consent === 'WITHDRAWN') await consentTo(processor.id);
  if (consent === 'WITHDRAWN') await app.dataSource.query(`UPDATE consent SET status = 'WITHDRAWN' WHERE customer_id = $1`, [customer.id]);
  if (consent === 'OTHER_PURPOSE') await consentTo(processor.id, 'NEW_SERVICES');
  if (consent === 'OTHER_RECIPIENT') await consentTo(other.id);
  if (consent === 'COMPANY_ONLY') await consentTo(null);
  // Visibility needs some live consent naming the recipient; keep the customer visible where the cell is about the field.
  if (consent !== 'GRANTED' && consent !== 'OTHER_PURPOSE') await consentTo(processor.id, 'NEW_SERVICES');
  const token = await app.affiliateToken(processor.id, cell.tokenPurposes ?? ['PERSONALIZATION']);
  if (cell.purposeWithdrawnFromProcessor) {
    await app.dataSource.query(`DELETE FROM processor_purpose WHERE processor_id = $1 AND purpose_code = 'PERSONALIZATION'`, [processor.id]);
  }
  if (cell.erased) {
    await app.dataSource.query(
      `UPDATE customer SET erased_at = now(), email = NULL, phone = NULL, full_name = NULL, date_of_birth = NULL,
        address_street = NULL, address_city = NULL, address_postal_code = NULL, address_country = NULL WHERE id = $1`,
      [customer.id],
    );
  }
  return { customer, token };
}

const cells: Array<[string, Cell, string]> = [
  ['reads email with consent, trust, scope and category', { field: 'email' }, 'value'],
  ['reads phone: contact covers contact.phone', { field: 'phone' }, 'value'],
  ['reads the address under location', { field: 'address' }, 'value'],
  ['reads date of birth under identity', { field: 'dateOfBirth' }, 'value'],
  ['denies an untrusted processor', { processor: { trusted: false }, field: 'email' }, 'PROCESSOR_NOT_TRUSTED'],
  // An inactive processor is refused the customer itself, not a field of it: test/inactive-processor.test.ts.
  ['denies a processor that has not accepted the agreement', { processor: { agreement: false }, field: 'email' }, 'AGREEMENT_NOT_ACCEPTED'],
  ['denies a category the processor was not permitted', { processor: { categories: ['contact'] }, field: 'fullName' }, 'CATEGORY_NOT_ALLOWED'],
  ['denies location to a contact-only processor', { processor: { categories: ['contact'] }, field: 'address' }, 'CATEGORY_NOT_ALLOWED'],
  ['allows contact to a contact-only processor', { processor: { categories: ['contact'] }, field: 'email' }, 'value'],
  ['denies after the consent was withdrawn', { consent: 'WITHDRAWN', field: 'email' }, 'CONSENT_REQUIRED'],
  ['denies a consent given for another purpose', { consent: 'OTHER_PURPOSE', field: 'email' }, 'CONSENT_REQUIRED'],
  ['denies a consent given to another recipient', { consent: 'OTHER_RECIPIENT', field: 'email' }, 'CONSENT_REQUIRED'],
  ['denies a consent given to the company only', { consent: 'COMPANY_ONLY', field: 'email' }, 'CONSENT_REQUIRED'],
  ['denies without any consent for the purpose', { consent: 'NONE', field: 'email' }, 'CONSENT_REQUIRED'],
  [
    'reads for the purpose stated in the header of a two-purpose token',
    { tokenPurposes: ['PERSONALIZATION', 'NEW_SERVICES'], header: 'PERSONALIZATION', field: 'email' },
    'value',
  ],
  [
    'denies the stated purpose the customer did not consent to',
    { tokenPurposes: ['PERSONALIZATION', 'NEW_SERVICES'], header: 'NEW_SERVICES', consent: 'GRANTED', field: 'email' },
    'CONSENT_REQUIRED',
  ],
  ['denies once the processor may no longer be used for the purpose', { purposeWithdrawnFromProcessor: true, field: 'email' }, 'PURPOSE_NOT_ALLOWED'],
  ['denies an erased customer', { erased: true, field: 'email' }, 'CUSTOMER_ERASED'],
];

describe('a recipient reading one personal field', () => {
  it.each(cells)('%s', async (_name, cell, expected) => {
    const { customer, token } = await scene(cell);
    const result = await app.graphql<{ customer: Record<string, unknown> | null }>(
      `query ($id: UUID!) { customer(id: $id) { id ${SELECTION[cell.field]} } }`,
      { variables: { id: customer.id }, token, headers: cell.header ? { 'x-processing-purpose': cell.header } : {} },
    );
    expect(result.status).toBe(200);
    if (expected === 'value') {
      expect(result.errors).toBeUndefined();
      const value = cell.field === 'address' ? { city: customer.city } : customer[cell.field];
      expect(result.data?.customer).toEqual({ id: customer.id, [cell.field]: value });
    } else {
      expect(result.data?.customer).toEqual({ id: customer.id, [cell.field]: null });
      expect(result.errors).toHaveLength(1);
      expect(result.errors?.[0]).toMatchObject({ path: ['customer', cell.field], extensions: { code: expected } });
    }
  });
});

describe('one query over two customers with different consents', () => {
  let token: string;
  let consenting: { id: string; email: string };
  let declining: { id: string; email: string };

  beforeAll(async () => {
    const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION', 'NEW_SERVICES'] });
    consenting = await insertCustomer(app.dataSource);
    declining = await insertCustomer(app.dataSource);
    await insertConsent(app.dataSource, { customerId: consenting.id, purpose: 'PERSONALIZATION', processorId: processor.id });
    // Visible to the recipient through a consent for another purpose, but not for this request's purpose.
    await insertConsent(app.dataSource, { customerId: declining.id, purpose: 'NEW_SERVICES', processorId: processor.id });
    token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
  });

  it('decides each alias for its own customer', async () => {
    const result = await app.graphql(
      `query ($a: UUID!, $b: UUID!) { yes: customer(id: $a) { id email } no: customer(id: $b) { id email } again: customer(id: $a) { email } }`,
      { token, variables: { a: consenting.id, b: declining.id } },
    );
    expect(result.data).toEqual({
      yes: { id: consenting.id, email: consenting.email },
      no: { id: declining.id, email: null },
      again: { email: consenting.email },
    });
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['no', 'email'], 'CONSENT_REQUIRED']]);
  });

  it('decides each list item for its own customer', async () => {
    const result = await app.graphql<{ customers: { edges: Array<{ node: { id: string; email: string | null } }> } }>(
      `{ customers(first: 10) { edges { node { id email } } } }`,
      { token },
    );
    const byId = new Map(result.data?.customers.edges.map(({ node }) => [node.id, node.email]));
    expect(byId).toEqual(
      new Map([
        [consenting.id, consenting.email],
        [declining.id, null],
      ]),
    );
    expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['CONSENT_REQUIRED']);
  });
});

describe('statements per request for a recipient', () => {
  const PAGE = `query ($first: Int!) { customers(first: $first) { edges { node { id email phone fullName dateOfBirth address { city } } } } }`;
  let token: string;

  beforeAll(async () => {
    const processor = await insertProcessor(app.dataSource, { purposes: ['TECHNICAL_SUPPORT'] });
    for (let index = 0; index < 100; index += 1) {
      const customer = await insertCustomer(app.dataSource);
      await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'TECHNICAL_SUPPORT', processorId: processor.id });
    }
    token = await app.affiliateToken(processor.id, ['TECHNICAL_SUPPORT']);
  });

  async function countFor(first: number): Promise<number> {
    const statements = await app.statements.during(async () => {
      const result = await app.graphql<{ customers: { edges: Array<{ node: Record<string, unknown> }> } }>(PAGE, { token, variables: { first } });
      expect(result.errors).toBeUndefined();
      expect(result.data?.customers.edges).toHaveLength(first);
      expect(result.data?.customers.edges.every(({ node }) => typeof node.email === 'string')).toBe(true);
    });
    return statements.length;
  }

  it('is the same for 10 and 100 customers with five personal fields each', async () => {
    const counts = [await countFor(10), await countFor(100)];
    // token check with the processor's facts + page with its links to the recipient + audit insert
    expect(counts).toEqual([3, 3]);
  });
});
