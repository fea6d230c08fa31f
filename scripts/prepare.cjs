// npm's `prepare` hook, run by `npm install` and `npm ci`: builds the GraphiQL bundle (scripts/build-graphiql.ts).
// Plain JavaScript because a production install (`npm ci --omit=dev`) runs it too and has neither tsx nor the
// front-end packages: it then skips the bundle, which `npm run build` made beforehand.
try {
  require.resolve('tsx/cjs');
} catch {
  console.log('GraphiQL bundle skipped: the devDependencies are not installed (`npm run build` makes it).');
  process.exit(0);
}
require('tsx/cjs');
require('./build-graphiql.ts');
