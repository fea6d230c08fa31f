import type { BuildOptions } from 'esbuild';
import type { WebPageName } from '../../src/http/web-bundles';

/**
 * What the bundler needs to know of one web page: where its sources are, what else its bundle is made of, and what
 * its build needs beyond the options every page shares (scripts/web-bundles/bundle.ts). The bundle's entry is
 * `<sourceDir>/main.tsx`, built into `app.js` (and `app.css` when it imports CSS).
 */
export interface WebPage {
  name: WebPageName;
  /** The page's own sources, every file of which is hashed. */
  sourceDir: string;
  /** Files besides the sources that the bundle is made of (operations, the schema, the typed client). */
  inputFiles(): string[];
  /** Packages whose versions the bundle is made of. */
  packages: readonly string[];
  /** The app build's options beyond the shared ones (defines, externals); the shared `define` is merged, not replaced. */
  appOptions?(): BuildOptions;
  /** Scripts built beside app.js with the shared options only, by output name (GraphiQL's Monaco workers). */
  extraEntryPoints?(): Record<string, string>;
}
