import { recordHiddenDisclosure } from './support/disclosures';
import { insertConsent, insertCustomer, insertProcessor } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The reads the policy refused a recipient, shown to the customer (Customer.refusedReads): one row per request,
 * customer and reason, holding ids and field names only; none for a read that was allowed or for a principal that
 * is not a recipient.
 */

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const READ = `query ($id: UUID!) { customer(id: $id) { id fullName phone email } }`;
const MY_REFUSED = `{ me { refusedReads { occurredAt processor { id name } purpose { code } fields reason } } }`;
/** The refused reads the customer sees of themself (Customer.refusedReads through `me`). */
async function myRefusedReads(customerId: string): Promise<Array<Record<string, unknown>>> {
  const mine = await app.graphql<{ me: { refusedReads: Array<Record<string, unknown>> } }>(MY_REFUSED, {
    token: await app.customerToken(customerId),
  });
  expect(mine.errors).toBeUndefined();
  return mine.data!.me.refusedReads;
}
const THEIR_REFUSED = `query ($id: UUID!) { customer(id: $id) { refusedReads { processor { id } fields reason } } }`;

/** The recipient asks for one field of the customer (the answer is not looked at: what was recorded is). */
const asksFor = (token: string, customerId: string, field: string) =>
  app.graphql(`query ($id: UUID!) { customer(id: $id) { ${field} } }`, { token, variables: { id: customerId } });

/** A refusal as the customer sees it: the processor asked for `fields` for PERSONALIZATION and was refused for `reason`. */
const seenRefusal = (processor: { id: string; name: string }, fields: string[], reason: string) => ({
  occurredAt: expect.any(String),
  processor: { id: processor.id, name: processor.name },
  purpose: { code: 'PERSONALIZATION' },
  fields,
  reason,
});

interface RefusedRow {
  customer_id: string;
  processor_id: string;
  purpose_code: string | null;
  fields: string[];
  reason: string;
}
const refusedRows = async (customerId: string) =>
  (await app.dataSource.query(
    `SELECT customer_id, processor_id, purpose_code, fields, reason FROM refused_read WHERE customer_id = $1 ORDER BY occurred_at`,
    [customerId],
  )) as RefusedRow[];

/** A customer a trusted partner may see (a live consent for NEW_SERVICES) and read for that purpose only. */
async function visibleButNotForPersonalization() {
  const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION', 'NEW_SERVICES'], categories: ['contact', 'identity'] });
  const customer = await insertCustomer(app.dataSource);
  await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'NEW_SERVICES', processorId: processor.id });
  return { processor, customer };
}

describe('a read the policy refuses a recipient', () => {
  it('is recorded once per request and reason with the fields asked, and the recipient still gets no value', async () => {
    const { processor, customer } = await visibleButNotForPersonalization();
    const token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);

    const answer = await app.graphql<{ customer: Record<string, unknown> }>(READ, { token, variables: { id: customer.id } });
    expect(answer.data?.customer).toEqual({ id: customer.id, fullName: null, phone: null, email: null });
    expect(new Set(answer.errors?.map((error) => error.extensions?.code))).toEqual(new Set(['CONSENT_REQUIRED']));

    expect(await refusedRows(customer.id)).toEqual([
      {
        customer_id: customer.id,
        processor_id: processor.id,
        purpose_code: 'PERSONALIZATION',
        fields: expect.arrayContaining(['fullName', 'phone', 'email']),
        reason: 'CONSENT_REQUIRED',
      },
    ]);
    expect((await refusedRows(customer.id))[0].fields).toHaveLength(3);
  });

  it('is shown to the customer, newest first, with the recipient and the purpose', async () => {
    const { processor, customer } = await visibleButNotForPersonalization();
    const token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
    await asksFor(token, customer.id, 'phone');
    await asksFor(token, customer.id, 'email');

    expect(await myRefusedReads(customer.id)).toEqual([
      seenRefusal(processor, ['email'], 'CONSENT_REQUIRED'),
      seenRefusal(processor, ['phone'], 'CONSENT_REQUIRED'),
    ]);
  });

  it('is shown to the privacy officer, and refused to the recipient itself and to staff', async () => {
    const { processor, customer } = await visibleButNotForPersonalization();
    const token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
    await asksFor(token, customer.id, 'phone');

    const officer = await app.graphql<{ customer: { refusedReads: unknown[] } }>(THEIR_REFUSED, {
      token: await app.tokenFor('privacy_officer'),
      variables: { id: customer.id },
    });
    expect(officer.data?.customer.refusedReads).toEqual([{ processor: { id: processor.id }, fields: ['phone'], reason: 'CONSENT_REQUIRED' }]);

    for (const other of [token, await app.tokenFor('staff')]) {
      const refused = await app.graphql<{ customer: { refusedReads: unknown } | null }>(THEIR_REFUSED, {
        token: other,
        variables: { id: customer.id },
      });
      expect(refused.data?.customer?.refusedReads ?? null).toBeNull();
      expect(refused.errors?.[0]).toMatchObject({ path: ['customer', 'refusedReads'], extensions: { code: 'FORBIDDEN' } });
    }
  });
});

/** A disclosure of the customer's email to the processor, hidden from the customer on its ground (policy §2). */
const hiddenDisclosureOfEmail = async (customerId: string, processorId: string) =>
  recordHiddenDisclosure(app, await app.tokenFor('privacy_officer'), { customerId, processorId, categories: ['contact.email'] });

describe('a read refused to a recipient that sees the customer only through a hidden disclosure', () => {
  it("is kept for the privacy officer, naming the disclosure, and left out of the customer's view", async () => {
    const processor = await insertProcessor(app.dataSource, { trusted: false, categories: [], purposes: ['PERSONALIZATION'] });
    const customer = await insertCustomer(app.dataSource);
    const disclosureId = await hiddenDisclosureOfEmail(customer.id, processor.id);
    const token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);

    const answer = await app.graphql<{ customer: Record<string, unknown> }>(`query ($id: UUID!) { customer(id: $id) { email phone } }`, {
      token,
      variables: { id: customer.id },
    });
    expect(answer.data?.customer).toEqual({ email: customer.email, phone: null });
    expect(answer.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['customer', 'phone'], 'PROCESSOR_NOT_TRUSTED']]);

    const officer = await app.graphql<{ customer: { refusedReads: unknown[] } }>(THEIR_REFUSED, {
      token: await app.tokenFor('privacy_officer'),
      variables: { id: customer.id },
    });
    expect(officer.data?.customer.refusedReads).toEqual([{ processor: { id: processor.id }, fields: ['phone'], reason: 'PROCESSOR_NOT_TRUSTED' }]);
    expect(await app.dataSource.query(`SELECT hidden_disclosure_id FROM refused_read WHERE customer_id = $1`, [customer.id])).toEqual([
      { hidden_disclosure_id: disclosureId },
    ]);

    // Shown, it would tell the customer that a recipient they never consented to is looking at them.
    expect(await myRefusedReads(customer.id)).toEqual([]);
  });

  it('is shown when a consent links the recipient to the customer too: the customer knows of it', async () => {
    const { processor, customer } = await visibleButNotForPersonalization();
    await hiddenDisclosureOfEmail(customer.id, processor.id);
    const token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
    await asksFor(token, customer.id, 'phone');

    expect(await myRefusedReads(customer.id)).toEqual([seenRefusal(processor, ['phone'], 'CONSENT_REQUIRED')]);
  });
});

describe('no refused read is recorded', () => {
  it('for a read that was allowed', async () => {
    const { processor, customer } = await visibleButNotForPersonalization();
    const token = await app.affiliateToken(processor.id, ['NEW_SERVICES']);
    const answer = await app.graphql<{ customer: { phone: string | null } }>(`query ($id: UUID!) { customer(id: $id) { phone } }`, {
      token,
      variables: { id: customer.id },
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.customer.phone).toBe(customer.phone);
    expect(await refusedRows(customer.id)).toEqual([]);
  });

  it('for a customer the recipient cannot see at all: it learns nothing, and writes nothing into their log', async () => {
    const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
    const customer = await insertCustomer(app.dataSource);
    const token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
    const answer = await app.graphql<{ customer: unknown }>(READ, { token, variables: { id: customer.id } });
    expect(answer.data?.customer).toBeNull();
    expect(await refusedRows(customer.id)).toEqual([]);
  });

  it('for a principal that is not a recipient', async () => {
    const customer = await insertCustomer(app.dataSource);
    for (const role of ['staff', 'analyst'] as const) {
      await app.graphql(READ, { token: await app.tokenFor(role), variables: { id: customer.id } });
    }
    expect(await refusedRows(customer.id)).toEqual([]);
  });
});

describe('a refused read past its retention', () => {
  it('is forgotten by the maintenance job, oldest first; one within it stays', async () => {
    const { processor, customer } = await visibleButNotForPersonalization();
    const token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
    await asksFor(token, customer.id, 'phone');
    // Two more of this customer's, dated back: one a day past the default retention (365 days), one a day within it.
    await app.dataSource.query(
      `INSERT INTO refused_read (id, occurred_at, request_id, customer_id, processor_id, purpose_code, fields, reason)
       SELECT gen_random_uuid(), now() - make_interval(days => age), gen_random_uuid(), $1, $2, 'PERSONALIZATION', ARRAY[field], 'CONSENT_REQUIRED'
       FROM (VALUES (366, 'email'), (364, 'fullName')) AS old(age, field)`,
      [customer.id, processor.id],
    );
    expect((await myRefusedReads(customer.id)).map((refused) => refused.fields)).toEqual([['phone'], ['fullName'], ['email']]);

    expect(await app.services.refusedReads.forgetExpired()).toBeGreaterThanOrEqual(1);
    expect((await myRefusedReads(customer.id)).map((refused) => refused.fields)).toEqual([['phone'], ['fullName']]);
    expect(await app.dataSource.query(`SELECT count(*)::int AS expired FROM refused_read WHERE occurred_at < now() - interval '365 days'`)).toEqual([
      { expired: 0 },
    ]);
  });
});
