import { GraphQLScalarType } from 'graphql';
import { GraphQLUUID } from 'graphql-scalars';

/**
 * graphql-scalars' UUID (same name, description and checks, so the schema does not change), handing resolvers the
 * id in its canonical lower-case form. PostgreSQL prints a uuid in lower case and the principal's ids from token
 * claims are lower-cased where tokens are read (src/auth/tokens.ts), so ids compare as strings everywhere (loader
 * keys, `customerId === principal.customerId`) once an argument is normalised here, at the edge, and nowhere else.
 */
export const UUIDScalar = new GraphQLScalarType<string, string>({
  ...GraphQLUUID.toConfig(),
  parseValue: (value) => GraphQLUUID.parseValue(value).toLowerCase(),
  parseLiteral: (node, variables) => GraphQLUUID.parseLiteral(node, variables).toLowerCase(),
});
