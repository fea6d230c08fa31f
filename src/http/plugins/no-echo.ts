import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { RequestRefusals } from '../no-echo/request-refusals';
import { sentStringsRemover } from '../no-echo/sent-strings';

/**
 * graphql-js and the scalars quote what they refuse (`Value is not a valid UUID: …`, `Expected value of type "Int",
 * found "…"`, `Syntax Error: Unexpected String "…"`), and that value may be personal data in a log or on a shared
 * screen. Every refusal of a value is answered from a fixed template naming only where the value was (the variable's
 * or the argument's path) and what the schema expects there, worked out from the document, the schema and graphql-js's
 * own coercion, never by looking for the value in the message: so a value too short to search for, or upper-cased or
 * trimmed on its way, cannot slip through (src/http/no-echo/). Any other error (a resolver's) still has every string
 * the request carried cut out of its message, as a second line.
 */
export function noEchoPlugin(maxTokens: number): ApolloServerPlugin {
  const listener: GraphQLRequestListener<object> = {
    async didEncounterErrors({ request, errors, document, schema }) {
      const refusals = new RequestRefusals(schema, request, document, maxTokens);
      let removeSent: ((text: string) => string) | undefined;
      for (const error of errors) {
        if (refusals.rewrite(error)) continue;
        removeSent ??= sentStringsRemover(request.query, request.variables, maxTokens);
        error.message = removeSent(error.message);
      }
    },
  };
  return { requestDidStart: async () => listener };
}
