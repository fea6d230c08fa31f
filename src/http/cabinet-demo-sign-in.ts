import express, { type Request, type RequestHandler, type Router } from 'express';
import type { DataSource } from 'typeorm';
import { ErrorCode } from '../common/errors';
import { UUID_PATTERN } from '../common/patterns';
import { isDemoCustomer, listDemoCustomers } from './cabinet-demo-customers';
import { notFound, sendHttpError } from './http-errors';

/**
 * The personal cabinet's demo sign-in, for local use only (config: CABINET_DEMO_SIGN_IN, off and refused in
 * production), mounted at /cabinet/demo when on:
 *
 * - `GET /customers`: `{ "customers": [{ "id", "fullName", "locale" }] }`, a few demo customers
 *   (src/http/cabinet-demo-customers.ts);
 * - `POST /sign-in` with `{ "customerId": "<uuid>" }`: `{ "token": "<customer token>" }`, a token for that demo
 *   customer, signed as `npm run token -- --role customer` signs one, valid for DEMO_TOKEN_TTL.
 *
 * It hands out tokens without a password, so it answers only a browser or a client on this very machine: anything
 * else gets the 404 of a path that is not served, as does any id that is not a demo customer's.
 */

/** Long enough to try the cabinet, short enough that a token left in a browser soon stops working. */
export const DEMO_TOKEN_TTL = '1h';

export interface DemoSignInOptions {
  dataSource: DataSource;
  /** Signs a customer token (Services.signCustomerToken). */
  signCustomerToken(customerId: string, ttl: string): Promise<string>;
}

/** The only local addresses a connection comes from: IPv4's and IPv6's loopback, and IPv4's as an IPv6 socket sees it. */
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
/** The names a browser on this machine reaches the server by. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether the request comes from this machine, by its connection, not by anything Express's `trust proxy` derives.
 * A reverse proxy here connects from loopback too, so a forwarded request is not local; a Host other than a
 * loopback name is a page of another site whose name resolves here (DNS rebinding); an Origin other than the
 * Host's is another site's page.
 */
export function comesFromThisMachine(req: Request): boolean {
  if (!LOOPBACK_ADDRESSES.has(req.socket.remoteAddress ?? '')) return false;
  if (req.headers.forwarded !== undefined || req.headers['x-forwarded-for'] !== undefined) return false;
  const host = req.headers.host;
  if (host === undefined || !URL.canParse(`http://${host}`) || !LOOPBACK_HOSTS.has(new URL(`http://${host}`).hostname)) return false;
  const origin = req.headers.origin;
  return origin === undefined || origin === `http://${host}`;
}

const onlyFromThisMachine: RequestHandler = (req, res, next) => (comesFromThisMachine(req) ? next() : notFound(req, res, next));

export function cabinetDemoSignIn({ dataSource, signCustomerToken }: DemoSignInOptions): Router {
  const router = express.Router();
  router.use(onlyFromThisMachine, (_req, res, next) => {
    // Names and tokens: no browser or proxy may keep a copy.
    res.set('Cache-Control', 'no-store');
    next();
  });

  router.get('/customers', async (_req, res) => {
    res.json({ customers: await listDemoCustomers(dataSource) });
  });

  router.post('/sign-in', express.json({ limit: '1kb' }), async (req, res) => {
    const customerId: unknown = (req.body as { customerId?: unknown } | undefined)?.customerId;
    if (typeof customerId !== 'string' || !UUID_PATTERN.test(customerId)) {
      return sendHttpError(res, 400, ErrorCode.BAD_REQUEST, 'The body must be {"customerId": "<customer id>"}.');
    }
    const id = customerId.toLowerCase();
    if (!(await isDemoCustomer(dataSource, id))) return sendHttpError(res, 404, ErrorCode.NOT_FOUND, 'No demo customer has this id.');
    res.json({ token: await signCustomerToken(id, DEMO_TOKEN_TTL) });
  });

  return router;
}
