import { parseCommandLine } from '../../src/common/command-line';
import { WEB_PAGE_TITLES, type WebPageName } from '../../src/http/web-bundles';
import { runScript } from '../cli';
import { buildWebBundle } from './bundle';

/**
 * A command that bundles some of the web pages (scripts/build-web.ts: all of them; scripts/build-graphiql.ts:
 * GraphiQL's), one after the other: two esbuild runs at once would only compete for the same cores. Does nothing
 * for a page whose bundle of the current sources exists; `--force` rebuilds it.
 */
export function runBuildCommand(usage: string, pages: readonly WebPageName[]): void {
  runScript(async () => {
    const { values } = parseCommandLine(usage, { options: { force: { type: 'boolean', default: false } } });
    for (const name of pages) {
      const started = Date.now();
      const bundle = await buildWebBundle(name, { force: values.force });
      const what = bundle.built ? `built in ${((Date.now() - started) / 1000).toFixed(1)} s` : 'up to date';
      console.log(`${WEB_PAGE_TITLES[name]} bundle ${what}: ${bundle.dir}`);
    }
  });
}
