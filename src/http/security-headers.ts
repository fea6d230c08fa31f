import type { RequestHandler } from 'express';
import helmet from 'helmet';

/**
 * The headers of a JSON answer (OWASP's REST Security cheat sheet): nothing in it may run, be framed or be sniffed
 * as another type. helmet's defaults for HTML pages (Cross-Origin-Opener-Policy, Origin-Agent-Cluster, the
 * legacy X- headers, a page's full CSP) add about 640 bytes to every answer and protect no JSON: they stay off here.
 */
export const apiSecurityHeaders: RequestHandler = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
});

/** helmet's defaults, for the GraphiQL page (which replaces the CSP with its own, nonce and all). */
export const pageSecurityHeaders: RequestHandler = helmet();
