import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, Kind, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { ErrorCode } from '../../common/errors';
import type { AdmissionCheck } from '../plugins/admission';
import { OperationCosts } from './query-cost';

/** What one GraphQL document may ask for; every limit is checked before any resolver runs. */
export interface OperationLimits {
  /** Lexical tokens in the document, counted by graphql-js's parser while it parses (it stops at the limit). */
  maxTokens: number;
  /** Operations in one document (a client sends one and names it; GraphiQL sends its whole editor). */
  maxOperations: number;
  /** Nesting of fields, fragments flattened; introspection is bounded by its cost instead. */
  maxDepth: number;
  /** Aliases in the operation, fragments included. */
  maxAliases: number;
  /** Directives in the operation, fragments included. */
  maxDirectives: number;
  /** Field resolutions the operation may ask for, a paged field's selection multiplied by its `first`. */
  maxCost: number;
}

/**
 * Every operation in operations/ passes, and so does the largest legitimate page: customers(first: 100) with every
 * field of the customer and of its consents, their purposes, recipients and history, which costs 86,201 with the
 * list sizes of query-cost.ts and is 7 deep; GraphiQL's introspection costs about 40,000 (test/operation-limits.test.ts).
 */
export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  maxTokens: 2_000,
  maxOperations: 10,
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 20,
  maxCost: 100_000,
};

export type OperationLimitName = 'tokens' | 'operations' | 'depth' | 'aliases' | 'directives' | 'cost';

/** A document over a limit: 400 OPERATION_LIMIT_EXCEEDED, naming the limit, before execution. */
export function operationLimitError(limit: OperationLimitName, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.OPERATION_LIMIT_EXCEEDED, limit, http: { status: 400 } },
  });
}

/** Armor's rules (and this one) throw a GraphQLError at the first operation over their limit. */
function maxOperationsRule(maxOperations: number): ValidationRule {
  return () => ({
    Document(node) {
      const operations = node.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION).length;
      if (operations > maxOperations) {
        throw new GraphQLError(`Operations limit of ${maxOperations} exceeded, found ${operations}.`);
      }
    },
  });
}

/** The shape limits, which depend on the document only: each document is checked once (Apollo caches it parsed). */
function shapeChecker(schema: GraphQLSchema, limits: OperationLimits): (document: DocumentNode) => GraphQLError | null {
  const rules: Array<[OperationLimitName, ValidationRule]> = [
    ['operations', maxOperationsRule(limits.maxOperations)],
    ['depth', maxDepthRule({ n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true })],
    ['aliases', maxAliasesRule({ n: limits.maxAliases })],
    ['directives', maxDirectivesRule({ n: limits.maxDirectives })],
  ];
  const checked = new WeakMap<DocumentNode, GraphQLError | null>();
  return (document) => {
    const known = checked.get(document);
    if (known !== undefined) return known;
    let refusal: GraphQLError | null = null;
    for (const [limit, rule] of rules) {
      try {
        validate(schema, document, [rule]);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        // Armor prefixes "Syntax Error: ", though nothing is wrong with the syntax.
        refusal = operationLimitError(limit, error.message.replace(/^Syntax Error: /, ''));
        break;
      }
    }
    checked.set(document, refusal);
    return refusal;
  };
}

/**
 * The limits other than tokens (which the parser enforces, see `parseOptions`) for one operation with its variables:
 * the refusal, or null. Cost depends on the variables (`first: $n`), so it is computed for every request.
 */
export function operationLimitChecker(schema: GraphQLSchema, limits: OperationLimits) {
  const shapeRefusal = shapeChecker(schema, limits);
  const costs = new OperationCosts(schema);
  return (document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): GraphQLError | null => {
    const refusal = shapeRefusal(document);
    if (refusal) return refusal;
    const cost = costs.of(document, operationName, variables);
    if (cost === Infinity) return operationLimitError('cost', 'The operation selects too many fields to be costed.');
    if (cost !== null && cost > limits.maxCost) return operationLimitError('cost', `Cost limit of ${limits.maxCost} exceeded, found ${cost}.`);
    return null;
  };
}

/** Refuses, before execution, an operation over any of the limits. */
export function operationLimits(schema: GraphQLSchema, limits: OperationLimits): AdmissionCheck {
  const refusalOf = operationLimitChecker(schema, limits);
  return ({ document, operationName, request }) => {
    const refusal = refusalOf(document, operationName ?? undefined, request.variables ?? {});
    if (refusal) throw refusal;
  };
}

/** graphql-js's own message when it stops parsing at `maxTokens` (16 spells it "more that"). */
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more tha[nt] (\d+) tokens\. Parsing aborted\.$/;

/** The parser's refusal as an operation limit (Apollo answers it as a syntax error, GRAPHQL_PARSE_FAILED). */
export function asTokenLimitError(message: string): GraphQLError | null {
  const match = TOKEN_LIMIT_MESSAGE.exec(message);
  return match ? operationLimitError('tokens', `Tokens limit of ${match[1]} exceeded.`) : null;
}
