import type { Logger } from '../logger';
import { escapeHtml } from './html';
import { ENTRY_SCRIPT, ENTRY_STYLESHEET } from './web-bundles';
import { webPageRoutes, type WebPageRoutes } from './web-page-routes';

/**
 * GET /cabinet: the personal cabinet, the customer's own web app (web/cabinet/), served from this server's bundle
 * like GraphiQL (src/http/web-page-routes.ts). The app finds the API, and the demo sign-in when it is on, in the
 * page's meta tags.
 */

/** The path of the demo sign-in's endpoints below the page (src/http/cabinet-demo-sign-in.ts). */
export const DEMO_SIGN_IN_PATH = '/demo';

/**
 * This origin only, for everything, and nothing inline: the app is one script and one stylesheet of the bundle and
 * sets no style attribute, so, unlike GraphiQL's, this policy has no exception and needs no nonce.
 */
export const CABINET_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface CabinetOptions {
  logger: Logger;
  graphqlPath?: string;
  /** Whether the demo sign-in is mounted below the page; the page names it only then. */
  demoSignIn: boolean;
}

/**
 * The tab's icon, here rather than in the bundle so that its URL stays put. Without one a browser asks for
 * /favicon.ico, and the 404 is an error in the page's console.
 */
const ICON_PATH = '/icon.svg';
const ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#1d4f91"/><path d="M9 25 16 7l7 18h-4l-1.4-4h-3.2L13 25zm5.6-7.5h2.8L16 13.4z" fill="#fff"/></svg>`;

export function cabinetRoutes({ logger, graphqlPath = '/graphql', demoSignIn }: CabinetOptions): WebPageRoutes {
  const routes = webPageRoutes({
    page: 'cabinet',
    logger,
    render: (req, assets) => ({
      html: page(assets, `${req.baseUrl}${ICON_PATH}`, graphqlPath, demoSignIn ? `${req.baseUrl}${DEMO_SIGN_IN_PATH}` : null),
      contentSecurityPolicy: CABINET_CONTENT_SECURITY_POLICY,
    }),
  });
  routes.router.get(ICON_PATH, (_req, res) => {
    res.set('Cache-Control', 'public, max-age=86400').type('image/svg+xml').send(ICON);
  });
  return routes;
}

/** In Azerbaijani, the language the app starts in; the app sets `lang` to the language it shows. */
function page(assets: string, icon: string, graphqlPath: string, demoSignIn: string | null): string {
  const demoMeta = demoSignIn === null ? '' : `<meta name="privacy-hub-demo-sign-in" content="${escapeHtml(demoSignIn)}">\n`;
  return `<!doctype html>
<html lang="az">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Allprint — şəxsi kabinet</title>
<link rel="icon" type="image/svg+xml" href="${escapeHtml(icon)}">
<meta name="privacy-hub-graphql" content="${escapeHtml(graphqlPath)}">
${demoMeta}<link rel="stylesheet" href="${escapeHtml(assets + ENTRY_STYLESHEET)}">
<script defer src="${escapeHtml(assets + ENTRY_SCRIPT)}"></script>
</head>
<body>
<div id="root"><noscript>Şəxsi kabinet JavaScript tələb edir. The personal cabinet needs JavaScript.</noscript></div>
</body>
</html>
`;
}
