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
    if (!validationErrors) return formatted;
    return { ...formatted, extensions: { ...formatted.extensions, validationErrors: withoutValues(validationErrors) } };
  };
}
