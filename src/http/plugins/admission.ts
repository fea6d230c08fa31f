import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation, GraphQLRequestListener } from '@apollo/server';
import type { Context } from '../../context';

/** One check of a resolved operation, before execution: throws the refusal (a GraphQLError with its HTTP status). */
export type AdmissionCheck = (request: GraphQLRequestContextDidResolveOperation<Context>) => void | Promise<void>;

/**
 * Runs the admission checks in the order given, once the operation is parsed, validated and resolved, and before
 * anything executes; the first refusal is the answer. One plugin with one listener shared by every request: a
 * plugin per check would cost each request its own listener objects and promises (seen as GC and microtask time
 * in the CPU profile of the officer's page).
 */
export function admissionPlugin(checks: readonly AdmissionCheck[]): ApolloServerPlugin<Context> {
  const listener: GraphQLRequestListener<Context> = {
    async didResolveOperation(request) {
      for (const check of checks) await check(request);
    },
  };
  return { requestDidStart: async () => listener };
}
