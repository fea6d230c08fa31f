import { insertConsent, insertCustomer, insertProcessor, type CustomerRow, type ProcessorRow } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Policy §2, the legal grounds: a disclosure recorded by the privacy officer lets its recipient read exactly its
 * categories of exactly that customer, without consent and without the specific permission (trust), until it
 * expires or is revoked. Every read under it is audited with the disclosure as its basis. The customer sees the
 * disclosure and the reads under it unless the ground requires it to be hidden.
 */

let app: TestApp;
let officer: string;

const OFFICER_SUBJECT = 'officer:nigar';
const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();

const RECORD = `mutation ($input: RecordDisclosureInput!) {
  recordDisclosure(input: $input) {
    id ground reference customerId categories justification expiresAt revokedAt live hiddenFromCustomer hiddenReason createdBy
    recipient { id name }
  }
}`;
const REVOKE = `mutation ($id: UUID!) { revokeDisclosure(id: $id) { id revokedAt live } }`;
const CUSTOMER = `query ($id: UUID!) { customer(id: $id) { id email phone fullName dateOfBirth address { city } } }`;

interface RecordedDisclosure {
  id: string;
  revokedAt: string | null;
  live: boolean;
}
type CustomerFields = { customer: Record<string, unknown> | null };

function disclosureInput(customerId: string, processorId: string, overrides: Record<string, unknown> = {}) {
  return {
    ground: 'LEGAL_OBLIGATION',
    reference: 'Bakı Şəhər Məhkəməsi 2-1234/2025',
    processorId,
    customerId,
    categories: ['contact.email'],
    justification: 'A court order requires the email address of the account holder.',
    expiresAt: inDays(30),
    ...overrides,
  };
}

async function recordDisclosure(customerId: string, processorId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const result = await app.graphql<{ recordDisclosure: RecordedDisclosure }>(RECORD, {
    token: officer,
    variables: { input: disclosureInput(customerId, processorId, overrides) },
  });
  expect(result.errors).toBeUndefined();
  return result.data!.recordDisclosure.id;
}

async function disclosureCount(): Promise<number> {
  const [{ count }] = (await app.dataSource.query(`SELECT count(*)::int AS count FROM disclosure`)) as Array<{ count: number }>;
  return count;
}

interface AuditRow {
  actor_role: string;
  processor_id: string | null;
  purpose_code: string | null;
  basis: string;
  basis_id: string | null;
  fields: string[];
}

async function auditRowsOf(customerId: string): Promise<AuditRow[]> {
  return (await app.dataSource.query(
    `SELECT actor_role, processor_id, purpose_code, basis, basis_id, fields FROM audit_event WHERE customer_id = $1 ORDER BY id`,
    [customerId],
  )) as AuditRow[];
}

/** An affiliate that is registered and active, but has neither the specific permission nor any consent. */
async function untrustedRecipient(): Promise<{ processor: ProcessorRow; token: string }> {
  const processor = await insertProcessor(app.dataSource, { trusted: false, categories: [] });
  return { processor, token: await app.affiliateToken(processor.id, ['PERSONALIZATION']) };
}

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.token({ role: 'privacy_officer', sub: OFFICER_SUBJECT });
});
afterAll(() => app.close());

describe('recording a disclosure', () => {
  let customer: CustomerRow;
  let processor: ProcessorRow;

  beforeAll(async () => {
    customer = await insertCustomer(app.dataSource);
    processor = await insertProcessor(app.dataSource, { trusted: false, categories: [] });
  });

  it('records the ground, reference, recipient, categories and the officer who recorded it, live until it expires', async () => {
    const expiresAt = inDays(14);
    const result = await app.graphql<{ recordDisclosure: RecordedDisclosure }>(RECORD, {
      token: officer,
      variables: {
        input: disclosureInput(customer.id, processor.id, {
          ground: 'FRAUD_SECURITY',
          reference: '  INC-2025-0042  ',
          categories: ['contact.email', 'location'],
          justification: '  Card fraud reported on the account.  ',
          expiresAt,
        }),
      },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.recordDisclosure).toEqual({
      id: expect.any(String),
      ground: 'FRAUD_SECURITY',
      reference: 'INC-2025-0042',
      customerId: customer.id,
      categories: ['contact.email', 'location'],
      justification: 'Card fraud reported on the account.',
      expiresAt,
      revokedAt: null,
      live: true,
      hiddenFromCustomer: false,
      hiddenReason: null,
      createdBy: `privacy_officer:${OFFICER_SUBJECT}`,
      recipient: { id: processor.id, name: processor.name },
    });
    const rows = await app.dataSource.query(
      `SELECT ground, reference, processor_id, customer_id, categories, justification, expires_at, revoked_at, hidden_from_customer, created_by
       FROM disclosure WHERE id = $1`,
      [result.data?.recordDisclosure.id],
    );
    expect(rows).toEqual([
      {
        ground: 'FRAUD_SECURITY',
        reference: 'INC-2025-0042',
        processor_id: processor.id,
        customer_id: customer.id,
        categories: ['contact.email', 'location'],
        justification: 'Card fraud reported on the account.',
        expires_at: new Date(expiresAt),
        revoked_at: null,
        hidden_from_customer: false,
        created_by: `privacy_officer:${OFFICER_SUBJECT}`,
      },
    ]);
  });

  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ['an unknown data category', { categories: ['contact.shoe_size'] }, 'categories'],
    ['no data category at all', { categories: [] }, 'categories'],
    ['an expiry in the past', { expiresAt: inDays(-1) }, 'expiresAt'],
    ['a hidden disclosure without hiddenReason', { hiddenFromCustomer: true }, 'hiddenReason'],
    ['a hidden disclosure with a null hiddenReason', { hiddenFromCustomer: true, hiddenReason: null }, 'hiddenReason'],
    ['a hidden disclosure with a blank hiddenReason', { hiddenFromCustomer: true, hiddenReason: '   ' }, 'hiddenReason'],
    ['a blank justification', { justification: ' \n ' }, 'justification'],
    ['a blank reference', { reference: '' }, 'reference'],
  ];

  it.each(invalid)('refuses %s with BAD_USER_INPUT on that property and writes nothing', async (_case, change, property) => {
    const before = await disclosureCount();
    const result = await app.graphql(RECORD, { token: officer, variables: { input: disclosureInput(customer.id, processor.id, change) } });
    expect(result.data).toEqual({ recordDisclosure: null });
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({ path: ['recordDisclosure'], extensions: { code: 'BAD_USER_INPUT' } });
    const failures = result.errors?.[0].extensions?.validationErrors as Array<{ property: string }>;
    expect(failures.map((failure) => failure.property)).toEqual([property]);
    expect(await disclosureCount()).toBe(before);
  });

  it('refuses an unknown ground before anything runs, and writes nothing', async () => {
    const before = await disclosureCount();
    const result = await app.graphql(RECORD, {
      token: officer,
      variables: { input: disclosureInput(customer.id, processor.id, { ground: 'CURIOSITY' }) },
    });
    expect(result.status).toBe(400);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await disclosureCount()).toBe(before);
  });

  it.each([
    ['processor', { processorId: '00000000-0000-4000-8000-000000000001' }],
    ['customer', { customerId: '00000000-0000-4000-8000-000000000002' }],
  ])('refuses an unknown %s with NOT_FOUND and writes nothing', async (_what, change) => {
    const before = await disclosureCount();
    const result = await app.graphql(RECORD, { token: officer, variables: { input: disclosureInput(customer.id, processor.id, change) } });
    expect(result.data).toEqual({ recordDisclosure: null });
    expect(result.errors?.[0]).toMatchObject({ path: ['recordDisclosure'], extensions: { code: 'NOT_FOUND' } });
    expect(await disclosureCount()).toBe(before);
  });

  it('refuses a disclosure of an erased customer with CUSTOMER_ERASED and writes nothing', async () => {
    const erased = await insertCustomer(app.dataSource);
    await app.dataSource.query(
      `UPDATE customer SET erased_at = now(), email = NULL, phone = NULL, full_name = NULL, date_of_birth = NULL,
        address_street = NULL, address_city = NULL, address_postal_code = NULL, address_country = NULL WHERE id = $1`,
      [erased.id],
    );
    const before = await disclosureCount();
    const result = await app.graphql(RECORD, { token: officer, variables: { input: disclosureInput(erased.id, processor.id) } });
    expect(result.errors?.[0]).toMatchObject({ path: ['recordDisclosure'], extensions: { code: 'CUSTOMER_ERASED' } });
    expect(await disclosureCount()).toBe(before);
  });

  it('refuses with CUSTOMER_ERASED a disclosure whose customer is erased while it is being recorded, and writes nothing', async () => {
    const erasing = await insertCustomer(app.dataSource);
    // An erasure, as its fulfilment does it: the customer's row locked, then emptied, committed a moment later.
    const erasure = app.dataSource.createQueryRunner();
    await erasure.connect();
    await erasure.startTransaction();
    const before = await disclosureCount();
    let recording: ReturnType<typeof app.graphql> | undefined;
    try {
      await erasure.query(`SELECT 1 FROM customer WHERE id = $1 FOR UPDATE`, [erasing.id]);
      await erasure.query(
        `UPDATE customer SET erased_at = now(), email = NULL, phone = NULL, full_name = NULL, date_of_birth = NULL,
          address_street = NULL, address_city = NULL, address_postal_code = NULL, address_country = NULL WHERE id = $1`,
        [erasing.id],
      );
      let answered = false;
      recording = app.graphql(RECORD, { token: officer, variables: { input: disclosureInput(erasing.id, processor.id) } });
      void recording.finally(() => (answered = true));
      // The erasure commits once the recording waits on its lock (or has been answered without waiting).
      const waiting = async () =>
        (
          (await app.dataSource.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )) as Array<{ n: number }>
        )[0].n;
      while (!answered && (await waiting()) === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await erasure.commitTransaction();
      await erasure.release();
    }
    const result = await recording!;
    expect(result.errors?.[0]).toMatchObject({ path: ['recordDisclosure'], extensions: { code: 'CUSTOMER_ERASED' } });
    expect(await disclosureCount()).toBe(before);
  });

  it.each(['staff', 'analyst', 'the recipient', 'the customer'] as const)('is refused to %s (FORBIDDEN), and nothing is written', async (caller) => {
    const token =
      caller === 'the recipient'
        ? await app.affiliateToken(processor.id, ['PERSONALIZATION'])
        : caller === 'the customer'
          ? await app.customerToken(customer.id)
          : await app.tokenFor(caller);
    const before = await disclosureCount();
    const result = await app.graphql(RECORD, { token, variables: { input: disclosureInput(customer.id, processor.id) } });
    expect(result.data).toEqual({ recordDisclosure: null });
    expect(result.errors?.[0]).toMatchObject({ path: ['recordDisclosure'], extensions: { code: 'FORBIDDEN' } });
    expect(await disclosureCount()).toBe(before);
  });
});

describe('reading under a live disclosure', () => {
  let recipient: { processor: ProcessorRow; token: string };
  let disclosed: CustomerRow;
  let locationOnly: CustomerRow;
  let stranger: CustomerRow;
  let emailDisclosure: string;
  let locationDisclosure: string;

  beforeAll(async () => {
    recipient = await untrustedRecipient();
    disclosed = await insertCustomer(app.dataSource);
    locationOnly = await insertCustomer(app.dataSource);
    stranger = await insertCustomer(app.dataSource);
    emailDisclosure = await recordDisclosure(disclosed.id, recipient.processor.id, { categories: ['contact.email'] });
    locationDisclosure = await recordDisclosure(locationOnly.id, recipient.processor.id, { categories: ['location'] });
    // Another recipient's disclosure of the stranger gives this recipient nothing.
    const other = await insertProcessor(app.dataSource, { trusted: false, categories: [] });
    await recordDisclosure(stranger.id, other.id, { categories: ['contact.email'] });
  });

  it('resolves the disclosed field for an untrusted processor without consent, and denies every other field', async () => {
    const result = await app.graphql<CustomerFields>(CUSTOMER, { token: recipient.token, variables: { id: disclosed.id } });
    expect(result.status).toBe(200);
    expect(result.data?.customer).toEqual({
      id: disclosed.id,
      email: disclosed.email,
      phone: null,
      fullName: null,
      dateOfBirth: null,
      address: null,
    });
    // contact.email does not cover contact.phone; without the disclosure the untrusted processor fails the trust check.
    const denials = (result.errors ?? []).map((error) => [error.path?.join('.'), error.extensions?.code]);
    expect(denials.sort()).toEqual([
      ['customer.address', 'PROCESSOR_NOT_TRUSTED'],
      ['customer.dateOfBirth', 'PROCESSOR_NOT_TRUSTED'],
      ['customer.fullName', 'PROCESSOR_NOT_TRUSTED'],
      ['customer.phone', 'PROCESSOR_NOT_TRUSTED'],
    ]);
  });

  it('writes one audit row with basis DISCLOSURE and the disclosure id for each read', async () => {
    const before = (await auditRowsOf(disclosed.id)).length;
    await app.graphql(CUSTOMER, { token: recipient.token, variables: { id: disclosed.id } });
    await app.graphql(`query ($id: UUID!) { customer(id: $id) { email } }`, { token: recipient.token, variables: { id: disclosed.id } });
    const rows = (await auditRowsOf(disclosed.id)).slice(before);
    const expected = {
      actor_role: 'affiliate',
      processor_id: recipient.processor.id,
      purpose_code: 'PERSONALIZATION',
      basis: 'DISCLOSURE',
      basis_id: emailDisclosure,
      fields: ['email'],
    };
    expect(rows).toEqual([expected, expected]);
  });

  it('denies the same field of another customer disclosed only for another category, and resolves that category', async () => {
    const result = await app.graphql<CustomerFields>(CUSTOMER, { token: recipient.token, variables: { id: locationOnly.id } });
    expect(result.data?.customer).toMatchObject({ id: locationOnly.id, email: null, address: { city: locationOnly.city } });
    expect(result.errors?.find((error) => error.path?.join('.') === 'customer.email')?.extensions?.code).toBe('PROCESSOR_NOT_TRUSTED');
    expect(await auditRowsOf(locationOnly.id)).toContainEqual(
      expect.objectContaining({ basis: 'DISCLOSURE', basis_id: locationDisclosure, fields: ['address'] }),
    );
  });

  it('does not show the recipient a customer disclosed to someone else, by id or in the list', async () => {
    const byId = await app.graphql(CUSTOMER, { token: recipient.token, variables: { id: stranger.id } });
    expect(byId.errors).toBeUndefined();
    expect(byId.data).toEqual({ customer: null });

    const list = await app.graphql<{ customers: { edges: Array<{ node: { id: string; email: string | null } }> } }>(
      `{ customers(first: 50) { edges { node { id email } } } }`,
      { token: recipient.token },
    );
    const nodes = list.data?.customers.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(2);
    expect(nodes).toEqual(
      expect.arrayContaining([
        { id: disclosed.id, email: disclosed.email },
        { id: locationOnly.id, email: null },
      ]),
    );
    expect(list.errors?.map((error) => error.extensions?.code)).toEqual(['PROCESSOR_NOT_TRUSTED']);
    expect(await auditRowsOf(stranger.id)).toEqual([]);
  });

  it('lets a trusted recipient read a disclosed category without consent; its other fields get the consent-path codes', async () => {
    // Permitted contact by the privacy officer, but no consent; location only through the disclosure.
    const processor = await insertProcessor(app.dataSource, { trusted: true, categories: ['contact'] });
    const customer = await insertCustomer(app.dataSource);
    const disclosure = await recordDisclosure(customer.id, processor.id, { categories: ['location.address'] });
    const token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);

    const result = await app.graphql<CustomerFields>(`query ($id: UUID!) { customer(id: $id) { email dateOfBirth address { city } } }`, {
      token,
      variables: { id: customer.id },
    });
    expect(result.data?.customer).toEqual({ email: null, dateOfBirth: null, address: { city: customer.city } });
    const denials = (result.errors ?? []).map((error) => [error.path?.join('.'), error.extensions?.code]);
    expect(denials.sort()).toEqual([
      ['customer.dateOfBirth', 'CATEGORY_NOT_ALLOWED'],
      ['customer.email', 'CONSENT_REQUIRED'],
    ]);
    expect(await auditRowsOf(customer.id)).toEqual([
      {
        actor_role: 'affiliate',
        processor_id: processor.id,
        purpose_code: 'PERSONALIZATION',
        basis: 'DISCLOSURE',
        basis_id: disclosure,
        fields: ['address'],
      },
    ]);
  });

  it('gives an inactive recipient nothing, not even the disclosed customer', async () => {
    const { processor, token } = await untrustedRecipient();
    const customer = await insertCustomer(app.dataSource);
    await recordDisclosure(customer.id, processor.id, { categories: ['contact'] });
    await app.dataSource.query(`UPDATE processor SET active = false WHERE id = $1`, [processor.id]);
    const result = await app.graphql<CustomerFields>(`query ($id: UUID!) { customer(id: $id) { email } }`, { token, variables: { id: customer.id } });
    expect(result.data?.customer).toBeNull();
    expect(result.errors?.[0]).toMatchObject({ path: ['customer'], extensions: { code: 'PROCESSOR_INACTIVE' } });
    expect(await auditRowsOf(customer.id)).toEqual([]);
  });
});

describe('the end of a disclosure', () => {
  const EMAIL_AND_ADDRESS = `query ($id: UUID!) { customer(id: $id) { email address { city } } }`;
  let recipient: { processor: ProcessorRow; token: string };

  beforeAll(async () => {
    recipient = await untrustedRecipient();
  });

  /** A customer disclosed to the recipient twice: email (the one that will end) and location (which stays). */
  async function twiceDisclosed() {
    const customer = await insertCustomer(app.dataSource);
    const email = await recordDisclosure(customer.id, recipient.processor.id, { categories: ['contact.email'] });
    await recordDisclosure(customer.id, recipient.processor.id, { categories: ['location'] });
    const before = await app.graphql<CustomerFields>(EMAIL_AND_ADDRESS, { token: recipient.token, variables: { id: customer.id } });
    expect(before.errors).toBeUndefined();
    expect(before.data?.customer).toEqual({ email: customer.email, address: { city: customer.city } });
    return { customer, email };
  }

  async function expectEmailDenied(customer: CustomerRow, disclosureId: string) {
    const readsBefore = (await auditRowsOf(customer.id)).filter((row) => row.basis_id === disclosureId).length;
    const after = await app.graphql<CustomerFields>(EMAIL_AND_ADDRESS, { token: recipient.token, variables: { id: customer.id } });
    expect(after.data?.customer).toEqual({ email: null, address: { city: customer.city } });
    expect(after.errors).toHaveLength(1);
    expect(after.errors?.[0]).toMatchObject({ path: ['customer', 'email'], extensions: { code: 'PROCESSOR_NOT_TRUSTED' } });
    expect((await auditRowsOf(customer.id)).filter((row) => row.basis_id === disclosureId)).toHaveLength(readsBefore);
  }

  it('denies the next request once the disclosure has expired', async () => {
    const { customer, email } = await twiceDisclosed();
    await app.dataSource.query(
      `UPDATE disclosure SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second' WHERE id = $1`,
      [email],
    );
    await expectEmailDenied(customer, email);

    const seen = await app.graphql<{ customer: { disclosures: Array<{ id: string; live: boolean }> } }>(
      `query ($id: UUID!) { customer(id: $id) { disclosures { id live } } }`,
      { token: officer, variables: { id: customer.id } },
    );
    expect(seen.data?.customer.disclosures.find((d) => d.id === email)).toEqual({ id: email, live: false });
  });

  it('hides the customer from the recipient altogether once its only disclosure has expired', async () => {
    const customer = await insertCustomer(app.dataSource);
    const disclosure = await recordDisclosure(customer.id, recipient.processor.id);
    const before = await app.graphql(`query ($id: UUID!) { customer(id: $id) { email } }`, {
      token: recipient.token,
      variables: { id: customer.id },
    });
    expect(before.data).toEqual({ customer: { email: customer.email } });

    await app.dataSource.query(`UPDATE disclosure SET created_at = now() - interval '30 days', expires_at = now() - interval '1 day' WHERE id = $1`, [
      disclosure,
    ]);
    const after = await app.graphql(`query ($id: UUID!) { customer(id: $id) { email } }`, { token: recipient.token, variables: { id: customer.id } });
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual({ customer: null });
    expect(await auditRowsOf(customer.id)).toHaveLength(1);
  });

  it('denies the next request once the privacy officer has revoked the disclosure', async () => {
    const { customer, email } = await twiceDisclosed();
    const revoked = await app.graphql<{ revokeDisclosure: RecordedDisclosure }>(REVOKE, { token: officer, variables: { id: email } });
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data?.revokeDisclosure).toEqual({ id: email, revokedAt: expect.any(String), live: false });
    const [row] = (await app.dataSource.query(`SELECT revoked_at FROM disclosure WHERE id = $1`, [email])) as Array<{ revoked_at: Date | null }>;
    expect(row.revoked_at).toBeInstanceOf(Date);

    await expectEmailDenied(customer, email);
  });

  it('answers NOT_FOUND for revoking a disclosure that does not exist', async () => {
    const result = await app.graphql(REVOKE, { token: officer, variables: { id: '00000000-0000-4000-8000-000000000003' } });
    expect(result.data).toEqual({ revokeDisclosure: null });
    expect(result.errors?.[0]).toMatchObject({ path: ['revokeDisclosure'], extensions: { code: 'NOT_FOUND' } });
  });

  it.each(['staff', 'the recipient'] as const)('refuses revocation to %s (FORBIDDEN) and the disclosure stays in force', async (caller) => {
    const customer = await insertCustomer(app.dataSource);
    const disclosure = await recordDisclosure(customer.id, recipient.processor.id);
    const token = caller === 'staff' ? await app.tokenFor('staff') : recipient.token;
    const result = await app.graphql(REVOKE, { token, variables: { id: disclosure } });
    expect(result.data).toEqual({ revokeDisclosure: null });
    expect(result.errors?.[0]).toMatchObject({ path: ['revokeDisclosure'], extensions: { code: 'FORBIDDEN' } });
    const [row] = (await app.dataSource.query(`SELECT revoked_at FROM disclosure WHERE id = $1`, [disclosure])) as Array<{ revoked_at: Date | null }>;
    expect(row.revoked_at).toBeNull();
    const read = await app.graphql(`query ($id: UUID!) { customer(id: $id) { email } }`, { token: recipient.token, variables: { id: customer.id } });
    expect(read.data).toEqual({ customer: { email: customer.email } });
  });
});

describe('what the customer sees of disclosures', () => {
  const ME = `{
    me {
      disclosures { id ground reference recipient { name } categories expiresAt justification }
      accessLog { basis basisId fields processor { name } disclosure { ground reference } }
    }
  }`;
  const OFFICER_VIEW = `query ($id: UUID!) {
    customer(id: $id) {
      disclosures { id hiddenFromCustomer hiddenReason }
      accessLog { basis basisId fields processor { name } }
    }
  }`;
  type Seen = {
    disclosures: Array<Record<string, unknown>>;
    accessLog: Array<{
      basis: string;
      basisId: string | null;
      fields: string[];
      processor: { name: string } | null;
      disclosure?: { ground: string; reference: string } | null;
    }>;
  };

  let customer: CustomerRow;
  let court: { processor: ProcessorRow; token: string };
  let investigator: { processor: ProcessorRow; token: string };
  let visibleId: string;
  let hiddenId: string;
  const visibleExpiry = inDays(10);

  beforeAll(async () => {
    customer = await insertCustomer(app.dataSource);
    court = await untrustedRecipient();
    investigator = await untrustedRecipient();
    visibleId = await recordDisclosure(customer.id, court.processor.id, {
      ground: 'LEGAL_OBLIGATION',
      reference: 'Court order 2-1234/2025',
      categories: ['location'],
      justification: 'The court asked for the postal address.',
      expiresAt: visibleExpiry,
    });
    hiddenId = await recordDisclosure(customer.id, investigator.processor.id, {
      ground: 'FRAUD_SECURITY',
      reference: 'FRAUD-77',
      categories: ['contact.email'],
      justification: 'Suspected account takeover.',
      hiddenFromCustomer: true,
      hiddenReason: 'Telling the customer would alert the suspect.',
    });
    for (const [recipient, selection] of [
      [court, 'address { city }'],
      [investigator, 'email'],
    ] as const) {
      const read = await app.graphql(`query ($id: UUID!) { customer(id: $id) { ${selection} } }`, {
        token: recipient.token,
        variables: { id: customer.id },
      });
      expect(read.errors).toBeUndefined();
    }
  });

  it('shows the customer a disclosure and the reads made under it', async () => {
    const result = await app.graphql<{ me: Seen }>(ME, { token: await app.customerToken(customer.id) });
    expect(result.errors).toBeUndefined();
    expect(result.data?.me.disclosures).toEqual([
      {
        id: visibleId,
        ground: 'LEGAL_OBLIGATION',
        reference: 'Court order 2-1234/2025',
        recipient: { name: court.processor.name },
        categories: ['location'],
        expiresAt: visibleExpiry,
        justification: 'The court asked for the postal address.',
      },
    ]);
    expect(result.data?.me.accessLog).toEqual([
      {
        basis: 'DISCLOSURE',
        basisId: visibleId,
        fields: ['address'],
        processor: { name: court.processor.name },
        disclosure: { ground: 'LEGAL_OBLIGATION', reference: 'Court order 2-1234/2025' },
      },
    ]);
  });

  it('keeps a hidden disclosure, and the reads under it, from the customer', async () => {
    const result = await app.graphql<{ me: Seen }>(ME, { token: await app.customerToken(customer.id) });
    expect(result.errors).toBeUndefined();
    expect(result.data?.me.disclosures.map((disclosure) => disclosure.id)).toEqual([visibleId]);
    expect(result.data?.me.accessLog.map((read) => read.basisId)).toEqual([visibleId]);
    const mentioned = JSON.stringify(result.data);
    expect(mentioned).not.toContain(hiddenId);
    expect(mentioned).not.toContain(investigator.processor.name);
    expect(mentioned).not.toContain('FRAUD-77');
    // The read did happen and is in the audit log.
    expect(await auditRowsOf(customer.id)).toContainEqual(expect.objectContaining({ basis_id: hiddenId, fields: ['email'] }));
  });

  it('shows the privacy officer both disclosures and every read', async () => {
    const result = await app.graphql<{ customer: Seen }>(OFFICER_VIEW, { token: officer, variables: { id: customer.id } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.customer.disclosures).toEqual(
      expect.arrayContaining([
        { id: visibleId, hiddenFromCustomer: false, hiddenReason: null },
        { id: hiddenId, hiddenFromCustomer: true, hiddenReason: 'Telling the customer would alert the suspect.' },
      ]),
    );
    expect(result.data?.customer.disclosures).toHaveLength(2);
    // Newest first: the investigator read after the court.
    expect(result.data?.customer.accessLog).toEqual([
      { basis: 'DISCLOSURE', basisId: hiddenId, fields: ['email'], processor: { name: investigator.processor.name } },
      { basis: 'DISCLOSURE', basisId: visibleId, fields: ['address'], processor: { name: court.processor.name } },
    ]);
  });

  it('keeps the disclosures from a recipient and from staff, even of a customer they may see', async () => {
    for (const token of [court.token, await app.tokenFor('staff')]) {
      const result = await app.graphql<{ customer: Record<string, unknown> | null }>(
        `query ($id: UUID!) { customer(id: $id) { id disclosures { id } } }`,
        { token, variables: { id: customer.id } },
      );
      expect(result.data?.customer).toEqual({ id: customer.id, disclosures: null });
      expect(result.errors?.[0]).toMatchObject({ path: ['customer', 'disclosures'], extensions: { code: 'FORBIDDEN' } });
    }
  });
});

describe('a disclosure beside a consent', () => {
  it('reads on the consent for its purpose and on the disclosure for the rest, one audit row per basis', async () => {
    const processor = await insertProcessor(app.dataSource, { trusted: true, categories: ['contact'] });
    const customer = await insertCustomer(app.dataSource);
    const consent = await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: processor.id });
    const disclosure = await recordDisclosure(customer.id, processor.id, { categories: ['identity.name'] });
    const token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
    const result = await app.graphql(`query ($id: UUID!) { customer(id: $id) { email fullName } }`, { token, variables: { id: customer.id } });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ customer: { email: customer.email, fullName: customer.fullName } });
    const rows = await auditRowsOf(customer.id);
    expect(rows).toHaveLength(2);
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ basis: 'CONSENT', basis_id: consent, fields: ['email'] }),
        expect.objectContaining({ basis: 'DISCLOSURE', basis_id: disclosure, fields: ['fullName'] }),
      ]),
    );
  });
});
