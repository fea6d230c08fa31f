import { getNullableType, GraphQLError, isListType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/**
 * A list with no paging argument (a customer's consents, the processors, the purposes) is costed as if it held
 * this many items: none of them is large by the policy's data model (five purposes, a handful of recipients).
 */
export const UNPAGED_LIST_SIZE = 10;

/** Each field costs 1; a paged field multiplies what it selects by its `first`, an unpaged list by UNPAGED_LIST_SIZE. */
const listMultiplierEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (typeof args.first === 'number') return 1 + args.first * childComplexity;
  // A connection's edges are the page its field's `first` already counted.
  if (type.name.endsWith('Connection') && field.name === 'edges') return 1 + childComplexity;
  if (isListType(getNullableType(field.type))) return 1 + UNPAGED_LIST_SIZE * childComplexity;
  return 1 + childComplexity;
};

/**
 * Bounds the analysis itself: a document of nested fragments is walked once per use of each fragment, so a short
 * document can name millions of nodes; graphql-query-complexity stops with an error past this many.
 */
const MAX_ANALYSED_NODES = 10_000;

const TOO_MANY_NODES = 'Query exceeds the maximum allowed number of nodes.';

/**
 * The operation's cost with its variables: how many field resolutions it may ask for, lists multiplied. Infinity
 * when the document names more nodes than are analysed; null when the variables do not coerce (execution then
 * refuses them, before any resolver, with its own BAD_USER_INPUT).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): number | null {
  try {
    return getComplexity({
      schema,
      query: document,
      operationName,
      variables,
      estimators: [listMultiplierEstimator],
      maxQueryNodes: MAX_ANALYSED_NODES,
    });
  } catch (error) {
    if (error instanceof GraphQLError && error.message === TOO_MANY_NODES) return Infinity;
    if (error instanceof GraphQLError) return null;
    throw error;
  }
}
