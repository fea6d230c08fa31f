import { buildGraphiqlBundle } from './graphiql/bundle';
import { parseCommandLine } from '../src/common/command-line';
import { runScript } from './cli';

const USAGE = `usage: npm run build:graphiql [-- --force]
  bundles the GraphiQL page served at /graphiql into dist/graphiql/<hash>/ unless that bundle exists
  --force  rebuilds it anyway`;

/**
 * `npm run build:graphiql` (also run by `npm run build` and by the `prepare` script, scripts/prepare.cjs, so that
 * `npm install` / `npm ci` run it): bundles the GraphiQL page served at /graphiql into dist/graphiql/<hash>/. Does
 * nothing when the bundle for the current sources exists; `--force` rebuilds it.
 */
runScript(async () => {
  const { values } = parseCommandLine(USAGE, { options: { force: { type: 'boolean', default: false } } });
  const started = Date.now();
  const bundle = await buildGraphiqlBundle({ force: values.force });
  const what = bundle.built ? `built in ${((Date.now() - started) / 1000).toFixed(1)} s` : 'up to date';
  console.log(`GraphiQL bundle ${what}: ${bundle.dir}`);
});
