import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../common/errors';
import { SERVICE_UNAVAILABLE_MESSAGE, unavailableReason } from '../db/unavailable';
import type { Logger } from '../logger';
import { asTokenLimitError } from './limits/operation-limits';

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

/** class-validator's errors carry the rejected value and the whole input object: keep only what failed. */
function withoutValues(failures: ValidationFailure[]): ValidationFailure[] {
  return failures.map(({ property, constraints, children }) => ({
    property,
    ...(constraints ? { constraints } : {}),
    ...(children?.length ? { children: withoutValues(children) } : {}),
  }));
}

/**
 * Apollo's `formatError`: errors the API raises on purpose pass through with their code; anything else
 * (a database error, a bug) is logged and answered as a bare INTERNAL_SERVER_ERROR, so that no SQL,
 * stack or stored value reaches the client.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const tokenLimit = code === 'GRAPHQL_PARSE_FAILED' ? asTokenLimitError(formatted.message) : null;
    if (tokenLimit) return { message: tokenLimit.message, extensions: { code: tokenLimit.extensions.code, limit: tokenLimit.extensions.limit } };
    // An outage is not a bug: one warn line without a stack, and the 503 class the service-unavailable plugin answers.
    const unexpected = code === ErrorCode.INTERNAL_SERVER_ERROR || code === undefined;
    const unavailable = code === ErrorCode.SERVICE_UNAVAILABLE ? 'reported' : unexpected ? unavailableReason(error) : null;
    if (unavailable !== null) {
      logger.warn({ reason: unavailable, path: formatted.path }, 'database unavailable; answered 503');
      return { message: SERVICE_UNAVAILABLE_MESSAGE, extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
    }
    if (code === ErrorCode.INTERNAL_SERVER_ERROR || code === undefined) {
      logger.error({ err: error, path: formatted.path }, 'unexpected error');
      return {
        message: 'Internal server error',
        path: formatted.path,
        locations: formatted.locations,
        extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
      };
    }
    // Refused values are rewritten before this, by the no-echo plugin (src/http/plugins/no-echo.ts).
    const validationErrors = formatted.extensions?.validationErrors as ValidationFailure[] | undefined;
    if (!validationErrors) return formatted;
    return { ...formatted, extensions: { ...formatted.extensions, validationErrors: withoutValues(validationErrors) } };
  };
}
