import express, { type Request, type Response, type Router } from 'express';
import { RUNS_COMPILED } from '../common/package-root';
import type { Logger } from '../logger';
import { findBuiltBundle, findBundle, WEB_PAGE_TITLES, type WebBundle, type WebPageName } from './web-bundles';

/**
 * The routes of one web page the server serves from its own bundle (/graphiql, /cabinet): `GET /` answers the page,
 * `/assets/<hash>/...` the bundle's files, and both answer 503 while there is no bundle. The bundle is the one of
 * dist/<page>/<hash>/, built by `npm install` and `npm run build` or, when missing or stale, here in the background
 * at start (the page waits for it); the compiled server (`npm run start:prod`) serves the one the build left and
 * builds none.
 */
export interface WebPageRoutes {
  router: Router;
  /** Waits for a build started at start-up, so a stopped server leaves no esbuild process behind. */
  close(): Promise<void>;
}

/** A page's answer: its HTML and the Content-Security-Policy that goes with it. */
export interface RenderedPage {
  html: string;
  contentSecurityPolicy: string;
}

export interface WebPageOptions {
  page: WebPageName;
  logger: Logger;
  /** The page, given the request and the URL prefix of its bundle's files (`<mount>/assets/<hash>/`). */
  render(req: Request, assets: string): RenderedPage;
}

export function webPageRoutes({ page, logger, render }: WebPageOptions): WebPageRoutes {
  const title = WEB_PAGE_TITLES[page];
  const bundle = RUNS_COMPILED ? Promise.resolve(builtBundle(page, title, logger)) : locateOrBuild(page, title, logger);
  const router = express.Router();
  const unavailable = (res: Response) =>
    void res.status(503).type('text').send(`${title} is not built: run \`npm run build\` (or \`npm run build:web\`) and restart the server.\n`);

  router.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    next();
  });

  router.get('/', async (req, res) => {
    const ready = await bundle;
    if (!ready) return unavailable(res);
    const { html, contentSecurityPolicy } = render(req, `${req.baseUrl}/assets/${ready.hash}/`);
    res.set({ 'Content-Security-Policy': contentSecurityPolicy, 'Cache-Control': 'no-store' }).type('html').send(html);
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

function builtBundle(page: WebPageName, title: string, logger: Logger): WebBundle | null {
  const built = findBuiltBundle(page);
  if (!built) logger.warn(`${title}: dist/${page} holds no bundle (npm run build makes it); /${page} answers 503`);
  return built;
}

/**
 * The development server's bundle: the one for the current sources, built now when missing or stale. The bundler is
 * build tooling (scripts/web-bundles/), loaded only here, never by the compiled server.
 */
async function locateOrBuild(page: WebPageName, title: string, logger: Logger): Promise<WebBundle | null> {
  let bundler: typeof import('../../scripts/web-bundles/bundle');
  try {
    // require, not import(): this package is CommonJS, and the bundler must stay unloaded until a build is due.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    bundler = require('../../scripts/web-bundles/bundle') as typeof bundler;
    const existing = findBundle(page, bundler.bundleInputsHash(page));
    if (existing) return existing;
  } catch (error) {
    logger.warn({ err: error }, `${title}: cannot read the sources of its bundle; /${page} answers 503`);
    return null;
  }
  logger.info(`${title}: building its bundle (npm install builds it ahead)`);
  try {
    const built = await bundler.buildWebBundle(page);
    logger.info({ dir: built.dir }, `${title}: bundle ready`);
    return built;
  } catch (error) {
    logger.warn({ err: error }, `${title}: the bundle could not be built (npm run build:web); /${page} answers 503`);
    return null;
  }
}
