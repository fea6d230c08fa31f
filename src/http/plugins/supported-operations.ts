import type { GraphQLSchema } from 'graphql';
import { apiError, ErrorCode } from '../../common/errors';
import type { AdmissionCheck } from './admission';

/**
 * The schema has no subscription type: graphql-js validates `subscription { __typename }` and only execution
 * finds nothing to run, which Apollo answers as an internal error. Refused here as the client's mistake.
 */
export function supportedOperations(schema: GraphQLSchema): AdmissionCheck {
  const supported = new Set(['query', 'mutation', ...(schema.getSubscriptionType() ? ['subscription'] : [])]);
  return ({ operation }) => {
    if (operation && !supported.has(operation.operation)) {
      throw apiError(ErrorCode.OPERATION_NOT_SUPPORTED, `This API has no ${operation.operation} operations.`, {
        http: { status: 400 },
      });
    }
  };
}
