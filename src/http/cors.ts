import cors from 'cors';
import type { RequestHandler } from 'express';
import { REQUEST_ID_HEADER } from '../observability/request-id';
import { PURPOSE_HEADER } from '../policy/request-purpose';

/** Rate-limited and overloaded answers (429, 503) say when to come back; a browser app reads that only if exposed. */
const RETRY_AFTER_HEADER = 'Retry-After';

/** How long a browser may reuse a preflight's answer, in seconds. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

const noCors: RequestHandler = (_req, _res, next) => next();

/**
 * Lets browser apps on the listed origins (exact `scheme://host[:port]`, no patterns) call /graphql. Tokens travel in
 * `Authorization`, never in cookies: no credentials are allowed, so another site's page cannot ride on a session.
 * With no origin listed (the default) it adds nothing, and browsers refuse every cross-origin call.
 * Answers vary by `Origin` (`cors` says so) and a preflight is answered here, before rate limits and body parsing.
 */
export function corsFor(allowedOrigins: readonly string[]): RequestHandler {
  if (allowedOrigins.length === 0) return noCors;
  return cors({
    // An array is compared origin by origin with ===: no prefix or suffix match, and "null" only if listed.
    origin: [...allowedOrigins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', PURPOSE_HEADER, REQUEST_ID_HEADER],
    exposedHeaders: [REQUEST_ID_HEADER, RETRY_AFTER_HEADER],
    credentials: false,
    maxAge: PREFLIGHT_MAX_AGE_SECONDS,
    optionsSuccessStatus: 204,
  });
}
