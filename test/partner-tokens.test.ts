import { createHash, randomUUID } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { PurposeCode } from '../src/policy/purposes';
import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Partner tokens (policy §2, README "Partner tokens"): issued by the privacy officer, shown once and stored as
 * id and SHA-256 only; checked on every request, so a revocation, an expiry or withdrawn trust binds the
 * partner from its next request; and the purpose each request is made for, stated in X-Processing-Purpose.
 */

let app: TestApp;
let officer: string;

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.tokenFor('privacy_officer');
});
afterAll(() => app.close());

const ISSUE = `mutation ($processorId: UUID!, $purposes: [PurposeCode!]!, $ttlSeconds: Int!) {
  issueProcessorToken(processorId: $processorId, purposes: $purposes, ttlSeconds: $ttlSeconds) {
    token record { id processorId purposes issuedBy issuedAt expiresAt revokedAt }
  }
}`;
const REVOKE = `mutation ($id: UUID!) { revokeToken(id: $id) { id revokedAt } }`;
const READ = `query ($id: UUID!) { customer(id: $id) { id email } }`;

interface Issued {
  token: string;
  record: { id: string; processorId: string; purposes: string[]; issuedBy: string; issuedAt: string; expiresAt: string; revokedAt: string | null };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function issue(processorId: string, purposes: string[], ttlSeconds = 3600, token = officer) {
  return app.graphql<{ issueProcessorToken: Issued | null }>(ISSUE, { token, variables: { processorId, purposes, ttlSeconds } });
}

async function issued(processorId: string, purposes: PurposeCode[], ttlSeconds = 3600): Promise<Issued> {
  const result = await issue(processorId, purposes, ttlSeconds);
  expect(result.errors).toBeUndefined();
  return result.data!.issueProcessorToken!;
}

const tokenRows = (processorId: string) =>
  app.dataSource.query(
    `SELECT id, processor_id, purposes, token_hash, issued_by, issued_at, expires_at, revoked_at, revoked_by
     FROM processor_token WHERE processor_id = $1 ORDER BY issued_at`,
    [processorId],
  ) as Promise<Array<Record<string, unknown>>>;

const countTokens = async () => ((await app.dataSource.query(`SELECT count(*)::int AS n FROM processor_token`)) as Array<{ n: number }>)[0].n;

/** A customer who consented to `purpose` by a trusted processor, which is permitted every category. */
async function consentingCustomer(purposes: PurposeCode[] = ['PERSONALIZATION'], consentTo: PurposeCode = 'PERSONALIZATION') {
  const processor = await insertProcessor(app.dataSource, { purposes });
  const customer = await insertCustomer(app.dataSource);
  await insertConsent(app.dataSource, { customerId: customer.id, purpose: consentTo, processorId: processor.id });
  return { processor, customer };
}

function expectEmailRead(result: Awaited<ReturnType<TestApp['graphql']>>, customer: CustomerRow) {
  expect(result.status).toBe(200);
  expect(result.errors).toBeUndefined();
  expect(result.data).toEqual({ customer: { id: customer.id, email: customer.email } });
}

function expectWholeRequestRefused(result: Awaited<ReturnType<TestApp['graphql']>>, status: number, code: string, customer?: CustomerRow) {
  expect(result.status).toBe(status);
  expect(result.data).toBeUndefined();
  expect(result.errors).toHaveLength(1);
  expect(result.errors?.[0].extensions?.code).toBe(code);
  if (customer) expect(JSON.stringify(result)).not.toContain(customer.email);
}

describe('issuing a token', () => {
  it('shows the token once, keeps only its id and SHA-256, and the token reads for the partner', async () => {
    const { processor, customer } = await consentingCustomer(['PERSONALIZATION', 'NEW_SERVICES']);
    const { token, record } = await issued(processor.id, ['PERSONALIZATION'], 600);

    expect(record).toMatchObject({
      processorId: processor.id,
      purposes: ['PERSONALIZATION'],
      issuedBy: 'privacy_officer:test',
      revokedAt: null,
    });
    expect(new Date(record.expiresAt).getTime() - new Date(record.issuedAt).getTime()).toBe(600_000);
    // The token carries the id it was issued under and is scoped to the purposes asked for.
    expect(decodeJwt(token)).toMatchObject({ jti: record.id, processor_id: processor.id, purposes: ['PERSONALIZATION'], role: 'affiliate' });

    const rows = await tokenRows(processor.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: record.id, purposes: ['PERSONALIZATION'], token_hash: sha256(token), revoked_at: null });
    // Neither the token nor its signature is stored anywhere in the row.
    const signature = token.split('.')[2];
    const [{ leaks }] = (await app.dataSource.query(
      `SELECT count(*)::int AS leaks FROM processor_token t WHERE strpos(t::text, $1) > 0 OR strpos(t::text, $2) > 0`,
      [token, signature],
    )) as Array<{ leaks: number }>;
    expect(leaks).toBe(0);

    expectEmailRead(await app.graphql(READ, { token, variables: { id: customer.id } }), customer);
  });

  it('cannot be read again: a processor token has no token field', async () => {
    const result = await app.graphql(`{ processors { tokens { id token } } }`, { token: officer });
    expect(result.status).toBe(400);
    expect(result.data).toBeUndefined();
    expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('issues a different token, under a different id, each time', async () => {
    const processor = await insertProcessor(app.dataSource);
    const first = await issued(processor.id, ['PERSONALIZATION']);
    const second = await issued(processor.id, ['PERSONALIZATION']);
    expect(second.record.id).not.toBe(first.record.id);
    expect(second.token).not.toBe(first.token);
    expect((await tokenRows(processor.id)).map((row) => row.token_hash).sort()).toEqual([sha256(first.token), sha256(second.token)].sort());
  });

  it.each([
    ['a purpose the processor may not be used for', ['NEW_SERVICES']],
    ['an allowed purpose together with one it may not be used for', ['PERSONALIZATION', 'TECHNICAL_SUPPORT']],
  ])('refuses %s with PURPOSE_NOT_ALLOWED and writes nothing', async (_case, purposes) => {
    const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
    const result = await issue(processor.id, purposes);
    expect(result.data).toEqual({ issueProcessorToken: null });
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({ path: ['issueProcessorToken'], extensions: { code: 'PURPOSE_NOT_ALLOWED' } });
    expect(await tokenRows(processor.id)).toEqual([]);
  });

  it('refuses an unknown processor with NOT_FOUND and writes nothing', async () => {
    const before = await countTokens();
    const result = await issue(randomUUID(), ['PERSONALIZATION']);
    expect(result.data).toEqual({ issueProcessorToken: null });
    expect(result.errors?.[0]).toMatchObject({ path: ['issueProcessorToken'], extensions: { code: 'NOT_FOUND' } });
    expect(await countTokens()).toBe(before);
  });

  it.each([
    ['a lifetime under a minute', ['PERSONALIZATION'], 59, 'ttlSeconds'],
    ['a lifetime over seven days', ['PERSONALIZATION'], 604_801, 'ttlSeconds'],
    ['a negative lifetime', ['PERSONALIZATION'], -3600, 'ttlSeconds'],
    ['no purpose at all', [], 3600, 'purposes'],
  ])('refuses %s with BAD_USER_INPUT and writes nothing', async (_case, purposes, ttlSeconds, property) => {
    const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
    const result = await issue(processor.id, purposes, ttlSeconds);
    expect(result.data).toEqual({ issueProcessorToken: null });
    expect(result.errors?.[0]).toMatchObject({ path: ['issueProcessorToken'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(result.errors?.[0].extensions?.validationErrors).toEqual([expect.objectContaining({ property })]);
    expect(await tokenRows(processor.id)).toEqual([]);
  });

  it.each([60, 604_800])('accepts a lifetime of exactly %i seconds', async (ttlSeconds) => {
    const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
    const { record } = await issued(processor.id, ['PERSONALIZATION'], ttlSeconds);
    expect(new Date(record.expiresAt).getTime() - new Date(record.issuedAt).getTime()).toBe(ttlSeconds * 1000);
  });

  it.each([
    ['staff', () => app.tokenFor('staff'), 'FORBIDDEN'],
    ['an analyst', () => app.tokenFor('analyst'), 'FORBIDDEN'],
    ['a customer', () => app.customerToken(randomUUID()), 'FORBIDDEN'],
    ['the affiliate itself', (processorId: string) => app.affiliateToken(processorId, ['PERSONALIZATION']), 'FORBIDDEN'],
    ['an anonymous caller', async () => '', 'UNAUTHENTICATED'],
  ] as Array<[string, (processorId: string) => Promise<string>, string]>)('is refused to %s', async (_caller, tokenOf, code) => {
    const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
    const token = await tokenOf(processor.id);
    const before = await tokenRows(processor.id);
    const result = await issue(processor.id, ['PERSONALIZATION'], 3600, token);
    expect(result.data).toEqual({ issueProcessorToken: null });
    expect(result.errors?.[0]).toMatchObject({ path: ['issueProcessorToken'], extensions: { code } });
    expect(await tokenRows(processor.id)).toEqual(before);
  });
});

describe("a processor's tokens", () => {
  const PROCESSORS = `{ processors { id name active tokens { id purposes expiresAt revokedAt } } }`;
  type Listed = { id: string; name: string; active: boolean; tokens: Array<Record<string, unknown>> | null };
  let processor: { id: string; name: string };
  let older: Issued;
  let newer: Issued;

  beforeAll(async () => {
    processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION', 'NEW_SERVICES'] });
    older = await issued(processor.id, ['PERSONALIZATION']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    newer = await issued(processor.id, ['PERSONALIZATION', 'NEW_SERVICES'], 7200);
    const revoked = await app.graphql(REVOKE, { token: officer, variables: { id: older.record.id } });
    expect(revoked.errors).toBeUndefined();
  });

  it('are listed to the privacy officer, newest first, revoked ones included', async () => {
    const result = await app.graphql<{ processors: Listed[] }>(PROCESSORS, { token: officer });
    expect(result.errors).toBeUndefined();
    const listed = result.data!.processors.find((entry) => entry.id === processor.id);
    expect(listed?.tokens).toEqual([
      { id: newer.record.id, purposes: ['PERSONALIZATION', 'NEW_SERVICES'], expiresAt: newer.record.expiresAt, revokedAt: null },
      { id: older.record.id, purposes: ['PERSONALIZATION'], expiresAt: older.record.expiresAt, revokedAt: expect.any(String) },
    ]);
  });

  it.each([
    ['staff', () => app.tokenFor('staff')],
    ['an analyst', () => app.tokenFor('analyst')],
    ['the affiliate itself', () => app.affiliateToken(processor.id, ['PERSONALIZATION'])],
  ])('are denied to %s field by field, the rest of each processor intact', async (_caller, tokenOf) => {
    const result = await app.graphql<{ processors: Listed[] }>(PROCESSORS, { token: await tokenOf() });
    expect(result.status).toBe(200);
    const processors = result.data!.processors;
    expect(processors.find((entry) => entry.id === processor.id)).toEqual({ id: processor.id, name: processor.name, active: true, tokens: null });
    expect(processors.every((entry) => entry.tokens === null && typeof entry.name === 'string')).toBe(true);
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual(
      processors.map((_entry, index) => [['processors', index, 'tokens'], 'FORBIDDEN']),
    );
    expect(JSON.stringify(result)).not.toContain(newer.record.id);
  });
});

describe('a token refused on the next request', () => {
  it('once revoked: 401 and no data, with the revocation recorded', async () => {
    const { processor, customer } = await consentingCustomer();
    const { token, record } = await issued(processor.id, ['PERSONALIZATION']);
    expectEmailRead(await app.graphql(READ, { token, variables: { id: customer.id } }), customer);

    const revoked = await app.graphql<{ revokeToken: { id: string; revokedAt: string | null } }>(REVOKE, {
      token: officer,
      variables: { id: record.id },
    });
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data?.revokeToken).toEqual({ id: record.id, revokedAt: expect.any(String) });
    expect(await tokenRows(processor.id)).toEqual([
      expect.objectContaining({
        id: record.id,
        revoked_at: new Date(revoked.data!.revokeToken.revokedAt!),
        revoked_by: 'privacy_officer:test',
      }),
    ]);

    expectWholeRequestRefused(await app.graphql(READ, { token, variables: { id: customer.id } }), 401, 'UNAUTHENTICATED', customer);
    // Not even public fields answer to a revoked token.
    expectWholeRequestRefused(await app.graphql(`{ purposes { code } }`, { token }), 401, 'UNAUTHENTICATED');
  });

  it('keeps the first revocation when revoked again', async () => {
    const processor = await insertProcessor(app.dataSource);
    const { record } = await issued(processor.id, ['PERSONALIZATION']);
    const first = await app.graphql<{ revokeToken: { revokedAt: string } }>(REVOKE, { token: officer, variables: { id: record.id } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await app.graphql<{ revokeToken: { revokedAt: string } }>(REVOKE, { token: officer, variables: { id: record.id } });
    expect(second.errors).toBeUndefined();
    expect(second.data?.revokeToken.revokedAt).toBe(first.data?.revokeToken.revokedAt);
  });

  it('answers NOT_FOUND for revoking a token never issued', async () => {
    const result = await app.graphql(REVOKE, { token: officer, variables: { id: randomUUID() } });
    expect(result.data).toEqual({ revokeToken: null });
    expect(result.errors?.[0]).toMatchObject({ path: ['revokeToken'], extensions: { code: 'NOT_FOUND' } });
  });

  it.each([
    ['staff', () => app.tokenFor('staff')],
    ['an analyst', () => app.tokenFor('analyst')],
  ])('does not let %s revoke a token, which keeps working', async (_caller, tokenOf) => {
    const { processor, customer } = await consentingCustomer();
    const { token, record } = await issued(processor.id, ['PERSONALIZATION']);
    const result = await app.graphql(REVOKE, { token: await tokenOf(), variables: { id: record.id } });
    expect(result.data).toEqual({ revokeToken: null });
    expect(result.errors?.[0]).toMatchObject({ path: ['revokeToken'], extensions: { code: 'FORBIDDEN' } });
    expect(await tokenRows(processor.id)).toEqual([expect.objectContaining({ revoked_at: null, revoked_by: null })]);
    expectEmailRead(await app.graphql(READ, { token, variables: { id: customer.id } }), customer);
  });

  it('does not let the affiliate revoke its own token', async () => {
    const processor = await insertProcessor(app.dataSource);
    const { token, record } = await issued(processor.id, ['PERSONALIZATION']);
    const result = await app.graphql(REVOKE, { token, variables: { id: record.id } });
    expect(result.errors?.[0]).toMatchObject({ path: ['revokeToken'], extensions: { code: 'FORBIDDEN' } });
    expect(await tokenRows(processor.id)).toEqual([expect.objectContaining({ revoked_at: null })]);
  });

  it('when signed with the right key but never issued: 401', async () => {
    const { processor, customer } = await consentingCustomer();
    const forged = await app.token({
      role: 'affiliate',
      sub: `processor:${processor.id}`,
      processorId: processor.id,
      purposes: ['PERSONALIZATION'],
      jti: randomUUID(),
    });
    expectWholeRequestRefused(await app.graphql(READ, { token: forged, variables: { id: customer.id } }), 401, 'UNAUTHENTICATED', customer);
  });

  it('when re-signed under the id of an issued token (another token than the one issued): 401', async () => {
    const { processor, customer } = await consentingCustomer(['PERSONALIZATION', 'NEW_SERVICES']);
    const { token, record } = await issued(processor.id, ['PERSONALIZATION']);
    // Same id and processor, a wider scope: the hash is not the one stored.
    const widened = await app.token({
      role: 'affiliate',
      sub: `processor:${processor.id}`,
      processorId: processor.id,
      purposes: ['PERSONALIZATION', 'NEW_SERVICES'],
      jti: record.id,
    });
    expectWholeRequestRefused(await app.graphql(READ, { token: widened, variables: { id: customer.id } }), 401, 'UNAUTHENTICATED', customer);
    expectEmailRead(await app.graphql(READ, { token, variables: { id: customer.id } }), customer);
  });

  it('when it names another processor than the one it was issued to: 401', async () => {
    const { processor, customer } = await consentingCustomer();
    const other = await insertProcessor(app.dataSource);
    const { record } = await issued(other.id, ['PERSONALIZATION']);
    const borrowed = await app.token({
      role: 'affiliate',
      sub: `processor:${processor.id}`,
      processorId: processor.id,
      purposes: ['PERSONALIZATION'],
      jti: record.id,
    });
    expectWholeRequestRefused(await app.graphql(READ, { token: borrowed, variables: { id: customer.id } }), 401, 'UNAUTHENTICATED', customer);
  });

  it('when its recorded lifetime has passed, though the signed expiry has not: 401', async () => {
    const { processor, customer } = await consentingCustomer();
    const token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
    expectEmailRead(await app.graphql(READ, { token, variables: { id: customer.id } }), customer);
    await app.dataSource.query(
      `UPDATE processor_token SET issued_at = now() - interval '2 hours', expires_at = now() - interval '1 second' WHERE id = $1`,
      [decodeJwt(token).jti],
    );
    expectWholeRequestRefused(await app.graphql(READ, { token, variables: { id: customer.id } }), 401, 'UNAUTHENTICATED', customer);
  });

  it('when the signed expiry has passed, though the record is live: 401', async () => {
    const { processor, customer } = await consentingCustomer();
    const id = randomUUID();
    const expired = await app.token(
      { role: 'affiliate', sub: `processor:${processor.id}`, processorId: processor.id, purposes: ['PERSONALIZATION'], jti: id },
      '-1s',
    );
    await app.dataSource.query(
      `INSERT INTO processor_token (id, processor_id, purposes, token_hash, issued_by, issued_at, expires_at)
       VALUES ($1, $2, ARRAY['PERSONALIZATION'], $3, 'privacy_officer:test', now() - interval '1 hour', now() + interval '1 hour')`,
      [id, processor.id, sha256(expired)],
    );
    expectWholeRequestRefused(await app.graphql(READ, { token: expired, variables: { id: customer.id } }), 401, 'UNAUTHENTICATED', customer);
  });
});

describe('withdrawing the processor trust', () => {
  const WITHDRAW_TRUST = `mutation ($id: UUID!) { withdrawProcessorTrust(id: $id) { id trusted } }`;
  const GRANT_TRUST = `mutation ($id: UUID!) { grantProcessorTrust(id: $id) { id trusted } }`;

  it('stops its tokens resolving personal fields on the next request; the token still authenticates', async () => {
    const { processor, customer } = await consentingCustomer();
    const token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
    expectEmailRead(await app.graphql(READ, { token, variables: { id: customer.id } }), customer);

    const withdrawn = await app.graphql(WITHDRAW_TRUST, { token: officer, variables: { id: processor.id } });
    expect(withdrawn.data).toEqual({ withdrawProcessorTrust: { id: processor.id, trusted: false } });

    const after = await app.graphql(READ, { token, variables: { id: customer.id } });
    expect(after.status).toBe(200);
    expect(after.data).toEqual({ customer: { id: customer.id, email: null } });
    expect(after.errors).toHaveLength(1);
    expect(after.errors?.[0]).toMatchObject({ path: ['customer', 'email'], extensions: { code: 'PROCESSOR_NOT_TRUSTED' } });

    const granted = await app.graphql(GRANT_TRUST, { token: officer, variables: { id: processor.id } });
    expect(granted.data).toEqual({ grantProcessorTrust: { id: processor.id, trusted: true } });
    expectEmailRead(await app.graphql(READ, { token, variables: { id: customer.id } }), customer);
  });
});

describe('X-Processing-Purpose', () => {
  let customer: CustomerRow;
  let processor: { id: string };
  let personalizationOnly: string;
  let both: string;

  const read = (token: string, header?: string, query = READ) =>
    app.graphql(query, { token, variables: { id: customer.id }, headers: header === undefined ? {} : { 'x-processing-purpose': header } });

  const auditedPurposes = async () =>
    (
      (await app.dataSource.query(`SELECT purpose_code FROM audit_event WHERE customer_id = $1 ORDER BY id`, [customer.id])) as Array<{
        purpose_code: string;
      }>
    ).map((row) => row.purpose_code);

  beforeAll(async () => {
    // The customer consented to PERSONALIZATION only, by a processor that may be used for two purposes.
    ({ processor, customer } = await consentingCustomer(['PERSONALIZATION', 'NEW_SERVICES'], 'PERSONALIZATION'));
    personalizationOnly = await app.affiliateToken(processor.id, ['PERSONALIZATION']);
    both = await app.affiliateToken(processor.id, ['PERSONALIZATION', 'NEW_SERVICES']);
  });

  it('may be omitted with a single-purpose token: the read is for its one purpose', async () => {
    const before = await auditedPurposes();
    expectEmailRead(await read(personalizationOnly), customer);
    expect(await auditedPurposes()).toEqual([...before, 'PERSONALIZATION']);
  });

  it('may name the one purpose of a single-purpose token', async () => {
    expectEmailRead(await read(personalizationOnly, 'PERSONALIZATION'), customer);
  });

  it('is required with a two-purpose token: 400 PURPOSE_REQUIRED and no data', async () => {
    const before = await auditedPurposes();
    expectWholeRequestRefused(await read(both), 400, 'PURPOSE_REQUIRED', customer);
    expect(await auditedPurposes()).toEqual(before);
  });

  it.each([
    ['single-purpose', () => personalizationOnly, 'NEW_SERVICES'],
    ['two-purpose', () => both, 'TECHNICAL_SUPPORT'],
  ])('outside the scope of a %s token fails the whole request: 403 PURPOSE_NOT_ALLOWED and no data', async (_kind, tokenOf, header) => {
    const before = await auditedPurposes();
    expectWholeRequestRefused(await read(tokenOf(), header), 403, 'PURPOSE_NOT_ALLOWED', customer);
    // Even a query without a single personal field.
    expectWholeRequestRefused(
      await app.graphql(`{ purposes { code } }`, { token: tokenOf(), headers: { 'x-processing-purpose': header } }),
      403,
      'PURPOSE_NOT_ALLOWED',
    );
    expect(await auditedPurposes()).toEqual(before);
  });

  it.each(['MARKETING', 'personalization'])('naming no purpose of the policy (%s) answers 400 PURPOSE_UNKNOWN and no data', async (header) => {
    expectWholeRequestRefused(await read(both, header), 400, 'PURPOSE_UNKNOWN', customer);
    expectWholeRequestRefused(await read(personalizationOnly, header), 400, 'PURPOSE_UNKNOWN', customer);
  });

  it('decides the read for the stated purpose: CONSENT_REQUIRED for NEW_SERVICES, the value for PERSONALIZATION', async () => {
    const before = await auditedPurposes();
    const forNewServices = await read(both, 'NEW_SERVICES');
    expect(forNewServices.status).toBe(200);
    expect(forNewServices.data).toEqual({ customer: { id: customer.id, email: null } });
    expect(forNewServices.errors).toHaveLength(1);
    expect(forNewServices.errors?.[0]).toMatchObject({ path: ['customer', 'email'], extensions: { code: 'CONSENT_REQUIRED' } });

    expectEmailRead(await read(both, 'PERSONALIZATION'), customer);
    // Only the allowed read is in the audit log, under the purpose the request stated.
    expect(await auditedPurposes()).toEqual([...before, 'PERSONALIZATION']);
  });
});
