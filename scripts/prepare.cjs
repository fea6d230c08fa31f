// npm's `prepare` hook, run by `npm install` and `npm ci`: builds the web pages' bundles (scripts/build-web.ts).
// Plain JavaScript because a production install (`npm ci --omit=dev`) runs it too and has neither tsx nor the
// front-end packages: it then skips the bundles, which `npm run build` made beforehand.
try {
  require.resolve('tsx/cjs');
} catch {
  console.log('Web page bundles skipped: the devDependencies are not installed (`npm run build` makes them).');
  process.exit(0);
}
require('tsx/cjs');
require('./build-web.ts');
