import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { keepOnThisMachine, launchChromium } from './support/browser';
import { insertConsent, insertCustomer, insertProcessor } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * GET /graphiql in a real browser (headless Chromium driven by playwright-core, test/support/browser.ts), as an
 * analyst and as a partner would use it: paste a token, run an operation, read the answer in the result pane. Every
 * request to a host other than this machine is refused, and the page must need none: the bundle is served by the server.
 * Screenshots go to test-artifacts/.
 */

const ARTIFACTS = resolve(__dirname, '..', 'test-artifacts');
const STATS_QUERY = `{
  stats(from: "2025-12-01T00:00:00Z", to: "2026-01-01T00:00:00Z") {
    k
    disclosuresByGround { ground count { value suppressed } }
  }
}`;

let app: TestApp;
let browser: Browser;
let origin: string;
/** Requests each page tried to send off this machine (all refused). */
const blockedPerPage: string[][] = [];

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  [app, browser] = await Promise.all([startTestApp(), launchChromium()]);
  origin = new URL(app.url).origin;
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

interface OpenPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and Content-Security-Policy violations seen by the page. */
  problems: string[];
}

/** A fresh browser profile (empty localStorage) on /graphiql, once GraphiQL's editors are up. */
async function openGraphiql(): Promise<OpenPage> {
  const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  // On the context, so that requests from Monaco's workers are seen too.
  blockedPerPage.push(await keepOnThisMachine(context));
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`CSP: ${message.text()}`);
  });
  const response = await page.goto(`${origin}/graphiql`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toMatch(/default-src 'self'/);
  await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
  return { context, page, problems };
}

async function useToken(page: Page, token: string, role: string): Promise<void> {
  await page.getByLabel('Bearer token').fill(token);
  await page.getByRole('button', { name: 'Use token' }).click();
  await waitForText(page.getByTestId('principal'), `role ${role}`);
}

/** Replaces the text of one of GraphiQL's Monaco editors as a person would: select all, paste. */
async function replaceEditorText(page: Page, editor: string, text: string): Promise<void> {
  await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(text)})`);
  await page.locator(`${editor} .monaco-editor .view-lines`).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('ControlOrMeta+V');
  // GraphiQL reads the operation (its name, for the request) 100 ms after the last edit; a person's next click
  // comes later than that, a script's does not.
  await page.waitForTimeout(300);
}

/** A line element of a Monaco editor (the test's tsconfig has no DOM types). */
interface ViewLine {
  style: { top: string };
  textContent: string | null;
}

/** The element holding an editor's lines, as far as the test reads it. */
interface ViewLines {
  querySelectorAll(selector: string): ArrayLike<ViewLine>;
}

/**
 * The text Monaco shows in an editor, top to bottom (the viewport is tall enough for all of it). The lines are
 * joined with nothing, so that a long line Monaco wrapped still parses as JSON (a wrapped string then holds the
 * continuation's indent: compare codes, ids and numbers, not messages).
 */
function editorText(page: Page, editor: string): Promise<string> {
  return page.locator(`${editor} .monaco-editor .view-lines`).evaluate((lines) =>
    Array.from((lines as unknown as ViewLines).querySelectorAll('.view-line'))
      .sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top))
      .map((line) => line.textContent ?? '')
      .join('')
      .replace(/\u00a0/g, ' '),
  );
}

/** Runs the operation in the editor and returns the JSON shown in the result pane. */
async function runAndReadResult(page: Page): Promise<Record<string, unknown>> {
  const answered = page.waitForResponse((r) => r.url() === `${origin}/graphql` && !(r.request().postData() ?? '').includes('IntrospectionQuery'));
  await page.locator('.graphiql-execute-button').click();
  await answered;
  const result = page.locator('.graphiql-response .monaco-editor .view-lines');
  await waitForText(result, '{');
  // Monaco draws the answer a frame after it arrives: wait until the pane holds a whole JSON document.
  let text = '';
  for (let attempt = 0; attempt < 50; attempt++) {
    text = await editorText(page, '.graphiql-response');
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      await page.waitForTimeout(100);
    }
  }
  throw new Error(`The result pane does not hold JSON:\n${text}`);
}

/** Waits until the element's text contains `text` (Monaco draws with no-break spaces: they count as spaces). */
async function waitForText(locator: Locator, text: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  let seen = '';
  while (Date.now() < deadline) {
    seen = (
      (await locator
        .first()
        .textContent()
        .catch(() => '')) ?? ''
    ).replace(/\u00a0/g, ' ');
    if (seen.includes(text)) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`Expected the element to contain ${JSON.stringify(text)}; it holds ${JSON.stringify(seen.slice(0, 500))}`);
}

describe('GraphiQL at /graphiql, in Chromium', () => {
  it('lets an analyst paste a token once and run a stats query', async () => {
    const { context, page, problems } = await openGraphiql();
    const token = await app.tokenFor('analyst');
    await useToken(page, token, 'analyst');

    await replaceEditorText(page, '.graphiql-query-editor', STATS_QUERY);
    const shown = await runAndReadResult(page);

    const direct = await app.graphql(STATS_QUERY, { token });
    expect(direct.errors).toBeUndefined();
    expect(shown).toEqual({ data: direct.data });
    const stats = (shown.data as { stats: { k: number; disclosuresByGround: unknown[] } }).stats;
    expect(stats.k).toBeGreaterThan(1);
    expect(Array.isArray(stats.disclosuresByGround)).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql-analyst.png') });

    // The Docs panel shows the schema with its descriptions; a personal field says so, with its data category.
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.locator('a.graphiql-doc-explorer-type-name', { hasText: /^Query$/ }).click();
    await waitForText(docs, 'Privacy-safe aggregates');
    await docs.locator('a.graphiql-doc-explorer-field-name', { hasText: /^customer$/ }).click();
    await docs
      .locator('a.graphiql-doc-explorer-type-name', { hasText: /^Customer$/ })
      .first()
      .click();
    await waitForText(docs, 'null until a new customer confirms one. Personal data: contact.email.');
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql-docs.png') });

    // The token was pasted once: it is still there after a reload.
    await page.reload();
    await waitForText(page.getByTestId('principal'), 'role analyst');
    expect(await page.getByLabel('Bearer token').inputValue()).toBe(token);

    expect(problems).toEqual([]);
    expect(blockedPerPage.flat()).toEqual([]);
    await context.close();
  });

  it("shows an affiliate the denial of a field it may not read, with the policy's code", async () => {
    const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION', 'NEW_SERVICES'] });
    const customer = await insertCustomer(app.dataSource);
    // Visible to the partner through a consent for another purpose, but not for the token's.
    await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'NEW_SERVICES', processorId: processor.id });
    const token = await app.affiliateToken(processor.id, ['PERSONALIZATION']);

    const { context, page, problems } = await openGraphiql();
    await useToken(page, token, 'affiliate');

    // The example for affiliates comes from operations/affiliate.graphql, ready in the Examples panel.
    await page.locator('button[data-example="CustomerForPartner"]').click();
    await waitForText(page.locator('.graphiql-query-editor .view-lines'), 'query CustomerForPartner');
    await replaceEditorText(page, '.graphiql-query-editor', `{\n  customer(id: "${customer.id}") {\n    id\n    email\n  }\n}`);
    const shown = await runAndReadResult(page);

    expect(shown).toMatchObject({
      data: { customer: { id: customer.id, email: null } },
      errors: [{ path: ['customer', 'email'], extensions: { code: 'CONSENT_REQUIRED', category: 'contact.email' } }],
    });
    expect(JSON.stringify(shown)).not.toContain(customer.email);
    await page.screenshot({ path: join(ARTIFACTS, 'graphiql-affiliate.png') });

    expect(problems).toEqual([]);
    expect(blockedPerPage.flat()).toEqual([]);
    await context.close();
  });
});
