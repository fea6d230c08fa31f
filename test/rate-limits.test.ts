import { loadConfig } from '../src/config';
import { DEFAULT_EDGE_SETTINGS } from '../src/http/edge-settings';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Rate limits as the server starts with them (DEFAULT_EDGE_SETTINGS): anonymous callers per address, tokens per
 * token, failed authentication per address; 429 RATE_LIMITED with Retry-After, before any token check.
 */

let app: TestApp;
const { anonymous, token, failedAuthentication } = DEFAULT_EDGE_SETTINGS.rateLimits;

beforeAll(async () => {
  // One app per test: each quota's window opens at its first request.
  app = await startTestApp({ edge: DEFAULT_EDGE_SETTINGS });
});
afterAll(() => app.close());

const QUERY = '{ purposes { code } }';

async function send(count: number, headers: Record<string, string> = {}) {
  const statuses: number[] = [];
  // In small concurrent groups: quick, and the count per window is exact either way.
  for (let sent = 0; sent < count; sent += 20) {
    const group = Array.from({ length: Math.min(20, count - sent) }, () =>
      fetch(app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: QUERY }) }),
    );
    statuses.push(...(await Promise.all(group)).map((response) => response.status));
  }
  return statuses;
}

async function expectRateLimited(headers: Record<string, string> = {}) {
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: QUERY }),
  });
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(await response.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'RATE_LIMITED' } }] });
}

it('is on by default, and RATE_LIMITS=off turns it off', () => {
  expect(loadConfig({}).edge.rateLimits.enabled).toBe(true);
  expect(loadConfig({ RATE_LIMITS: 'off' }).edge.rateLimits.enabled).toBe(false);
  expect(() => loadConfig({ RATE_LIMITS: 'maybe' })).toThrow('RATE_LIMITS must be "on" or "off"');
  expect(loadConfig({ RATE_LIMIT_TOKEN: '5/2' }).edge.rateLimits.token).toEqual({ points: 5, seconds: 2 });
});

it(`anonymous: ${anonymous.points} requests per ${anonymous.seconds} s per address answered, the next refused`, async () => {
  const statuses = await send(anonymous.points);
  expect(statuses.every((status) => status === 200)).toBe(true);
  await expectRateLimited();
});

it(`a token: ${token.points} requests per ${token.seconds} s answered, the next refused; another token is counted apart`, async () => {
  const analyst = await app.tokenFor('analyst');
  const statuses = await send(token.points, { authorization: `Bearer ${analyst}` });
  expect(statuses.every((status) => status === 200)).toBe(true);
  await expectRateLimited({ authorization: `Bearer ${analyst}` });
  const staff = await app.tokenFor('staff');
  expect((await send(1, { authorization: `Bearer ${staff}` }))[0]).toBe(200);
});

it(`failed authentication: ${failedAuthentication.points} rejected tokens per address, then every token from it waits`, async () => {
  const forged = (i: number) => ({ authorization: `Bearer forged.token.${i}` });
  for (let i = 0; i < failedAuthentication.points; i++) expect((await send(1, forged(i)))[0]).toBe(401);
  // A new forged token is not checked at all, and neither is a valid one from the same address.
  await expectRateLimited(forged(failedAuthentication.points));
  await expectRateLimited({ authorization: `Bearer ${await app.tokenFor('privacy_officer')}` });
});
