import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { launchChromium } from './support/browser';
import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * A partner's browser app on another origin calls /graphql as a real page does: Chromium loads a page from a second
 * local server (127.0.0.1 on another port is another origin), whose script POSTs with a token and a purpose (headers
 * that force a preflight). The hub lists that origin in its CORS allow-list; a third origin, not listed, serves the
 * same page.
 */

const READ = 'query ($id: UUID!) { customer(id: $id) { id email } }';

/** What the page's script sends; the pages read it when they load. */
interface Call {
  url: string;
  token: string;
  purpose: string;
  query: string;
  variables: Record<string, unknown>;
}

/** The script's outcome, as it writes it into the page. */
type Outcome = { status: number; requestId: string | null; body: { data?: unknown; errors?: unknown } } | { error: string; message: string };

let call: Call | undefined;

/** A browser app: the call in a JSON block (`<` escaped, so no value can end the script), the outcome in #outcome. */
function page(): string {
  const json = JSON.stringify(call).replace(/</g, '\\u003c');
  return `<!doctype html>
<meta charset="utf-8">
<title>A partner's app</title>
<script type="application/json" id="call">${json}</script>
<pre id="outcome"></pre>
<script>
  const call = JSON.parse(document.getElementById('call').textContent);
  fetch(call.url, {
    method: 'POST',
    headers: {
      authorization: 'Bearer ' + call.token,
      'content-type': 'application/json',
      'x-processing-purpose': call.purpose,
    },
    body: JSON.stringify({ query: call.query, variables: call.variables }),
  })
    .then(async (response) => ({ status: response.status, requestId: response.headers.get('x-request-id'), body: await response.json() }))
    .catch((error) => ({ error: error.name, message: error.message }))
    .then((outcome) => { document.getElementById('outcome').textContent = JSON.stringify(outcome); });
</script>`;
}

interface PageServer {
  origin: string;
  close(): Promise<void>;
}

async function startPageServer(): Promise<PageServer> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

let allowed: PageServer;
let other: PageServer;
let app: TestApp;
let browser: Browser;
let customer: CustomerRow;

beforeAll(async () => {
  [allowed, other, browser] = await Promise.all([startPageServer(), startPageServer(), launchChromium()]);
  app = await startTestApp({ corsOrigins: [allowed.origin] });
  const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION', 'NEW_SERVICES'] });
  customer = await insertCustomer(app.dataSource);
  await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: processor.id });
  call = {
    url: app.url,
    // Two purposes: the request must state one in X-Processing-Purpose.
    token: await app.affiliateToken(processor.id, ['PERSONALIZATION', 'NEW_SERVICES']),
    purpose: 'PERSONALIZATION',
    query: READ,
    variables: { id: customer.id },
  };
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await allowed?.close();
  await other?.close();
});

/** Opens the app from `origin` in a fresh profile; its outcome, and what the browser's console said. */
async function runAppFrom(origin: string): Promise<{ outcome: Outcome; console: string[]; text: string }> {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const console: string[] = [];
    tab.on('console', (message) => console.push(message.text()));
    await tab.goto(`${origin}/`);
    await tab.waitForFunction("document.getElementById('outcome').textContent !== ''", null, { timeout: 10_000 });
    const text = await tab.content();
    const outcome = JSON.parse((await tab.locator('#outcome').textContent()) ?? '') as Outcome;
    return { outcome, console, text };
  } finally {
    await context.close();
  }
}

describe('a browser app calling /graphql from another origin, in Chromium', () => {
  it('reads the answer, and its X-Request-Id, from an origin in the allow-list', async () => {
    const { outcome } = await runAppFrom(allowed.origin);

    expect(outcome).toEqual({
      status: 200,
      requestId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
      body: { data: { customer: { id: customer.id, email: customer.email } } },
    });
  });

  it('gets a TypeError and no data from an origin not in the list', async () => {
    const { outcome, console, text } = await runAppFrom(other.origin);

    expect(outcome).toEqual({ error: 'TypeError', message: 'Failed to fetch' });
    expect(console.some((line) => /blocked by CORS policy/.test(line))).toBe(true);
    expect(text).not.toContain(customer.email);
  });
});
