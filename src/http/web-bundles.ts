import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../common/package-root';

/**
 * Where the browser bundles of the server's web pages are, as the server finds them: `dist/<page>/<hash>/`, built
 * by scripts/web-bundles/bundle.ts (`npm install`, `npm run build`, or the development server at start).
 */

/** The web pages the server serves, each bundled on its own: /graphiql (web/graphiql/) and /cabinet (web/cabinet/). */
export const WEB_PAGE_NAMES = ['graphiql', 'cabinet'] as const;
export type WebPageName = (typeof WEB_PAGE_NAMES)[number];

/** How the builder's lines and the server's logs and 503 answers name each page. */
export const WEB_PAGE_TITLES: Record<WebPageName, string> = { graphiql: 'GraphiQL', cabinet: 'The personal cabinet' };

/** The folder a page's bundles are built into, one sub-folder per inputs hash. */
export function bundlesDir(page: WebPageName): string {
  return join(PACKAGE_ROOT, 'dist', page);
}

/** The files of a bundle the page loads by name. */
export const ENTRY_SCRIPT = 'app.js';
export const ENTRY_STYLESHEET = 'app.css';

export interface WebBundle {
  dir: string;
  hash: string;
}

/** `manifest.json` of a bundle folder, written last: a folder without it is not a finished bundle. */
export interface Manifest {
  hash: string;
  /** ISO 8601, so that the newest sorts last as text. */
  builtAt: string;
}

/** The page's bundle of the inputs with this hash, if it has been built. */
export function findBundle(page: WebPageName, hash: string): WebBundle | null {
  const dir = join(bundlesDir(page), hash);
  return existsSync(join(dir, ENTRY_SCRIPT)) && existsSync(join(dir, 'manifest.json')) ? { dir, hash } : null;
}

/** The page's bundle the last build left, whatever its inputs: the newest finished one (a build removes the others). */
export function findBuiltBundle(page: WebPageName): WebBundle | null {
  const dir = bundlesDir(page);
  if (!existsSync(dir)) return null;
  const finished = readdirSync(dir)
    // A staging folder gets its manifest just before it is renamed into place.
    .filter((name) => !name.startsWith('.staging-'))
    .map((hash) => findBundle(page, hash))
    .filter((bundle): bundle is WebBundle => bundle !== null);
  const builtAt = (bundle: WebBundle) => (JSON.parse(readFileSync(join(bundle.dir, 'manifest.json'), 'utf8')) as Manifest).builtAt;
  return finished.sort((a, b) => builtAt(b).localeCompare(builtAt(a)))[0] ?? null;
}
