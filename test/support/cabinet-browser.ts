import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import axe, { type ImpactValue } from 'axe-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { keepOnThisMachine } from './browser';

/** The personal cabinet in headless Chromium, with nothing reachable but this machine and every problem the page reports kept. */

export const CABINET_ARTIFACTS = resolve(__dirname, '..', '..', 'test-artifacts', 'cabinet');

export interface CabinetPage {
  context: BrowserContext;
  page: Page;
  /** Requests the page tried to send off this machine (all refused). */
  offMachine: string[];
  /** Uncaught errors and console errors (Content-Security-Policy violations among them). */
  problems: string[];
}

/** A fresh browser profile (empty localStorage and sessionStorage) on /cabinet. */
export async function openCabinet(browser: Browser, origin: string): Promise<CabinetPage> {
  mkdirSync(CABINET_ARTIFACTS, { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  // Playwright waits 30 s for an element by default; the cabinet answers in well under one.
  context.setDefaultTimeout(10_000);
  const offMachine = await keepOnThisMachine(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  // The first page of a run may wait for the development server to build the bundle.
  const response = await page.goto(`${origin}/cabinet`, { timeout: 60_000 });
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toMatch(/default-src 'self'/);
  return { context, page, offMachine, problems };
}

/**
 * Chromium logs every answer of 400 or more as a console error ("Failed to load resource"); a test that provokes
 * such answers on purpose names their statuses, and any other problem stays.
 */
export function problemsBesides(problems: string[], expectedStatuses: number[]): string[] {
  const expected = new RegExp(`Failed to load resource: the server responded with a status of (${expectedStatuses.join('|')}) `);
  return problems.filter((problem) => !expected.test(problem));
}

/** Retries `check` (an assertion) until it passes or `timeoutMs` is over; then its last failure is thrown. */
export async function eventually(check: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(CABINET_ARTIFACTS, `${name}.png`), fullPage: true });
}

/** One axe-core violation, as much of it as a failure message needs. */
export interface Violation {
  id: string;
  impact: ImpactValue | null;
  help: string;
  targets: string[];
}

const BLOCKING_IMPACTS: ReadonlySet<ImpactValue | null> = new Set<ImpactValue | null>(['serious', 'critical']);

/**
 * axe-core's serious and critical violations on the page as it is now. The page's CSP forbids injecting a script
 * element; evaluating axe's source through the DevTools protocol is not subject to it.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(axe.source);
  const violations = await page.evaluate<Violation[]>(`axe.run(document, { resultTypes: ['violations'] }).then((results) =>
    results.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })))`);
  return violations.filter((violation) => BLOCKING_IMPACTS.has(violation.impact));
}
