import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Request } from 'express';
import { decodeJwt } from 'jose';
import { bundleInputsHash } from '../scripts/web-bundles/bundle';
import { WEB_PAGES } from '../scripts/web-bundles/pages';
import { SYSTEM_ACTORS } from '../src/auth/actor';
import { loadConfig } from '../src/config';
import { MAX_DEMO_CUSTOMERS } from '../src/http/cabinet-demo-customers';
import { comesFromThisMachine } from '../src/http/cabinet-demo-sign-in';
import { insertConsent, insertCustomer } from './support/fixtures';
import { killRunningCommands, runNode } from './support/run-command';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * GET /cabinet, the personal cabinet's page and its bundle's files, and its demo sign-in (/cabinet/demo/...), on
 * the real server: the page's headers and markup, the gates in front of the demo sign-in (configuration, this
 * machine only, demo customers only), and that the token it hands out is one the API accepts for that customer.
 */

const CABINET_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** More than the sign-in lists, so that its limit shows. */
const DEMO_CUSTOMERS = 40;
/** The bundle may be built when the server starts; the page waits for it. */
const BUILD_TIMEOUT_MS = 90_000;

let app: TestApp;
let origin: string;
let signedUpCustomer: string;
let erasedDemoCustomer: string;

/** `npm run seed:demo` on the app's database, as a developer runs it (a child process: faker is an ES module). */
async function seedDemo(target: TestApp): Promise<void> {
  const { url } = target.dataSource.options as { url: string };
  const result = await runNode(
    ['--import', 'tsx', 'scripts/seed-demo.ts', '--customers', String(DEMO_CUSTOMERS), '--seed', '7'],
    { DATABASE_URL: url, LOG_LEVEL: 'error' },
    60_000,
  );
  if (result.code !== 0) throw new Error(`npm run seed:demo failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
}

beforeAll(async () => {
  app = await startTestApp();
  origin = new URL(app.url).origin;
  await seedDemo(app);
  // A customer who signed up through the cabinet (consent history of their own), and a demo customer erased since.
  signedUpCustomer = (await insertCustomer(app.dataSource)).id;
  await insertConsent(app.dataSource, { customerId: signedUpCustomer, purpose: 'PERSONALIZATION' });
  const [{ id }] = await app.dataSource.query<Array<{ id: string }>>(
    `SELECT c.id FROM customer c WHERE c.erased_at IS NULL
        AND EXISTS (SELECT 1 FROM consent k JOIN consent_event e ON e.consent_id = k.id WHERE k.customer_id = c.id AND e.actor = $1)
      ORDER BY c.created_at, c.id LIMIT 1`,
    [SYSTEM_ACTORS.demoSeed],
  );
  erasedDemoCustomer = id;
  await app.dataSource.query(
    `UPDATE customer SET erased_at = now(), email = NULL, phone = NULL, full_name = NULL, date_of_birth = NULL,
       address_street = NULL, address_city = NULL, address_postal_code = NULL, address_country = NULL WHERE id = $1`,
    [id],
  );
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  killRunningCommands();
  await app?.close();
});

const get = (path: string) => fetch(new URL(path, origin));
const signIn = (body: unknown) =>
  fetch(new URL('/cabinet/demo/sign-in', origin), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** A request with exactly these headers (fetch sends a Host of its own, whatever it is given); its status and JSON body. */
function sendAsGiven(
  method: 'GET' | 'POST',
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const contentHeaders = payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) };
    const request = http.request(
      new URL(path, origin),
      { method, headers: { host: new URL(origin).host, ...contentHeaders, ...headers } },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, body: JSON.parse(text) as unknown }));
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** The edge's one error shape. */
const httpError = (code: string) => ({ errors: [{ message: expect.any(String), extensions: { code } }] });

describe('GET /cabinet', () => {
  let page: Response;
  let html: string;

  beforeAll(async () => {
    page = await get('/cabinet');
    html = await page.text();
  }, BUILD_TIMEOUT_MS);

  it('answers the page with its strict Content-Security-Policy, exactly, and the headers of a page that must not be kept', () => {
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(CABINET_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('cache-control')).toBe('no-store');
  });

  it('is an Azerbaijani page with the root, a noscript, and the meta tags the app reads', () => {
    expect(html).toMatch(/<html lang="az">/);
    expect(html).toMatch(/<div id="root"><noscript>[^<]+<\/noscript><\/div>/);
    expect(html).toContain('<meta name="privacy-hub-graphql" content="/graphql">');
    expect(html).toContain('<meta name="privacy-hub-demo-sign-in" content="/cabinet/demo">');
  });

  it('names an icon of its own, so that no browser asks for a /favicon.ico that is not there', async () => {
    expect(html).toContain('<link rel="icon" type="image/svg+xml" href="/cabinet/icon.svg">');
    const icon = await get('/cabinet/icon.svg');
    expect({ status: icon.status, type: icon.headers.get('content-type') }).toEqual({ status: 200, type: expect.stringMatching(/^image\/svg\+xml/) });
    expect(await icon.text()).toMatch(/^<svg [^>]*>.*<\/svg>$/);
  });

  it('holds no inline script or style: every script is a file of the bundle, and no element has an event handler or style', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).toHaveLength(1);
    expect(scripts.map(([, attributes, body]) => ({ src: /\bsrc="([^"]+)"/.test(attributes), body }))).toEqual([{ src: true, body: '' }]);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son[a-z]+=|javascript:/i);
  });

  it('serves the bundle under its hash, for good, and nothing under another hash or outside the bundle', async () => {
    const script = /<script defer src="(\/cabinet\/assets\/([0-9a-f]{16})\/app\.js)">/.exec(html);
    expect(script).not.toBeNull();
    const [, scriptPath, hash] = script!;
    expect(html).toContain(`<link rel="stylesheet" href="/cabinet/assets/${hash}/app.css">`);

    const asset = await get(scriptPath);
    expect({ status: asset.status, type: asset.headers.get('content-type'), cache: asset.headers.get('cache-control') }).toEqual({
      status: 200,
      type: expect.stringMatching(/javascript/),
      cache: 'public, max-age=31536000, immutable',
    });
    expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(1000);

    const otherHash = hash.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    for (const path of [
      `/cabinet/assets/${otherHash}/app.js`,
      `/cabinet/assets/${hash}/no-such-file.js`,
      `/cabinet/assets/${hash}/../manifest.json`,
    ]) {
      expect({ path, status: (await get(path)).status }).toEqual({ path, status: 404 });
    }
  });
});

describe('the demo sign-in, when on', () => {
  it('lists only demo customers, at most 20, none erased and none who signed up on their own', async () => {
    const answer = await get('/cabinet/demo/customers');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const { customers } = (await answer.json()) as { customers: Array<{ id: string; fullName: string; locale: string }> };
    expect(customers).toHaveLength(MAX_DEMO_CUSTOMERS);
    for (const customer of customers)
      expect(customer).toEqual({ id: expect.any(String), fullName: expect.any(String), locale: expect.stringMatching(/^(az|en)$/) });
    const ids = customers.map((customer) => customer.id);
    expect(ids).not.toContain(signedUpCustomer);
    expect(ids).not.toContain(erasedDemoCustomer);
    const [{ seeded }] = await app.dataSource.query<Array<{ seeded: number }>>(
      `SELECT count(DISTINCT k.customer_id)::int AS seeded FROM consent k JOIN consent_event e ON e.consent_id = k.id
        WHERE k.customer_id = ANY($1::uuid[]) AND e.actor = $2`,
      [ids, SYSTEM_ACTORS.demoSeed],
    );
    expect(seeded).toBe(ids.length);
  });

  it("signs a demo customer in with a short-lived customer token that the API accepts as that customer's", async () => {
    const {
      customers: [customer],
    } = (await (await get('/cabinet/demo/customers')).json()) as { customers: Array<{ id: string }> };
    const answer = await signIn({ customerId: customer.id.toUpperCase() });
    expect({ status: answer.status, cache: answer.headers.get('cache-control') }).toEqual({ status: 200, cache: 'no-store' });
    const { token } = (await answer.json()) as { token: string };

    const claims = decodeJwt(token);
    expect({ role: claims.role, sub: claims.sub }).toEqual({ role: 'customer', sub: customer.id });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(await app.graphql('query { me { id } }', { token })).toEqual({ status: 200, data: { me: { id: customer.id } } });
  });

  it.each([
    ['a customer who signed up on their own', () => signedUpCustomer],
    ['an erased demo customer', () => erasedDemoCustomer],
    ['an id no customer has', () => '00000000-0000-4000-8000-000000000000'],
  ])('refuses %s with 404 and no token', async (_who, id) => {
    const answer = await signIn({ customerId: id() });
    expect({ status: answer.status, body: await answer.json() }).toEqual({ status: 404, body: httpError('NOT_FOUND') });
  });

  it.each([
    ['no customer id', {}],
    ['an id that is no UUID', { customerId: "' OR 1=1 --" }],
    ['an id that is not a string', { customerId: 42 }],
  ])('refuses a body with %s with 400', async (_what, body) => {
    const answer = await signIn(body);
    expect({ status: answer.status, body: await answer.json() }).toEqual({ status: 400, body: httpError('BAD_REQUEST') });
  });

  it.each([
    ['forwarded by a proxy (X-Forwarded-For)', { 'x-forwarded-for': '203.0.113.7' }],
    ['forwarded by a proxy (Forwarded)', { forwarded: 'for=203.0.113.7' }],
    ['for another host name (DNS rebinding)', { host: 'cabinet.example.com' }],
    ['from another site’s page (Origin)', { origin: 'https://evil.example' }],
  ])('answers a request %s as a path that is not served', async (_how, headers) => {
    const demoCustomer = ((await (await get('/cabinet/demo/customers')).json()) as { customers: Array<{ id: string }> }).customers[0].id;
    expect(await sendAsGiven('GET', '/cabinet/demo/customers', headers)).toEqual({ status: 404, body: httpError('NOT_FOUND') });
    expect(await sendAsGiven('POST', '/cabinet/demo/sign-in', headers, { customerId: demoCustomer })).toEqual({
      status: 404,
      body: httpError('NOT_FOUND'),
    });
    // The same request without them is answered.
    expect((await sendAsGiven('POST', '/cabinet/demo/sign-in', {}, { customerId: demoCustomer })).status).toBe(200);
  });
});

describe('which requests come from this machine', () => {
  const request = (remoteAddress: string | undefined, headers: Record<string, string>) =>
    ({ socket: { remoteAddress }, headers }) as unknown as Request;

  it.each([
    ['IPv4 loopback', '127.0.0.1', { host: '127.0.0.1:4000' }, true],
    ['IPv6 loopback', '::1', { host: '[::1]:4000' }, true],
    ['IPv4 loopback on an IPv6 socket, by name', '::ffff:127.0.0.1', { host: 'localhost:4000', origin: 'http://localhost:4000' }, true],
    ['another machine', '192.168.1.20', { host: '127.0.0.1:4000' }, false],
    ['another machine, over IPv6', 'fe80::1', { host: 'localhost:4000' }, false],
    ['a closed connection', undefined, { host: '127.0.0.1:4000' }, false],
    ['no Host', '127.0.0.1', {}, false],
    ['a Host that is not this machine', '127.0.0.1', { host: 'hub.example.com' }, false],
    ['an Origin of another port', '127.0.0.1', { host: '127.0.0.1:4000', origin: 'http://127.0.0.1:3000' }, false],
  ])('%s: %s', (_case, address, headers, local) => {
    expect(comesFromThisMachine(request(address, headers))).toBe(local);
  });
});

describe('the demo sign-in, when off', () => {
  let off: TestApp;

  beforeAll(async () => {
    off = await startTestApp({ cabinetDemoSignIn: false });
  }, BUILD_TIMEOUT_MS);
  afterAll(async () => off?.close());

  it('answers neither endpoint, and the page does not name it', async () => {
    const at = (path: string) => new URL(path, new URL(off.url).origin);
    const customers = await fetch(at('/cabinet/demo/customers'));
    const signedIn = await fetch(at('/cabinet/demo/sign-in'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customerId: '00000000-0000-4000-8000-000000000000' }),
    });
    for (const answer of [customers, signedIn]) {
      expect({ status: answer.status, body: await answer.json() }).toEqual({ status: 404, body: httpError('NOT_FOUND') });
    }
    const page = await fetch(at('/cabinet'));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<meta name="privacy-hub-graphql" content="/graphql">');
    expect(html).not.toContain('privacy-hub-demo-sign-in');
  });
});

describe('CABINET_DEMO_SIGN_IN', () => {
  it.each([
    ['on by default outside production', {}, true],
    ['on by default in development', { NODE_ENV: 'development' }, true],
    ['off by default in production', { NODE_ENV: 'production' }, false],
    ['off when set off', { CABINET_DEMO_SIGN_IN: 'off' }, false],
    ['off when set off in production', { NODE_ENV: 'production', CABINET_DEMO_SIGN_IN: 'off' }, false],
  ])('is %s', (_case, env, on) => {
    expect(loadConfig(env).cabinetDemoSignIn).toBe(on);
  });

  it('is refused in production, in one line', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', CABINET_DEMO_SIGN_IN: 'on' })).toThrow(
      /^configuration: CABINET_DEMO_SIGN_IN must be "off" when NODE_ENV is production$/,
    );
  });

  it('takes "on" or "off" only', () => {
    expect(() => loadConfig({ CABINET_DEMO_SIGN_IN: 'true' })).toThrow('configuration: CABINET_DEMO_SIGN_IN must be "on" or "off" (got "true")');
  });
});

describe("the cabinet bundle's inputs hash", () => {
  it('changes when a source of the cabinet changes, and differs from GraphiQL’s', () => {
    const page = WEB_PAGES.cabinet;
    const sources = page.sourceDir;
    const copy = mkdtempSync(join(tmpdir(), 'privacy-hub-cabinet-'));
    try {
      cpSync(sources, copy, { recursive: true });
      page.sourceDir = copy;
      const before = bundleInputsHash('cabinet');
      expect(before).toBe(bundleInputsHash('cabinet'));
      writeFileSync(join(copy, 'main.tsx'), '// changed\n', { flag: 'a' });
      expect(bundleInputsHash('cabinet')).not.toBe(before);
      expect(bundleInputsHash('graphiql')).not.toBe(before);
    } finally {
      page.sourceDir = sources;
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
