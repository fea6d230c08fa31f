import { registerEnumType } from 'type-graphql';

/** The kind of a trusted document's one operation, as stored (upper case) and shown. */
export enum OperationType {
  QUERY = 'QUERY',
  MUTATION = 'MUTATION',
  SUBSCRIPTION = 'SUBSCRIPTION',
}

registerEnumType(OperationType, {
  name: 'OperationType',
  description: "The kind of a GraphQL operation: a trusted document's one operation is a query, a mutation or a subscription.",
});
