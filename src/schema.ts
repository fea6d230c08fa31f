import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, lexicographicSortSchema, specifiedDirectives } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { buildSchema, type ContainerType } from 'type-graphql';
import { errorCodeType } from './common/errors';
import { ARGUMENT_VALIDATION } from './common/validators';
import { boundedInputs } from './http/inputs/bounded-inputs';
import { stopAbandonedWork } from './http/request-lifetime';
import { recordPersonalReads } from './modules/audit/record-personal-reads';
import { markPersonalFields, personalDirective } from './policy/personal';
import { guardedFieldMiddleware } from './policy/permissions';
import { RESOLVERS } from './resolvers';

/** Descriptions of the root types, which type-graphql builds without one; shown in GraphiQL's docs explorer. */
const ROOT_TYPE_DESCRIPTIONS = {
  query:
    'Reads. Anything not explicitly allowed is denied; a personal field resolves only for a principal the policy allows (policy §2), ' +
    'and each read of one by anyone but the customer themself is audited (policy §3).',
  mutation:
    "Changes: sign-up (staff token), the customer's own profile (policy §4) and consents (policy §2), " +
    'processors, their trust and tokens, disclosures (privacy officer, policy §2), and privacy requests (policy §5).',
} as const;

/**
 * The schema as built from the code, without the shield: what `schema.graphql` shows. Its resolvers come from
 * `container` (src/resolvers.ts); without one the schema can be printed and validated against, not executed.
 */
export async function buildBareSchema(container?: ContainerType): Promise<GraphQLSchema> {
  const built = await buildSchema({
    resolvers: [...RESOLVERS],
    // type-graphql's list replaces graphql-js's: without the specified ones, @skip, @include and @deprecated are gone.
    directives: [...specifiedDirectives, personalDirective],
    validate: ARGUMENT_VALIDATION,
    container,
  });
  // ErrorCode is returned by no field, so type-graphql leaves it out: added so that clients generated from the schema have it.
  const config = built.toConfig();
  const schema = new GraphQLSchema({ ...config, types: [...config.types, errorCodeType] });
  markPersonalFields(schema);
  // Descriptions only: the types, fields and resolvers are left as type-graphql built them.
  const queryType = schema.getQueryType();
  const mutationType = schema.getMutationType();
  if (queryType) queryType.description = ROOT_TYPE_DESCRIPTIONS.query;
  if (mutationType) mutationType.description = ROOT_TYPE_DESCRIPTIONS.mutation;
  return schema;
}

/** The executable schema: every field behind the shield. */
export async function buildExecutableSchema(container: ContainerType): Promise<GraphQLSchema> {
  return secureSchema(await buildBareSchema(container));
}

/**
 * Outermost, the bounds on every string argument (length, no control characters), before anything reads one;
 * the shield around every field that has a rule to check (deny for any field the permissions map does not
 * name), and inside it, on personal fields, the recording of each allowed read for the audit.
 */
export function secureSchema(schema: GraphQLSchema): GraphQLSchema {
  return applyMiddleware(schema, boundedInputs(schema), stopAbandonedWork(schema), guardedFieldMiddleware(schema), recordPersonalReads('Customer'));
}

/** The SDL committed as `schema.graphql`, sorted so that it changes only when the schema does. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchemaWithDirectives(lexicographicSortSchema(schema))}\n`;
}
