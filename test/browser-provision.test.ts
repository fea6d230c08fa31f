import { browserProvision, type BrowserFacts } from './support/ensure-browser';

/** How `npm test` gets the Chromium of the browser tests (test/support/ensure-browser.ts, run by jest's global setup). */

const DEBIAN = '/usr/bin/chromium';
const OWN = '/opt/google/chrome/chrome';
const LAPTOP_ADVICE =
  'The browser tests need Chromium at /usr/bin/chromium: install chromium with your package manager ' +
  '(e.g. `sudo apt-get install chromium`), or set CHROMIUM_PATH to a Chrome or Chromium binary.';
const MISSING_OWN = `CHROMIUM_PATH is ${OWN}, which does not exist: set it to a Chrome or Chromium binary, or unset it.`;

describe('the browser for npm test', () => {
  it.each<[string, BrowserFacts, ReturnType<typeof browserProvision>]>([
    ["uses Debian's Chromium when it is installed", { path: DEBIAN, exists: true, root: false, debian: true }, { action: 'use' }],
    ['uses CHROMIUM_PATH when it exists, on any system', { path: OWN, exists: true, root: false, debian: false }, { action: 'use' }],
    [
      "installs Debian's chromium when it is missing and the run is root on Debian",
      { path: DEBIAN, exists: false, root: true, debian: true },
      { action: 'install' },
    ],
    [
      'tells a developer what to do when it is missing and the run is not root',
      { path: DEBIAN, exists: false, root: false, debian: true },
      { action: 'fail', message: LAPTOP_ADVICE },
    ],
    [
      'tells a developer what to do when it is missing on another system, even as root',
      { path: DEBIAN, exists: false, root: true, debian: false },
      { action: 'fail', message: LAPTOP_ADVICE },
    ],
    [
      'installs nothing when CHROMIUM_PATH names a missing file, even as root on Debian',
      { path: OWN, exists: false, root: true, debian: true },
      { action: 'fail', message: MISSING_OWN },
    ],
  ])('%s', (_behaviour, facts, expected) => {
    expect(browserProvision(facts)).toEqual(expected);
  });
});
