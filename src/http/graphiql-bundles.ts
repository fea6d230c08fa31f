import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../common/package-root';

/**
 * Where the GraphiQL page's bundles are, as the server finds them: `dist/graphiql/<hash>/`, built by
 * scripts/graphiql/bundle.ts (`npm install`, `npm run build`, or the development server at start).
 */

export const BUNDLES_DIR = join(PACKAGE_ROOT, 'dist', 'graphiql');

/** The files of a bundle the page loads by name. */
export const ENTRY_SCRIPT = 'app.js';
export const ENTRY_STYLESHEET = 'app.css';

export interface GraphiqlBundle {
  dir: string;
  hash: string;
}

/** `manifest.json` of a bundle folder, written last: a folder without it is not a finished bundle. */
export interface Manifest {
  hash: string;
  /** ISO 8601, so that the newest sorts last as text. */
  builtAt: string;
}

/** The bundle of the inputs with this hash, if it has been built. */
export function findBundle(hash: string): GraphiqlBundle | null {
  const dir = join(BUNDLES_DIR, hash);
  return existsSync(join(dir, ENTRY_SCRIPT)) && existsSync(join(dir, 'manifest.json')) ? { dir, hash } : null;
}

/** The bundle the last build left, whatever its inputs: the newest finished one (a build removes the others). */
export function findBuiltBundle(): GraphiqlBundle | null {
  if (!existsSync(BUNDLES_DIR)) return null;
  const finished = readdirSync(BUNDLES_DIR)
    // A staging folder gets its manifest just before it is renamed into place.
    .filter((name) => !name.startsWith('.staging-'))
    .map((hash) => findBundle(hash))
    .filter((bundle): bundle is GraphiqlBundle => bundle !== null);
  const builtAt = (bundle: GraphiqlBundle) => (JSON.parse(readFileSync(join(bundle.dir, 'manifest.json'), 'utf8')) as Manifest).builtAt;
  return finished.sort((a, b) => builtAt(b).localeCompare(builtAt(a)))[0] ?? null;
}
