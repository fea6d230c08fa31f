import { GraphQLError, type GraphQLFormattedError } from 'graphql';
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

const VARIABLE_COERCION = /^Variable "(\$[^"]+)" got invalid value [\s\S]*? at "([^"]+)";/;
const EXPECTED_TYPE = /Expected type "([^"]+)"/;

/**
 * graphql-js names the rejected value in a variable's error ("got invalid value "x@"..."), and so do the
 * scalars; that value may be personal data. Keep where it failed and what was expected, drop the value.
 */
function withoutRejectedValue(message: string): string {
  if (!message.startsWith('Variable "')) return message;
  const match = VARIABLE_COERCION.exec(message);
  if (match) {
    const expected = EXPECTED_TYPE.exec(message)?.[1];
    return `Variable "${match[1]}" has an invalid value at "${match[2]}"${expected ? `: expected ${expected}` : ''}.`;
  }
  const variable = /^Variable "(\$[^"]+)"/.exec(message)?.[1] ?? '';
  return message.includes('got invalid value') ? `Variable "${variable}" has an invalid value.` : message;
}

function refusedInput(error: unknown): boolean {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  return original instanceof GraphQLError && original.extensions.code === ErrorCode.BAD_USER_INPUT;
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
    // A scalar refusing an inline literal makes the document invalid, and Apollo relabels the scalar's error
    // GRAPHQL_VALIDATION_FAILED; it is the same refusal as for a variable, so it keeps the same code.
    if (code === 'GRAPHQL_VALIDATION_FAILED' && refusedInput(error)) return { ...formatted, extensions: { code: ErrorCode.BAD_USER_INPUT } };
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
    const validationErrors = formatted.extensions?.validationErrors as ValidationFailure[] | undefined;
    const message = withoutRejectedValue(formatted.message);
    if (!validationErrors) return { ...formatted, message };
    return { ...formatted, message, extensions: { ...formatted.extensions, validationErrors: withoutValues(validationErrors) } };
  };
}
