import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Where Debian's `chromium` package puts its binary. */
export const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** The Chromium the browser tests drive: CHROMIUM_PATH (a Chrome or Chromium binary) or Debian's. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || DEBIAN_CHROMIUM;
}

/**
 * A quiet, reproducible headless Chromium: `headless: true` makes playwright pass `--headless`. As root (these
 * machines) Chromium refuses to start with its sandbox; the rest keeps it from reaching the network on its own
 * (updates, sync, field trials) and from failing on a container's small /dev/shm or missing GPU.
 */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Launches the browser tests' Chromium; test/support/ensure-browser.ts has made sure it is there. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_FLAGS });
}

/**
 * Lets the context's pages (and their workers) reach 127.0.0.1 and localhost only; every other request is aborted
 * and its URL kept in the returned list, which a test expects to stay empty (a page that fetches a CDN shows there).
 */
export async function keepOnThisMachine(context: BrowserContext): Promise<string[]> {
  const offMachine: string[] = [];
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
    offMachine.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  return offMachine;
}
