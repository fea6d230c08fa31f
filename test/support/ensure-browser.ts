import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath, DEBIAN_CHROMIUM } from './browser';

/** What decides how the test run gets its Chromium. */
export interface BrowserFacts {
  /** The binary the browser tests will launch (CHROMIUM_PATH or Debian's). */
  path: string;
  exists: boolean;
  /** apt-get may install packages. */
  root: boolean;
  /** A Debian (or derived) system, where the `chromium` package provides DEBIAN_CHROMIUM. */
  debian: boolean;
}

export type BrowserProvision = { action: 'use' } | { action: 'install' } | { action: 'fail'; message: string };

/**
 * Present: use it. Debian's path missing on a Debian machine the run may administer (CI, a fresh container): install
 * the package. Anything else is a developer's machine: say in one line what they do, instead of touching their system.
 */
export function browserProvision({ path, exists, root, debian }: BrowserFacts): BrowserProvision {
  if (exists) return { action: 'use' };
  if (path !== DEBIAN_CHROMIUM) {
    return { action: 'fail', message: `CHROMIUM_PATH is ${path}, which does not exist: set it to a Chrome or Chromium binary, or unset it.` };
  }
  if (root && debian) return { action: 'install' };
  return {
    action: 'fail',
    message:
      `The browser tests need Chromium at ${DEBIAN_CHROMIUM}: install chromium with your package manager ` +
      '(e.g. `sudo apt-get install chromium`), or set CHROMIUM_PATH to a Chrome or Chromium binary.',
  };
}

/** An install over a slow mirror takes a few minutes; past this something is stuck. */
const APT_TIMEOUT_MS = 10 * 60_000;

function aptGet(...args: string[]): { ok: boolean; output: string } {
  const run = spawnSync('apt-get', args, {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
    timeout: APT_TIMEOUT_MS,
  });
  return { ok: run.status === 0, output: `${run.stderr ?? ''}${run.error?.message ?? ''}`.trim() };
}

/** Installs Debian's chromium; a stale or empty package list (a fresh container's) is refreshed once. */
function installChromium(): void {
  process.stderr.write(
    `Chromium is missing at ${DEBIAN_CHROMIUM}: installing Debian's chromium for the browser tests (apt-get install -y chromium)\n`,
  );
  let install = aptGet('install', '-y', 'chromium');
  if (!install.ok) {
    aptGet('update');
    install = aptGet('install', '-y', 'chromium');
  }
  if (!install.ok || !existsSync(DEBIAN_CHROMIUM)) {
    const reason = install.output.split('\n').at(-1) || 'it did not provide the binary';
    throw withoutStack(`apt-get install -y chromium failed (${reason}); install it by hand, or set CHROMIUM_PATH.`);
  }
}

/** Run by jest's global setup: afterwards the browser tests' Chromium is there, or the run has stopped saying why. */
export function ensureBrowser(): void {
  const path = chromiumPath();
  const provision = browserProvision({
    path,
    exists: existsSync(path),
    root: process.getuid?.() === 0,
    debian: existsSync('/etc/debian_version'),
  });
  if (provision.action === 'install') installChromium();
  if (provision.action === 'fail') throw withoutStack(provision.message);
}

/** Jest prints a failed global setup's stack: here it would only bury the one line saying what to do. */
function withoutStack(message: string): Error {
  const error = new Error(message);
  error.stack = message;
  return error;
}
