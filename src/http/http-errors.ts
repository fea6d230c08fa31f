import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import { ErrorCode } from '../common/errors';
import type { Logger } from '../logger';

/**
 * Every refusal at the HTTP layer in the shape of a GraphQL error response, so that a client reads one shape
 * whatever refused it: `{ "errors": [{ "message", "extensions": { "code" } }] }`.
 */
export function sendHttpError(res: Response, status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}): void {
  res
    .status(status)
    .set(headers)
    .json({ errors: [{ message, extensions: { code } }] });
}

/**
 * body-parser's refusals by their `type`. The messages are fixed: body-parser's own quote the body (a JSON syntax
 * error names the text around it), and the body may be personal data.
 */
const BODY_REFUSALS: Record<string, { code: ErrorCode; message: string }> = {
  'entity.parse.failed': { code: ErrorCode.BAD_REQUEST, message: 'The request body is not valid JSON.' },
  'entity.too.large': { code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'The request body is larger than this API accepts.' },
  'charset.unsupported': { code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, message: 'The request body must be UTF-8.' },
  'encoding.unsupported': {
    code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    message: 'The request body must not use a content encoding (gzip, deflate, br).',
  },
  'request.size.invalid': { code: ErrorCode.BAD_REQUEST, message: 'The request body does not match its Content-Length.' },
};

interface HttpLayerError {
  status?: number;
  statusCode?: number;
  type?: string;
}

/** The last handler: what Express would answer as an HTML page with a stack, answered as JSON without one. */
export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: HttpLayerError, req, res, _next) => {
    // The client left while its body was read: there is no one to answer.
    if (error.type === 'request.aborted' || res.headersSent) {
      if (!res.writableEnded) res.end();
      return;
    }
    const status = error.status ?? error.statusCode ?? 500;
    const known = error.type ? BODY_REFUSALS[error.type] : undefined;
    if (known) return sendHttpError(res, status, known.code, known.message);
    if (status >= 400 && status < 500) return sendHttpError(res, status, ErrorCode.BAD_REQUEST, 'The request could not be read.');
    logger.error({ err: error, path: req.path }, 'unexpected error at the HTTP layer');
    sendHttpError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
  };
}

/** Unknown paths and methods. */
export const notFound: RequestHandler = (_req, res) => {
  sendHttpError(res, 404, ErrorCode.NOT_FOUND, 'Nothing is served at this path.');
};
