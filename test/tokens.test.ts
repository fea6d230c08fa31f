import { SignJWT, UnsecuredJWT } from 'jose';
import { insertCustomer, type CustomerRow } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/** A token that is present but not valid fails the whole request with 401 and no data. */

let app: TestApp;
let customer: CustomerRow;
const QUERY = `query ($id: UUID!) { customer(id: $id) { id email } purposes { code } }`;

beforeAll(async () => {
  app = await startTestApp();
  customer = await insertCustomer(app.dataSource);
});
afterAll(() => app.close());

async function request(authorization: string) {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query: QUERY, variables: { id: customer.id } }),
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown; errors?: Array<{ extensions?: { code?: string } }> } };
}

const signed = (claims: Record<string, unknown>, configure: (jwt: SignJWT) => SignJWT = (jwt) => jwt) =>
  configure(
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('privacy-hub')
      .setAudience('privacy-hub')
      .setSubject('privacy_officer:test')
      .setIssuedAt()
      .setExpirationTime('5m'),
  ).sign(app.jwtSecret);

describe('rejected tokens', () => {
  const cases: Array<[string, () => Promise<string>]> = [
    ['is expired', async () => `Bearer ${await app.token({ role: 'privacy_officer', sub: 'o' }, '-1s')}`],
    [
      'is tampered with (role changed after signing)',
      async () => {
        const [header, , signature] = (await app.tokenFor('staff')).split('.');
        const payload = Buffer.from(
          JSON.stringify({ role: 'privacy_officer', sub: 'staff:test', iss: 'privacy-hub', aud: 'privacy-hub', iat: 1, exp: 4102444800 }),
        ).toString('base64url');
        return `Bearer ${header}.${payload}.${signature}`;
      },
    ],
    [
      'is signed with another key',
      async () =>
        `Bearer ${await new SignJWT({ role: 'privacy_officer' })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('privacy-hub')
          .setAudience('privacy-hub')
          .setSubject('o')
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode('x'.repeat(48)))}`,
    ],
    [
      'is unsigned (alg none)',
      async () =>
        `Bearer ${new UnsecuredJWT({ role: 'privacy_officer', sub: 'o', iss: 'privacy-hub', aud: 'privacy-hub' }).setIssuedAt().setExpirationTime('5m').encode()}`,
    ],
    ['names another issuer', async () => `Bearer ${await signed({ role: 'privacy_officer' }, (jwt) => jwt.setIssuer('someone-else'))}`],
    ['names another audience', async () => `Bearer ${await signed({ role: 'privacy_officer' }, (jwt) => jwt.setAudience('other-api'))}`],
    ['has an unknown role', async () => `Bearer ${await signed({ role: 'superuser' })}`],
    ['is an affiliate token without purposes', async () => `Bearer ${await signed({ role: 'affiliate', processor_id: customer.id })}`],
    ['is a customer token whose subject is not a customer id', async () => `Bearer ${await signed({ role: 'customer' })}`],
    ['is not a JWT', async () => 'Bearer not-a-token'],
    ['is not a bearer token', async () => 'Basic dXNlcjpwYXNz'],
  ];

  it.each(cases)('answers 401 with no data when the token %s', async (_case, authorization) => {
    const { status, body } = await request(await authorization());
    expect(status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(body)).not.toContain(customer.email);
  });

  it('accepts the same request with a valid privacy officer token', async () => {
    const { status, body } = await request(`Bearer ${await app.tokenFor('privacy_officer')}`);
    expect(status).toBe(200);
    expect(body.data).toMatchObject({ customer: { id: customer.id, email: customer.email } });
  });
});

describe('no token', () => {
  it('is an anonymous principal: public fields answer, customer data does not', async () => {
    const result = await app.graphql(QUERY, { variables: { id: customer.id } });
    expect(result.status).toBe(200);
    expect(result.data).toEqual({ customer: null, purposes: expect.arrayContaining([{ code: 'PERSONALIZATION' }]) });
    expect(result.errors?.[0]).toMatchObject({ path: ['customer'], extensions: { code: 'UNAUTHENTICATED' } });
  });
});

describe('responses', () => {
  it('tell browsers and proxies not to store them', async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.tokenFor('privacy_officer')}` },
      body: JSON.stringify({ query: QUERY, variables: { id: customer.id } }),
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('etag')).toBeNull();
  });
});
