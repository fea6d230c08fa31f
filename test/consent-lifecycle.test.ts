import { randomUUID } from 'node:crypto';
import type { PurposeCode } from '../src/policy/purposes';
import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A consent through its life (policy §2): the customer grants and withdraws it in the personal cabinet; each
 * change is one event appended to the history, the consent row holds only the present; a withdrawal binds
 * the recipient from the very next request; the customer reads the history and a Kantara-style receipt; the
 * privacy officer reads the consents as they stood at any past moment, from the events.
 */

let app: TestApp;
let officer: string;
let staff: string;

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.tokenFor('privacy_officer');
  staff = await app.tokenFor('staff');
});
afterAll(() => app.close());

const GRANT = `mutation ($purpose: PurposeCode!, $processorId: UUID) {
  grantConsent(purpose: $purpose, processorId: $processorId) { id status source policyVersion purpose { code } recipient { id } }
}`;
const WITHDRAW = `mutation ($purpose: PurposeCode!, $processorId: UUID) {
  withdrawConsent(purpose: $purpose, processorId: $processorId) { id status source policyVersion purpose { code } recipient { id } }
}`;

interface ConsentPayload {
  id: string;
  status: string;
  source: string;
  policyVersion: string;
  purpose: { code: string };
  recipient: { id: string } | null;
}

interface EventRow {
  id: string;
  consent_id: string;
  purpose_code: string;
  processor_id: string | null;
  status: string;
  source: string;
  policy_version: string;
  occurred_at: Date;
  actor: string;
}

interface ConsentRow {
  id: string;
  purpose_code: string;
  processor_id: string | null;
  status: string;
  status_changed_at: Date;
  source: string;
  policy_version: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function change(mutation: 'grantConsent' | 'withdrawConsent', token: string, purpose: string, processorId: string | null) {
  return app.graphql<Record<string, ConsentPayload | null>>(mutation === 'grantConsent' ? GRANT : WITHDRAW, {
    token,
    variables: { purpose, processorId },
  });
}

/** grantConsent / withdrawConsent as the customer, expecting success; apart by a few ms so that events have distinct times. */
async function customerChanges(mutation: 'grantConsent' | 'withdrawConsent', customerId: string, purpose: PurposeCode, processorId: string | null) {
  await sleep(5);
  const result = await change(mutation, await app.customerToken(customerId), purpose, processorId);
  expect(result.errors).toBeUndefined();
  return result.data![mutation]!;
}

const eventsOf = (customerId: string) =>
  app.dataSource.query(
    `SELECT e.id, e.consent_id, c.purpose_code, c.processor_id, e.status, e.source, e.policy_version, e.occurred_at, e.actor
     FROM consent_event e JOIN consent c ON c.id = e.consent_id WHERE c.customer_id = $1 ORDER BY e.id`,
    [customerId],
  ) as Promise<EventRow[]>;

const consentsOf = (customerId: string) =>
  app.dataSource.query(
    `SELECT id, purpose_code, processor_id, status, status_changed_at, source, policy_version
     FROM consent WHERE customer_id = $1 ORDER BY created_at`,
    [customerId],
  ) as Promise<ConsentRow[]>;

async function countRows(): Promise<{ consents: number; events: number }> {
  const [row] = (await app.dataSource.query(
    `SELECT (SELECT count(*) FROM consent)::int AS consents, (SELECT count(*) FROM consent_event)::int AS events`,
  )) as Array<{ consents: number; events: number }>;
  return row;
}

describe('granting and withdrawing a consent', () => {
  it('writes exactly one event per change, keeps the latest state in the consent row and never rewrites the history', async () => {
    const customer = await insertCustomer(app.dataSource);
    const partner = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });

    const granted = await customerChanges('grantConsent', customer.id, 'PERSONALIZATION', partner.id);
    expect(granted).toEqual({
      id: expect.any(String),
      status: 'GRANTED',
      source: 'PERSONAL_CABINET',
      policyVersion: '2024-01',
      purpose: { code: 'PERSONALIZATION' },
      recipient: { id: partner.id },
    });
    const afterGrant = await eventsOf(customer.id);
    expect(afterGrant).toEqual([
      expect.objectContaining({
        consent_id: granted.id,
        purpose_code: 'PERSONALIZATION',
        processor_id: partner.id,
        status: 'GRANTED',
        source: 'PERSONAL_CABINET',
        policy_version: '2024-01',
        actor: `customer:${customer.id}`,
      }),
    ]);
    expect(await consentsOf(customer.id)).toEqual([
      expect.objectContaining({ id: granted.id, status: 'GRANTED', status_changed_at: afterGrant[0].occurred_at }),
    ]);

    const withdrawn = await customerChanges('withdrawConsent', customer.id, 'PERSONALIZATION', partner.id);
    expect(withdrawn).toMatchObject({ id: granted.id, status: 'WITHDRAWN', source: 'PERSONAL_CABINET', recipient: { id: partner.id } });
    const afterWithdrawal = await eventsOf(customer.id);
    expect(afterWithdrawal).toHaveLength(2);
    expect(afterWithdrawal[0]).toEqual(afterGrant[0]);
    expect(afterWithdrawal[1]).toMatchObject({ consent_id: granted.id, status: 'WITHDRAWN', actor: `customer:${customer.id}` });
    expect(afterWithdrawal[1].occurred_at.getTime()).toBeGreaterThan(afterWithdrawal[0].occurred_at.getTime());
    expect(await consentsOf(customer.id)).toEqual([
      expect.objectContaining({ id: granted.id, status: 'WITHDRAWN', status_changed_at: afterWithdrawal[1].occurred_at }),
    ]);

    const regranted = await customerChanges('grantConsent', customer.id, 'PERSONALIZATION', partner.id);
    expect(regranted).toMatchObject({ id: granted.id, status: 'GRANTED' });
    const afterRegrant = await eventsOf(customer.id);
    expect(afterRegrant.map((event) => event.status)).toEqual(['GRANTED', 'WITHDRAWN', 'GRANTED']);
    expect(afterRegrant.slice(0, 2)).toEqual(afterWithdrawal);
    expect(await consentsOf(customer.id)).toEqual([
      expect.objectContaining({ id: granted.id, status: 'GRANTED', status_changed_at: afterRegrant[2].occurred_at }),
    ]);
  });

  it('keeps one consent row to the company itself however often it changes, each change one more event', async () => {
    const customer = await insertCustomer(app.dataSource);
    const first = await customerChanges('grantConsent', customer.id, 'NEW_SERVICES', null);
    expect(first).toMatchObject({ status: 'GRANTED', recipient: null, purpose: { code: 'NEW_SERVICES' } });
    await customerChanges('grantConsent', customer.id, 'NEW_SERVICES', null);
    const last = await customerChanges('withdrawConsent', customer.id, 'NEW_SERVICES', null);
    expect(last).toMatchObject({ id: first.id, status: 'WITHDRAWN', recipient: null });

    expect(await consentsOf(customer.id)).toEqual([expect.objectContaining({ id: first.id, processor_id: null, status: 'WITHDRAWN' })]);
    expect((await eventsOf(customer.id)).map((event) => [event.consent_id, event.status])).toEqual([
      [first.id, 'GRANTED'],
      [first.id, 'GRANTED'],
      [first.id, 'WITHDRAWN'],
    ]);
  });

  it('treats withdrawing an already withdrawn consent as no change: no event, the withdrawal time kept', async () => {
    const customer = await insertCustomer(app.dataSource);
    await customerChanges('grantConsent', customer.id, 'NEW_SERVICES', null);
    await customerChanges('withdrawConsent', customer.id, 'NEW_SERVICES', null);
    const [withdrawn] = await consentsOf(customer.id);
    const again = await customerChanges('withdrawConsent', customer.id, 'NEW_SERVICES', null);
    expect(again).toMatchObject({ id: withdrawn.id, status: 'WITHDRAWN' });
    expect(await consentsOf(customer.id)).toEqual([withdrawn]);
    expect((await eventsOf(customer.id)).map((event) => event.status)).toEqual(['GRANTED', 'WITHDRAWN']);
  });

  it('changes only the consent named: the same purpose for another recipient, or another purpose, stays as it was', async () => {
    const customer = await insertCustomer(app.dataSource);
    const partner = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION', 'NEW_SERVICES'] });
    const other = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
    await customerChanges('grantConsent', customer.id, 'PERSONALIZATION', partner.id);
    await customerChanges('grantConsent', customer.id, 'NEW_SERVICES', partner.id);
    await customerChanges('grantConsent', customer.id, 'PERSONALIZATION', other.id);
    await customerChanges('withdrawConsent', customer.id, 'PERSONALIZATION', partner.id);

    const state = (await consentsOf(customer.id)).map((row) => [row.purpose_code, row.processor_id, row.status]);
    expect(state).toEqual([
      ['PERSONALIZATION', partner.id, 'WITHDRAWN'],
      ['NEW_SERVICES', partner.id, 'GRANTED'],
      ['PERSONALIZATION', other.id, 'GRANTED'],
    ]);
    expect(await eventsOf(customer.id)).toHaveLength(4);
  });
});

describe('a withdrawal takes effect on the very next request', () => {
  const READ = `query ($id: UUID!) { customer(id: $id) { id email } }`;

  it('hides the customer from a recipient whose only consent was withdrawn, and a new grant shows them again', async () => {
    const customer = await insertCustomer(app.dataSource);
    const partner = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
    await customerChanges('grantConsent', customer.id, 'PERSONALIZATION', partner.id);
    // A single-purpose token: the request is made for PERSONALIZATION without the header.
    const affiliate = await app.affiliateToken(partner.id, ['PERSONALIZATION']);

    const before = await app.graphql(READ, { token: affiliate, variables: { id: customer.id } });
    expect(before.errors).toBeUndefined();
    expect(before.data).toEqual({ customer: { id: customer.id, email: customer.email } });

    await customerChanges('withdrawConsent', customer.id, 'PERSONALIZATION', partner.id);
    // No live consent names the recipient any more, so it no longer learns that the customer exists.
    const after = await app.graphql(READ, { token: affiliate, variables: { id: customer.id } });
    expect(after.status).toBe(200);
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual({ customer: null });
    expect(JSON.stringify(after)).not.toContain(customer.email);

    await customerChanges('grantConsent', customer.id, 'PERSONALIZATION', partner.id);
    const again = await app.graphql(READ, { token: affiliate, variables: { id: customer.id } });
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual({ customer: { id: customer.id, email: customer.email } });
  });

  it('denies the field with CONSENT_REQUIRED when another consent keeps the customer visible, and a new grant restores it', async () => {
    const customer = await insertCustomer(app.dataSource);
    const partner = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION', 'NEW_SERVICES'] });
    await customerChanges('grantConsent', customer.id, 'PERSONALIZATION', partner.id);
    await customerChanges('grantConsent', customer.id, 'NEW_SERVICES', partner.id);
    // A two-purpose token: the request states PERSONALIZATION in the header.
    const affiliate = await app.affiliateToken(partner.id, ['PERSONALIZATION', 'NEW_SERVICES']);
    const read = () =>
      app.graphql(READ, { token: affiliate, variables: { id: customer.id }, headers: { 'x-processing-purpose': 'PERSONALIZATION' } });

    const before = await read();
    expect(before.errors).toBeUndefined();
    expect(before.data).toEqual({ customer: { id: customer.id, email: customer.email } });

    await customerChanges('withdrawConsent', customer.id, 'PERSONALIZATION', partner.id);
    const after = await read();
    expect(after.status).toBe(200);
    expect(after.data).toEqual({ customer: { id: customer.id, email: null } });
    expect(after.errors).toHaveLength(1);
    expect(after.errors?.[0]).toMatchObject({ path: ['customer', 'email'], extensions: { code: 'CONSENT_REQUIRED' } });

    await customerChanges('grantConsent', customer.id, 'PERSONALIZATION', partner.id);
    const again = await read();
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual({ customer: { id: customer.id, email: customer.email } });
  });
});

describe('refused consent changes write nothing', () => {
  let customer: CustomerRow;
  let customerToken: string;
  let allowed: { id: string };
  let inactive: { id: string };

  beforeAll(async () => {
    customer = await insertCustomer(app.dataSource);
    customerToken = await app.customerToken(customer.id);
    allowed = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
    inactive = await insertProcessor(app.dataSource, { active: false, purposes: ['PERSONALIZATION'] });
    // A consent to the company exists, so a withdrawal naming a recipient must not fall back on it.
    await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'TECHNICAL_SUPPORT' });
  });

  const cases: Array<[string, 'grantConsent' | 'withdrawConsent', () => [string, string | null], string]> = [
    ['a consent to an unknown processor', 'grantConsent', () => ['PERSONALIZATION', randomUUID()], 'NOT_FOUND'],
    ['a consent to an inactive processor', 'grantConsent', () => ['PERSONALIZATION', inactive.id], 'PROCESSOR_INACTIVE'],
    ['a consent for a purpose the processor may not be used for', 'grantConsent', () => ['NEW_SERVICES', allowed.id], 'PURPOSE_NOT_ALLOWED'],
    ['withdrawing a consent never given', 'withdrawConsent', () => ['PERSONALIZATION', allowed.id], 'CONSENT_NOT_FOUND'],
    [
      'withdrawing a consent to a recipient when only the company has one',
      'withdrawConsent',
      () => ['TECHNICAL_SUPPORT', allowed.id],
      'CONSENT_NOT_FOUND',
    ],
  ];

  it.each(cases)('refuses %s', async (_case, mutation, target, code) => {
    const before = await countRows();
    const [purpose, processorId] = target();
    const result = await change(mutation, customerToken, purpose, processorId);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ [mutation]: null });
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({ path: [mutation], extensions: { code } });
    expect(await countRows()).toEqual(before);
    expect((await consentsOf(customer.id)).map((row) => [row.purpose_code, row.processor_id, row.status])).toEqual([
      ['TECHNICAL_SUPPORT', null, 'GRANTED'],
    ]);
  });

  it.each(['grantConsent', 'withdrawConsent'] as const)('refuses %s for a purpose code the policy does not have', async (mutation) => {
    const before = await countRows();
    const result = await change(mutation, customerToken, 'MARKETING', allowed.id);
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await countRows()).toEqual(before);
  });

  const callers: Array<[string, () => Promise<string | undefined>, string]> = [
    ['staff', () => app.tokenFor('staff'), 'FORBIDDEN'],
    ['the privacy officer', () => app.tokenFor('privacy_officer'), 'FORBIDDEN'],
    ['an analyst', () => app.tokenFor('analyst'), 'FORBIDDEN'],
    ['an affiliate', () => app.affiliateToken(allowed.id, ['PERSONALIZATION']), 'FORBIDDEN'],
    ['an anonymous caller', async () => undefined, 'UNAUTHENTICATED'],
  ];

  it.each(callers)('refuses grantConsent and withdrawConsent to %s', async (_caller, tokenOf, code) => {
    const token = await tokenOf();
    const before = await countRows();
    for (const mutation of ['grantConsent', 'withdrawConsent'] as const) {
      const result = await app.graphql(mutation === 'grantConsent' ? GRANT : WITHDRAW, {
        token,
        variables: { purpose: 'TECHNICAL_SUPPORT', processorId: null },
      });
      expect(result.data).toEqual({ [mutation]: null });
      expect(result.errors?.[0]).toMatchObject({ path: [mutation], extensions: { code } });
    }
    expect(await countRows()).toEqual(before);
    expect((await consentsOf(customer.id)).map((row) => row.status)).toEqual(['GRANTED']);
  });
});

describe('myConsents', () => {
  const MY_CONSENTS = `{ myConsents {
    id purpose { code } recipient { name } status
    history { status source occurredAt policyVersion }
    receipt
  } }`;

  interface MyConsent {
    id: string;
    purpose: { code: string };
    recipient: { name: string } | null;
    status: string;
    history: Array<{ status: string; source: string; occurredAt: string; policyVersion: string }>;
    receipt: { services: Array<{ purposes: Array<{ piiCategory: string[] }> }> } & Record<string, unknown>;
  }

  let customer: CustomerRow;
  let partner: { id: string; name: string };
  let token: string;

  const myConsents = async () => {
    const result = await app.graphql<{ myConsents: MyConsent[] }>(MY_CONSENTS, { token });
    expect(result.errors).toBeUndefined();
    return result.data!.myConsents;
  };

  beforeAll(async () => {
    customer = await insertCustomer(app.dataSource);
    token = await app.customerToken(customer.id);
    partner = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'], categories: ['identity.name', 'contact'] });
    // Someone else's consent to the same recipient is not among this customer's.
    const neighbour = await insertCustomer(app.dataSource);
    await insertConsent(app.dataSource, { customerId: neighbour.id, purpose: 'PERSONALIZATION', processorId: partner.id });
  });

  it('shows a granted consent with its history and a receipt naming the recipient and its permitted categories', async () => {
    const granted = await customerChanges('grantConsent', customer.id, 'PERSONALIZATION', partner.id);
    const [event] = await eventsOf(customer.id);

    const consents = await myConsents();
    expect(consents).toHaveLength(1);
    const [consent] = consents;
    expect(consent).toMatchObject({
      id: granted.id,
      purpose: { code: 'PERSONALIZATION' },
      recipient: { name: partner.name },
      status: 'GRANTED',
      history: [{ status: 'GRANTED', source: 'PERSONAL_CABINET', occurredAt: event.occurred_at.toISOString(), policyVersion: '2024-01' }],
    });
    expect(consent.receipt).toMatchObject({
      version: 'KI-CR-v1.1.0',
      consentReceiptID: granted.id,
      piiPrincipalId: customer.id,
      consentTimestamp: Math.floor(event.occurred_at.getTime() / 1000),
      collectionMethod: 'PERSONAL_CABINET',
      recordState: 'GRANTED',
      policyVersion: '2024-01',
      withdrawal: null,
      recipient: { id: partner.id, name: partner.name },
    });
    expect(consent.receipt.services).toHaveLength(1);
    expect(consent.receipt.services[0].purposes).toEqual([
      expect.objectContaining({
        purposeCategory: ['PERSONALIZATION'],
        thirdPartyDisclosure: true,
        thirdPartyName: partner.name,
        piiCategory: ['contact', 'identity.name'],
      }),
    ]);
  });

  it('after withdrawal shows both events oldest first and a receipt recording the withdrawal', async () => {
    await customerChanges('withdrawConsent', customer.id, 'PERSONALIZATION', partner.id);
    const [grantEvent, withdrawalEvent] = await eventsOf(customer.id);

    const [consent] = await myConsents();
    expect(consent.status).toBe('WITHDRAWN');
    expect(consent.history).toEqual([
      { status: 'GRANTED', source: 'PERSONAL_CABINET', occurredAt: grantEvent.occurred_at.toISOString(), policyVersion: '2024-01' },
      { status: 'WITHDRAWN', source: 'PERSONAL_CABINET', occurredAt: withdrawalEvent.occurred_at.toISOString(), policyVersion: '2024-01' },
    ]);
    expect(consent.receipt).toMatchObject({
      recordState: 'WITHDRAWN',
      withdrawal: { at: withdrawalEvent.occurred_at.toISOString(), method: 'PERSONAL_CABINET' },
      // The receipt still says when consent was given.
      consentTimestamp: Math.floor(grantEvent.occurred_at.getTime() / 1000),
      history: [
        { event: 'GRANTED', at: grantEvent.occurred_at.toISOString(), method: 'PERSONAL_CABINET', policyVersion: '2024-01' },
        { event: 'WITHDRAWN', at: withdrawalEvent.occurred_at.toISOString(), method: 'PERSONAL_CABINET', policyVersion: '2024-01' },
      ],
    });
  });

  it('gives a consent to the company itself a receipt with no third party, covering every data category', async () => {
    await customerChanges('grantConsent', customer.id, 'NEW_SERVICES', null);
    const vocabulary = await app.graphql<{ dataCategories: Array<{ key: string }> }>(`{ dataCategories { key } }`);
    const allCategories = vocabulary.data!.dataCategories.map((term) => term.key);
    expect(allCategories.length).toBeGreaterThan(0);

    const company = (await myConsents()).find((consent) => consent.purpose.code === 'NEW_SERVICES');
    expect(company).toMatchObject({ recipient: null, status: 'GRANTED' });
    expect(company!.receipt).toMatchObject({ recordState: 'GRANTED', recipient: null, piiPrincipalId: customer.id });
    const [purpose] = company!.receipt.services[0].purposes;
    expect(purpose).toMatchObject({ purposeCategory: ['NEW_SERVICES'], thirdPartyDisclosure: false, thirdPartyName: null });
    expect([...purpose.piiCategory].sort()).toEqual([...allCategories].sort());
  });

  it.each([
    ['staff', () => app.tokenFor('staff')],
    ['the privacy officer', () => app.tokenFor('privacy_officer')],
  ])('is for customers only, not %s', async (_caller, tokenOf) => {
    const result = await app.graphql(`{ myConsents { id } }`, { token: await tokenOf() });
    expect(result.data).toEqual({ myConsents: null });
    expect(result.errors?.[0]).toMatchObject({ path: ['myConsents'], extensions: { code: 'FORBIDDEN' } });
  });
});

describe('consentsAt', () => {
  const CONSENTS_AT = `query ($customerId: UUID!, $at: DateTime!) {
    consentsAt(customerId: $customerId, at: $at) { consentId purpose { code } recipient { id } status since source policyVersion }
  }`;

  let customer: CustomerRow;
  let partner: { id: string };
  let consentId: string;
  let grant: Date;
  let withdrawal: Date;
  let companyGrant: Date;
  let regrant: Date;

  const at = (date: Date, offsetMs = 0) => new Date(date.getTime() + offsetMs).toISOString();
  const between = (a: Date, b: Date) => new Date((a.getTime() + b.getTime()) / 2).toISOString();

  async function stateAt(moment: string, token = officer) {
    const result = await app.graphql<{ consentsAt: Array<Record<string, unknown>> }>(CONSENTS_AT, {
      token,
      variables: { customerId: customer.id, at: moment },
    });
    expect(result.errors).toBeUndefined();
    return result.data!.consentsAt;
  }

  beforeAll(async () => {
    customer = await insertCustomer(app.dataSource);
    partner = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
    consentId = (await customerChanges('grantConsent', customer.id, 'PERSONALIZATION', partner.id)).id;
    await customerChanges('withdrawConsent', customer.id, 'PERSONALIZATION', partner.id);
    await customerChanges('grantConsent', customer.id, 'TECHNICAL_SUPPORT', null);
    await customerChanges('grantConsent', customer.id, 'PERSONALIZATION', partner.id);
    [grant, withdrawal, companyGrant, regrant] = (await eventsOf(customer.id)).map((event) => event.occurred_at);
  });

  const personalization = (status: string, since: Date) => ({
    consentId,
    purpose: { code: 'PERSONALIZATION' },
    recipient: { id: partner.id },
    status,
    since: since.toISOString(),
    source: 'PERSONAL_CABINET',
    policyVersion: '2024-01',
  });

  it('is empty before the first grant', async () => {
    expect(await stateAt(at(grant, -1))).toEqual([]);
  });

  it('shows the consent granted from the moment of the grant until the withdrawal', async () => {
    expect(await stateAt(at(grant))).toEqual([personalization('GRANTED', grant)]);
    expect(await stateAt(between(grant, withdrawal))).toEqual([personalization('GRANTED', grant)]);
    expect(await stateAt(at(withdrawal, -1))).toEqual([personalization('GRANTED', grant)]);
  });

  it('shows it withdrawn from the withdrawal until the re-grant, beside consents given meanwhile', async () => {
    expect(await stateAt(at(withdrawal))).toEqual([personalization('WITHDRAWN', withdrawal)]);
    const meanwhile = await stateAt(between(companyGrant, regrant));
    expect(meanwhile).toHaveLength(2);
    expect(meanwhile).toEqual(
      expect.arrayContaining([
        personalization('WITHDRAWN', withdrawal),
        expect.objectContaining({ purpose: { code: 'TECHNICAL_SUPPORT' }, recipient: null, status: 'GRANTED', since: companyGrant.toISOString() }),
      ]),
    );
  });

  it('shows it granted again from the re-grant on, as the consent row does now', async () => {
    const now = await stateAt(at(regrant, 60_000));
    expect(now).toEqual(expect.arrayContaining([personalization('GRANTED', regrant)]));
    expect(now).toHaveLength(2);
    expect(await consentsOf(customer.id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: consentId, status: 'GRANTED', status_changed_at: regrant })]),
    );
  });

  it.each([
    ['the customer themself', () => app.customerToken(customer.id)],
    ['staff', () => Promise.resolve(staff)],
    ['an analyst', () => app.tokenFor('analyst')],
    ['an affiliate the customer consented to', () => app.affiliateToken(partner.id, ['PERSONALIZATION'])],
  ])('is for the privacy officer only, not %s', async (_caller, tokenOf) => {
    const result = await app.graphql(CONSENTS_AT, { token: await tokenOf(), variables: { customerId: customer.id, at: at(regrant) } });
    expect(result.data).toEqual({ consentsAt: null });
    expect(result.errors?.[0]).toMatchObject({ path: ['consentsAt'], extensions: { code: 'FORBIDDEN' } });
  });
});
