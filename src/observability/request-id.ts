import { randomUUID } from 'node:crypto';
import { UUID_PATTERN } from '../common/patterns';
import type { RequestHandler, Response } from 'express';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * An incoming id is kept only when it is a UUID: the request id is also the `request_id` (a uuid column) of the
 * request's audit rows, and a caller's arbitrary text has no place there or in the logs. Anything else (absent,
 * two headers, another format) gets a fresh id.
 */

export function requestIdFrom(header: string | undefined): string {
  return header !== undefined && UUID_PATTERN.test(header) ? header.toLowerCase() : randomUUID();
}

const REQUEST_ID = Symbol('request id');

/** Gives every request its id and returns it in `X-Request-Id`, whatever answers the request afterwards. */
export const requestIds: RequestHandler = (req, res, next) => {
  const id = requestIdFrom(req.header(REQUEST_ID_HEADER));
  (res.locals as Record<symbol, string>)[REQUEST_ID] = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  next();
};

export function requestIdOf(res: Response): string {
  const id = (res.locals as Record<symbol, string | undefined>)[REQUEST_ID];
  if (id === undefined) throw new Error('requestIds must run before anything that reads the request id');
  return id;
}
