import { DEFAULT_EDGE_SETTINGS } from '../src/http/edge-settings';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * CORS on /graphql as a browser's preflight and request see it, sent from node with the headers a browser would add.
 * test/cors-browser.test.ts checks the same in Chromium.
 */

const CABINET = 'https://cabinet.allprint.az';
const QUERY = '{ __typename }';

/** One request without a token per minute: the second one is refused. */
const ONE_ANONYMOUS_REQUEST = {
  ...DEFAULT_EDGE_SETTINGS,
  rateLimits: { ...DEFAULT_EDGE_SETTINGS.rateLimits, anonymous: { points: 1, seconds: 60 } },
};

let configured: TestApp;
let unconfigured: TestApp;
let rateLimited: TestApp;

beforeAll(async () => {
  [configured, unconfigured, rateLimited] = await Promise.all([
    startTestApp({ corsOrigins: [CABINET] }),
    startTestApp(),
    startTestApp({ corsOrigins: [CABINET], edge: ONE_ANONYMOUS_REQUEST }),
  ]);
}, 30_000);

afterAll(async () => {
  await configured?.close();
  await unconfigured?.close();
  await rateLimited?.close();
});

/** What a browser sends before a POST with a token and a purpose from a page on `origin`. */
function preflight(app: TestApp, origin: string): Promise<Response> {
  return fetch(app.url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,x-processing-purpose',
    },
  });
}

function corsHeaders(response: Response): Record<string, string> {
  return Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')));
}

describe('CORS with CORS_ORIGINS listing an origin', () => {
  it('answers a preflight from that origin with 204 and what a browser app may send', async () => {
    const response = await preflight(configured, CABINET);

    expect(response.status).toBe(204);
    expect(corsHeaders(response)).toEqual({
      'access-control-allow-origin': CABINET,
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'Authorization,Content-Type,x-processing-purpose,X-Request-Id',
      'access-control-expose-headers': 'X-Request-Id,Retry-After',
      'access-control-max-age': '600',
    });
    expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  it("lets that origin's page read the answer and its X-Request-Id and Retry-After, without credentials", async () => {
    const token = await configured.tokenFor('analyst');
    const response = await fetch(configured.url, {
      method: 'POST',
      headers: { origin: CABINET, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
    expect(corsHeaders(response)).toEqual({
      'access-control-allow-origin': CABINET,
      'access-control-expose-headers': 'X-Request-Id,Retry-After',
    });
    expect(response.headers.get('vary')).toMatch(/\bOrigin\b/);
  });

  it.each([
    ['another site', 'https://evil.example'],
    ['the same host over http', 'http://cabinet.allprint.az'],
    ['a longer host ending like it', 'https://cabinet.allprint.az.evil.example'],
    ['another port', 'https://cabinet.allprint.az:8443'],
    ['a sandboxed page (Origin: null)', 'null'],
  ])('gives %s no Access-Control-Allow-Origin', async (_name, origin) => {
    const response = await preflight(configured, origin);

    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('CORS and the rate limits', () => {
  it('answers preflights before the rate limits, and lets the app read a 429 and its Retry-After', async () => {
    for (let i = 0; i < 3; i++) expect((await preflight(rateLimited, CABINET)).status).toBe(204);
    const post = () =>
      fetch(rateLimited.url, {
        method: 'POST',
        headers: { origin: CABINET, 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERY }),
      });

    // The preflights used none of the one request the quota allows.
    expect((await post()).status).toBe(200);
    const refused = await post();

    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(corsHeaders(refused)).toEqual({
      'access-control-allow-origin': CABINET,
      'access-control-expose-headers': 'X-Request-Id,Retry-After',
    });
  });
});

describe('CORS by default (no CORS_ORIGINS)', () => {
  it('adds no CORS header to a preflight from any origin', async () => {
    const response = await preflight(unconfigured, CABINET);

    expect(corsHeaders(response)).toEqual({});
  });

  it('adds no CORS header to a request from another origin', async () => {
    const response = await fetch(unconfigured.url, {
      method: 'POST',
      headers: { origin: CABINET, 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    });

    expect(corsHeaders(response)).toEqual({});
  });
});
