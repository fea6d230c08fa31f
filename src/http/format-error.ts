import type { GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../common/errors';
import type { Logger } from '../logger';

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

/**
 * Apollo's `formatError`: errors the API raises on purpose pass through with their code; anything else
 * (a database error, a bug) is logged and answered as a bare INTERNAL_SERVER_ERROR, so that no SQL,
 * stack or stored value reaches the client.
 */
export function createErrorFormatter(logger: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
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
