import { randomBytes } from 'node:crypto';
import type { Logger } from '../logger';
import { escapeHtml } from './html';
import { ENTRY_SCRIPT, ENTRY_STYLESHEET } from './web-bundles';
import { webPageRoutes, type WebPageRoutes } from './web-page-routes';

/**
 * GET /graphiql: GraphiQL for analysts and the other roles (see web/graphiql/). The page and every file it loads
 * come from this server (src/http/web-page-routes.ts). The Content-Security-Policy allows this origin only (and,
 * for styles, what Monaco needs: see below).
 */

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

export function graphiqlRoutes({ logger, graphqlPath = '/graphql' }: { logger: Logger; graphqlPath?: string }): WebPageRoutes {
  return webPageRoutes({
    page: 'graphiql',
    logger,
    render: (_req, assets) => {
      const styleNonce = randomBytes(16).toString('base64');
      return { html: page(assets, graphqlPath, styleNonce), contentSecurityPolicy: contentSecurityPolicy(styleNonce) };
    },
  });
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
