import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { NoSchemaIntrospectionCustomRule, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { Principal } from '../../auth/principal';
import { apiError, ErrorCode } from '../../common/errors';
import type { Context } from '../../context';
import type { AdmissionCheck } from './admission';

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
 * Introspection (`__schema`, `__type`; `__typename` stays) only for principals that may explore the schema. Apollo's
 * `introspection` switch is one for all callers, so the check is here, after the principal is known, with graphql-js's
 * own NoSchemaIntrospectionCustomRule; Apollo hands the same parsed document for the same text, so each is walked once.
 */
export function introspectionByPrincipal(schema: GraphQLSchema): AdmissionCheck {
  const introspects = new WeakMap<DocumentNode, boolean>();
  const isIntrospection = (document: DocumentNode) => {
    let known = introspects.get(document);
    if (known === undefined) {
      known = validate(schema, document, [NoSchemaIntrospectionCustomRule]).length > 0;
      introspects.set(document, known);
    }
    return known;
  };
  return ({ contextValue, document }) => {
    if (mayExploreSchema(contextValue.principal) || !isIntrospection(document)) return;
    throw apiError(ErrorCode.INTROSPECTION_DISABLED, 'Introspection is not available to this principal.', { http: { status: 403 } });
  };
}

/** "Did you mean" suggestions, in validation and coercion errors alike, only for principals that may explore the schema. */
export function suggestionsByPrincipalPlugin(): ApolloServerPlugin<Context> {
  const listener: GraphQLRequestListener<Context> = {
    async didEncounterErrors({ contextValue, errors }) {
      if (mayExploreSchema(contextValue.principal)) return;
      for (const error of errors) error.message = error.message.replace(SUGGESTION, '');
    },
  };
  return { requestDidStart: async () => listener };
}
