import * as graphqlMiddleware from 'graphql-middleware';
import { ENV } from './child';

/**
 * Imported first by the entries that run `startServer`. With BENCH_SHIELD=off it makes graphql-middleware's
 * `applyMiddleware` hand the schema back unchanged, so that `buildExecutableSchema` returns what
 * `buildBareSchema` built: the very same server code (express, Apollo plugins, context, loaders) without
 * graphql-shield. Done by swapping the cached CommonJS module rather than by copying `startServer`, so that
 * the variant cannot drift from the real server as that changes. The benchmark checks that it took effect
 * (an anonymous request is answered, not refused) before it measures anything.
 */
if (process.env[ENV.shield] === 'off') {
  const cached = require.cache[require.resolve('graphql-middleware')];
  if (!cached) throw new Error('graphql-middleware was not loaded through require(): cannot remove the shield');
  cached.exports = { ...graphqlMiddleware, applyMiddleware: <Schema>(schema: Schema): Schema => schema };
}
