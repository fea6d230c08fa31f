import { buildGraphiqlBundle } from '../src/http/graphiql-bundle';

/**
 * `npm run build:graphiql` (also the `prepare` script, so `npm install` / `npm ci` run it): bundles the GraphiQL page
 * served at /graphiql into dist/graphiql/<hash>/. Does nothing when the bundle for the current sources exists;
 * `--force` rebuilds it.
 */
async function main(): Promise<void> {
  try {
    require.resolve('graphiql');
  } catch {
    // `npm ci --omit=dev`: the front-end packages are devDependencies. The server then answers /graphiql with 503.
    console.log('GraphiQL bundle skipped: its packages are not installed (devDependencies omitted).');
    return;
  }
  const started = Date.now();
  const bundle = await buildGraphiqlBundle({ force: process.argv.includes('--force') });
  const what = bundle.built ? `built in ${((Date.now() - started) / 1000).toFixed(1)} s` : 'up to date';
  console.log(`GraphiQL bundle ${what}: ${bundle.dir}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
