import { randomBytes } from 'node:crypto';
import express, { type Response, type Router } from 'express';
import { RUNS_COMPILED } from '../common/package-root';
import type { Logger } from '../logger';
import { ENTRY_SCRIPT, ENTRY_STYLESHEET, findBuiltBundle, findBundle, type GraphiqlBundle } from './graphiql-bundles';

/**
 * GET /graphiql: GraphiQL for analysts and the other roles (see web/graphiql/). The page and every file it loads
 * come from this server: the bundle of dist/graphiql/<hash>/, built by `npm install` and `npm run build` or, when
 * missing or stale, here in the background at start (the page waits for it); the compiled server (`npm run
 * start:prod`) serves the one the build left and builds none. The Content-Security-Policy allows this origin only
 * (and, for styles, what Monaco needs: see below).
 */
export interface GraphiqlRoutes {
  router: Router;
  /** Waits for a build started at start-up, so a stopped server leaves no esbuild process behind. */
  close(): Promise<void>;
}

/**
 * This origin only: no other host, no data: or blob: URL, no inline script. Styles are the one exception GraphiQL's
 * editor forces: Monaco draws every line as markup with a `style` attribute (top, height), so style attributes are
 * allowed (`style-src-attr 'unsafe-inline'`, they load nothing: images and fonts are 'self' only); its <style>
 * elements, created at run time, must carry this response's nonce, which the page gives them
 * (web/graphiql/csp-styles.ts), so a <style> element injected into the page is still refused.
 */
function contentSecurityPolicy(styleNonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    `style-src-elem 'self' 'nonce-${styleNonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export function graphiqlRoutes({ logger, graphqlPath = '/graphql' }: { logger: Logger; graphqlPath?: string }): GraphiqlRoutes {
  const bundle = RUNS_COMPILED ? Promise.resolve(builtBundle(logger)) : locateOrBuild(logger);
  const router = express.Router();

  router.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    next();
  });

  router.get('/', async (req, res) => {
    const ready = await bundle;
    if (!ready) return unavailable(res);
    const assets = `${req.baseUrl}/assets/${ready.hash}/`;
    const styleNonce = randomBytes(16).toString('base64');
    res
      .set({ 'Content-Security-Policy': contentSecurityPolicy(styleNonce), 'Cache-Control': 'no-store' })
      .type('html')
      .send(page(assets, graphqlPath, styleNonce));
  });

  // The bundle's files, under its hash: a new build gets new URLs, so they may be kept for good.
  let serveFiles: express.Handler | null = null;
  router.use('/assets/:hash', async (req, res, next) => {
    const ready = await bundle;
    if (!ready) return unavailable(res);
    if (req.params.hash !== ready.hash) return void res.status(404).type('text').send('Not found');
    serveFiles ??= express.static(ready.dir, { index: false, immutable: true, maxAge: '365d' });
    // Not there (or a path outside the folder): 404 here, not the default handler's logged stack trace.
    serveFiles(req, res, (error?: unknown) => (error ? next(error) : void res.status(404).type('text').send('Not found')));
  });

  return { router, close: async () => void (await bundle) };
}

function builtBundle(logger: Logger): GraphiqlBundle | null {
  const built = findBuiltBundle();
  if (!built) logger.warn('GraphiQL: dist/graphiql holds no bundle (npm run build makes it); /graphiql answers 503');
  return built;
}

/**
 * The development server's bundle: the one for the current sources, built now when missing or stale. The bundler is
 * build tooling (scripts/graphiql/), loaded only here, never by the compiled server.
 */
async function locateOrBuild(logger: Logger): Promise<GraphiqlBundle | null> {
  let bundler: typeof import('../../scripts/graphiql/bundle');
  try {
    // require, not import(): this package is CommonJS, and the bundler must stay unloaded until a build is due.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    bundler = require('../../scripts/graphiql/bundle') as typeof bundler;
    const existing = findBundle(bundler.bundleInputsHash());
    if (existing) return existing;
  } catch (error) {
    logger.warn({ err: error }, 'GraphiQL: cannot read the sources of its bundle; /graphiql answers 503');
    return null;
  }
  logger.info('GraphiQL: building its bundle (npm install builds it ahead)');
  try {
    const built = await bundler.buildGraphiqlBundle();
    logger.info({ dir: built.dir }, 'GraphiQL: bundle ready');
    return built;
  } catch (error) {
    logger.warn({ err: error }, 'GraphiQL: the bundle could not be built (npm run build:graphiql); /graphiql answers 503');
    return null;
  }
}

function unavailable(res: Response): void {
  res.status(503).type('text').send('GraphiQL is not built: run `npm run build` (or `npm run build:graphiql`) and restart the server.\n');
}

function page(assets: string, graphqlPath: string, styleNonce: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>privacy-hub · GraphiQL</title>
<meta name="privacy-hub-graphql" content="${escapeHtml(graphqlPath)}">
<meta name="privacy-hub-assets" content="${escapeHtml(assets)}">
<meta name="privacy-hub-style-nonce" content="${escapeHtml(styleNonce)}">
<link rel="stylesheet" href="${escapeHtml(assets + ENTRY_STYLESHEET)}">
<script defer src="${escapeHtml(assets + ENTRY_SCRIPT)}"></script>
</head>
<body>
<div id="root"><noscript>GraphiQL needs JavaScript.</noscript></div>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
