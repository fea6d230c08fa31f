import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isListType,
  Kind,
  visit,
  type ArgumentNode,
  type DocumentNode,
  type GraphQLField,
  type GraphQLSchema,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '../../common/pagination';

/**
 * A list with no paging argument (a customer's consents, the processors, the purposes) is costed as if it held
 * this many items: none of them is large by the policy's data model (five purposes, a handful of recipients).
 */
export const UNPAGED_LIST_SIZE = 10;

/** The paging arguments that size a page. */
const PAGE_SIZE_ARGUMENTS = ['first', 'last'];

/** How many items a paged field asks for: its `first` or `last`, or a connection's default page size; null when not paged. */
function pageSize(field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number | null {
  const sizes = PAGE_SIZE_ARGUMENTS.map((name) => args[name]).filter((size): size is number => typeof size === 'number');
  if (sizes.length > 0) return Math.max(...sizes);
  return getNamedType(field.type).name.endsWith('Connection') ? DEFAULT_PAGE_SIZE : null;
}

/** Each field costs 1; a paged field multiplies what it selects by its page size, an unpaged list by UNPAGED_LIST_SIZE. */
const listMultiplierEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const size = pageSize(field, args);
  if (size !== null) return 1 + size * childComplexity;
  // A connection's edges are the page its field's size already counted.
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

/**
 * The variables a document's cost depends on: those given to a `first` or `last` argument (the only arguments the
 * estimator reads) and to the `if` of @include / @skip (which decide what is selected at all).
 */
function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (argumentNodes: readonly ArgumentNode[] | undefined, argumentNames: readonly string[]) => {
    for (const argument of argumentNodes ?? []) {
      if (argumentNames.includes(argument.name.value) && argument.value.kind === Kind.VARIABLE) names.add(argument.value.name.value);
    }
  };
  visit(document, {
    Field: (node) => collect(node.arguments, PAGE_SIZE_ARGUMENTS),
    Directive: (node) => collect(node.arguments, ['if']),
  });
  return [...names].sort();
}

/** Costs kept per document, keyed by the values of its cost variables; a document's list stays this short. */
const COSTS_PER_DOCUMENT = 64;

/**
 * operationCost, remembered. The walk costs about 0.2 ms per request on the officer's page (CPU profile of the
 * bench's page query), a sixth of what the whole edge adds; a client asks the same few documents with the same page
 * sizes over and over, and only the variables read by the cost can change it, so the rest (cursors, filters) are
 * not part of the key. A cost of null (variables that do not coerce) is not kept: the next request may coerce.
 */
export class OperationCosts {
  private readonly byDocument = new WeakMap<DocumentNode, { variables: string[]; costs: Map<string, number> }>();

  constructor(private readonly schema: GraphQLSchema) {}

  of(document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number | null {
    let entry = this.byDocument.get(document);
    if (!entry) {
      entry = { variables: costVariables(document), costs: new Map() };
      this.byDocument.set(document, entry);
    }
    const key = JSON.stringify([operationName ?? null, ...entry.variables.map((name) => variables[name] ?? null)]);
    const known = entry.costs.get(key);
    if (known !== undefined) return known;
    const cost = operationCost(this.schema, document, operationName, variables);
    if (cost === null) return null;
    if (entry.costs.size >= COSTS_PER_DOCUMENT) entry.costs.delete(entry.costs.keys().next().value as string);
    entry.costs.set(key, cost);
    return cost;
  }
}
