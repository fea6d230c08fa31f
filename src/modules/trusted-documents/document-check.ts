import { GraphQLError, Kind, parse, validate, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { apiError, ErrorCode } from '../../common/errors';
import { OperationType } from './trusted-document.enums';

export interface CheckedOperation {
  operationName: string | null;
  operationType: OperationType;
}

const OPERATION_TYPES: Record<OperationDefinitionNode['operation'], OperationType> = {
  query: OperationType.QUERY,
  mutation: OperationType.MUTATION,
  subscription: OperationType.SUBSCRIPTION,
};

/** " at line L, column C" of an error's first location, or nothing. */
function where(error: GraphQLError): string {
  const [location] = error.locations ?? [];
  return location ? ` at line ${location.line}, column ${location.column}` : '';
}

/**
 * The one operation of a document the privacy officer registers as trusted: it must parse, hold exactly one
 * operation and validate against the schema requests are executed against. Refusals say where, never what:
 * graphql-js's own messages quote the document (its literals may be personal data).
 */
export function checkTrustedDocument(schema: GraphQLSchema, document: string): CheckedOperation {
  const parsed = parseOrRefuse(document);
  const operations = parsed.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) {
    throw apiError(ErrorCode.BAD_USER_INPUT, `A trusted document holds exactly one operation; this one holds ${operations.length}.`);
  }
  const errors = validate(schema, parsed);
  if (errors.length > 0) {
    throw apiError(
      ErrorCode.BAD_USER_INPUT,
      `The document does not validate against the schema: ${errors.length} error(s), the first${where(errors[0])}.`,
    );
  }
  const [operation] = operations;
  return { operationName: operation.name?.value ?? null, operationType: OPERATION_TYPES[operation.operation] };
}

function parseOrRefuse(document: string): DocumentNode {
  try {
    return parse(document);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    throw apiError(ErrorCode.BAD_USER_INPUT, `The document is not valid GraphQL: a syntax error${where(error)}.`);
  }
}
