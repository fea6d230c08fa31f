import type { ApolloServerPlugin } from '@apollo/server';
import { NoSchemaIntrospectionCustomRule, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Principal } from '../../auth/principal';
import { apiError, ErrorCode } from '../../common/errors';
import type { Context } from '../../context';

/**
 * Who may learn the schema from the server: the people who build against it and work in GraphiQL. A partner's
 * system, a customer's browser and an anonymous caller get the operations they were given, not a map of the rest
 * (frontends generate their types from the committed schema.graphql at build time).
 */
const MAY_EXPLORE_SCHEMA: ReadonlySet<Principal['role']> = new Set(['staff', 'analyst', 'privacy_officer']);

export function mayExploreSchema(principal: Principal): boolean {
  return MAY_EXPLORE_SCHEMA.has(principal.role);
}

/** graphql-js's suggestions ("Did you mean "email"?"), in validation and in variable coercion errors alike. */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/**
 * Introspection (`__schema`, `__type`; `__typename` stays) and "Did you mean" suggestions only for principals that
 * may explore the schema. Apollo's `introspection` switch is one for all callers, so the check is here, after the
 * principal is known, with graphql-js's own NoSchemaIntrospectionCustomRule.
 */
export function schemaDisclosurePlugin(schema: GraphQLSchema): ApolloServerPlugin<Context> {
  // Apollo hands the same parsed document for the same query text, so each document is walked once.
  const introspects = new WeakMap<DocumentNode, boolean>();
  const isIntrospection = (document: DocumentNode) => {
    let known = introspects.get(document);
    if (known === undefined) {
      known = validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0;
      introspects.set(document, known);
    }
    return known;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document }) {
          if (mayExploreSchema(contextValue.principal)) return;
          if (isIntrospection(document)) {
            throw apiError(ErrorCode.INTROSPECTION_DISABLED, 'Introspection is not available to this principal.', {
              http: { status: 403 },
            });
          }
        },
        async didEncounterErrors({ contextValue, errors }) {
          if (mayExploreSchema(contextValue.principal)) return;
          for (const error of errors) error.message = error.message.replace(SUGGESTION, '');
        },
      };
    },
  };
}
