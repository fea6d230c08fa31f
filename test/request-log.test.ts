import { Writable } from 'node:stream';
import { decodeJwt } from 'jose';
import pino from 'pino';
import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { waitUntil } from './support/http-answer';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Every operation sent to /graphql leaves exactly one log line (request id, who asked, a bounded operation name,
 * type, duration, outcome, status, error counts), and every answer carries its request id in X-Request-Id. No line
 * holds a variable, a field value or a customer id.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const lines: string[] = [];
const logger = pino(
  { level: 'info', base: undefined },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  }),
);

interface OperationLine {
  msg: string;
  level: number;
  time: number;
  requestId: string;
  principal?: Record<string, string>;
  operation: string;
  type: string;
  durationMs: number;
  outcome: string;
  status: number | null;
  errors: Record<string, number>;
}

const operationLines = (): OperationLine[] =>
  lines.map((line) => JSON.parse(line) as OperationLine).filter((line) => line.msg === 'graphql operation');

/** The one line of the request with this id, once it is written (after the answer has left). */
async function lineOf(requestId: string): Promise<Omit<OperationLine, 'msg'>> {
  await waitUntil(() => operationLines().some((line) => line.requestId === requestId), `the log line of ${requestId}`);
  const found = operationLines().filter((line) => line.requestId === requestId);
  expect(found).toHaveLength(1);
  const { msg: _msg, ...fields } = found[0];
  return fields;
}

let app: TestApp;
let customer: CustomerRow;
let processorId: string;
let partner: string;

/** POSTs a body to /graphql as is; the answer's status, X-Request-Id and body. */
async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, requestId: response.headers.get('x-request-id'), body: (await response.json()) as { errors?: unknown[] } };
}

const send = (
  query: string,
  { token, variables, headers = {} }: { token?: string; variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
) => post(JSON.stringify({ query, variables }), { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });

const OFFICER_READ = `query CustomersByEmail($emailContains: String!) {
  customers(first: 10, filter: { emailContains: $emailContains }) { edges { node { id fullName email phone } } }
}`;
const PARTNER_READ = `query CustomerForPartner($id: UUID!) { customer(id: $id) { id email fullName } }`;
const OWN_PROFILE = `query MyProfile { me { id fullName email phone dateOfBirth address { street city postalCode } } }`;

beforeAll(async () => {
  app = await startTestApp({ logger });
  customer = await insertCustomer(app.dataSource, {
    email: 'leyla.jurnal@example.az',
    phone: '+994552046613',
    fullName: 'Leyla Jurnalova',
    dateOfBirth: '1991-09-27',
    street: 'Səməd Vurğun küçəsi 31',
    city: 'Gəncə',
    postalCode: 'AZ2011',
  });
  const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
  processorId = processor.id;
  await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId });
  partner = await app.affiliateToken(processorId, ['PERSONALIZATION']);
});
afterAll(() => app?.close());

describe('one log line per operation', () => {
  it("logs the privacy officer's read with its subject, the operation's name, type, duration and outcome", async () => {
    const answer = await send(OFFICER_READ, { token: await app.tokenFor('privacy_officer'), variables: { emailContains: 'leyla.jurnal' } });
    expect(answer.status).toBe(200);
    expect(answer.requestId).toMatch(UUID);
    expect(await lineOf(answer.requestId!)).toEqual({
      level: 30,
      time: expect.any(Number),
      requestId: answer.requestId,
      principal: { role: 'privacy_officer', subject: 'test' },
      operation: 'CustomersByEmail',
      type: 'query',
      durationMs: expect.any(Number),
      outcome: 'ok',
      status: 200,
      errors: {},
    });
  });

  it('names a customer by role only: its subject is its customer id', async () => {
    const answer = await send(OWN_PROFILE, { token: await app.customerToken(customer.id) });
    expect(answer.body.errors).toBeUndefined();
    const line = await lineOf(answer.requestId!);
    expect(line).toMatchObject({ operation: 'MyProfile', outcome: 'ok' });
    expect(line.principal).toEqual({ role: 'customer' });
  });

  it("names a partner by its processor and its token's id", async () => {
    const answer = await send(PARTNER_READ, { token: partner, variables: { id: customer.id } });
    expect(answer.body.errors).toBeUndefined();
    const line = await lineOf(answer.requestId!);
    expect(line).toMatchObject({ operation: 'CustomerForPartner', outcome: 'ok' });
    expect(line.principal).toEqual({ role: 'affiliate', processorId, tokenId: decodeJwt(partner).jti });
  });

  it('logs a refused operation with its status and its errors counted by code', async () => {
    const answer = await send(`mutation UpdateMyProfile { updateMyProfile(input: { fullName: "X" }) { id } }`, { token: partner });
    expect(await lineOf(answer.requestId!)).toMatchObject({
      principal: { role: 'affiliate' },
      operation: 'UpdateMyProfile',
      type: 'mutation',
      outcome: 'error:FORBIDDEN',
      status: answer.status,
      errors: { FORBIDDEN: 1 },
    });
  });

  it('logs a request refused before its document was read (a bad token) without a principal or a name', async () => {
    const answer = await send(PARTNER_READ, { token: 'not-a-token', variables: { id: customer.id } });
    expect(answer.status).toBe(401);
    const line = await lineOf(answer.requestId!);
    expect(line).toEqual({
      level: 30,
      time: expect.any(Number),
      requestId: answer.requestId,
      operation: 'other',
      type: 'unknown',
      durationMs: expect.any(Number),
      outcome: 'error:UNAUTHENTICATED',
      status: 401,
      errors: { UNAUTHENTICATED: 1 },
    });
  });

  it('logs a body refused at the HTTP layer with the code its client got', async () => {
    const answer = await post('{"query": ');
    expect(answer.status).toBe(400);
    expect(await lineOf(answer.requestId!)).toMatchObject({
      operation: 'other',
      outcome: 'error:BAD_REQUEST',
      status: 400,
      errors: { BAD_REQUEST: 1 },
    });
  });

  it('logs an operation name that is not one of operations/*.graphql as other, never as sent', async () => {
    const hostile = 'leyla_jurnal_example_az';
    const answer = await send(`query ${hostile} { purposes { code } }`);
    expect(await lineOf(answer.requestId!)).toMatchObject({ principal: { role: 'anonymous' }, operation: 'other', type: 'query', outcome: 'ok' });
    expect(lines.join('\n')).not.toContain(hostile);
  });

  it('writes exactly one line per request: five requests, five lines with five ids', async () => {
    const before = operationLines().length;
    const ids: string[] = [];
    for (let i = 0; i < 5; i += 1) ids.push((await send(`query MyOwnDashboard { __typename }`)).requestId!);
    for (const id of ids) await lineOf(id);
    expect(new Set(ids).size).toBe(5);
    expect(
      operationLines()
        .slice(before)
        .map((line) => line.requestId),
    ).toEqual(ids);
  });
});

describe('the request id', () => {
  it('keeps a well-formed incoming X-Request-Id (a UUID): in the answer, the log line and the audit rows of the read', async () => {
    const sent = 'B3F1C2D4-5E6F-4A7B-8C9D-0E1F2A3B4C5D';
    const answer = await send(PARTNER_READ, { token: partner, variables: { id: customer.id }, headers: { 'X-Request-Id': sent } });
    expect(answer.requestId).toBe(sent.toLowerCase());
    expect(await lineOf(sent.toLowerCase())).toMatchObject({ operation: 'CustomerForPartner', outcome: 'ok' });
    const audited = (await app.dataSource.query(`SELECT customer_id FROM audit_event WHERE request_id = $1`, [sent])) as Array<{
      customer_id: string;
    }>;
    expect(audited).toEqual([{ customer_id: customer.id }]);
  });

  it.each([
    ['text that is not a UUID', 'req-1234567890'],
    ['a header injection attempt', 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d, other'],
    ['an overlong value', 'a'.repeat(300)],
  ])('replaces %s with a fresh id', async (_what, sent) => {
    const answer = await send(`{ __typename }`, { headers: { 'X-Request-Id': sent } });
    expect(answer.requestId).toMatch(UUID);
    expect(answer.requestId).not.toBe(sent);
    await lineOf(answer.requestId!);
  });

  it.each(['/healthz', '/readyz', '/metrics', '/no-such-path'])('is returned by %s too, which logs no operation line', async (path) => {
    const before = operationLines().length;
    const response = await fetch(new URL(path, app.url));
    await response.arrayBuffer();
    expect(response.headers.get('x-request-id')).toMatch(UUID);
    // A line of that request would be written before the line of a later one.
    const later = await send(`{ __typename }`);
    await lineOf(later.requestId!);
    expect(
      operationLines()
        .slice(before)
        .map((line) => line.requestId),
    ).toEqual([later.requestId]);
  });
});

describe('what the log never holds', () => {
  it('holds none of the personal values read or sent as variables, and no customer id, in any line', () => {
    expect(lines.length).toBeGreaterThan(10);
    const all = lines.join('\n').toLowerCase();
    for (const value of [
      customer.id,
      customer.email,
      'leyla.jurnal',
      customer.phone,
      customer.fullName,
      customer.dateOfBirth,
      customer.street,
      customer.city,
      customer.postalCode,
    ]) {
      expect(all).not.toContain(value.toLowerCase());
    }
  });
});
