import { buildGraphiqlBundle } from '../src/http/graphiql-bundle';

/**
 * `npm run build:graphiql` (also run by `npm run build` and by the `prepare` script, scripts/prepare.cjs, so that
 * `npm install` / `npm ci` run it): bundles the GraphiQL page served at /graphiql into dist/graphiql/<hash>/. Does
 * nothing when the bundle for the current sources exists; `--force` rebuilds it.
 */
async function main(): Promise<void> {
  const started = Date.now();
  const bundle = await buildGraphiqlBundle({ force: process.argv.includes('--force') });
  const what = bundle.built ? `built in ${((Date.now() - started) / 1000).toFixed(1)} s` : 'up to date';
  console.log(`GraphiQL bundle ${what}: ${bundle.dir}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
