import { GraphQLEnumType, GraphQLError } from 'graphql';

/**
 * Every `extensions.code` this API answers with; clients may rely on them. Each is described for clients in
 * ERROR_CODE_DESCRIPTIONS below, which makes it the `ErrorCode` enum of schema.graphql.
 */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  CUSTOMER_ERASED = 'CUSTOMER_ERASED',
  PERSONAL_FILTER_FORBIDDEN = 'PERSONAL_FILTER_FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  PROCESSOR_INACTIVE = 'PROCESSOR_INACTIVE',
  AGREEMENT_NOT_ACCEPTED = 'AGREEMENT_NOT_ACCEPTED',
  PROCESSOR_NOT_TRUSTED = 'PROCESSOR_NOT_TRUSTED',
  PURPOSE_UNKNOWN = 'PURPOSE_UNKNOWN',
  PURPOSE_REQUIRED = 'PURPOSE_REQUIRED',
  PURPOSE_NOT_ALLOWED = 'PURPOSE_NOT_ALLOWED',
  CATEGORY_NOT_ALLOWED = 'CATEGORY_NOT_ALLOWED',
  CONSENT_REQUIRED = 'CONSENT_REQUIRED',
  CONSENT_NOT_FOUND = 'CONSENT_NOT_FOUND',
  AUDIT_UNAVAILABLE = 'AUDIT_UNAVAILABLE',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  ILLEGAL_TRANSITION = 'ILLEGAL_TRANSITION',
  UNKNOWN_SERVICE = 'UNKNOWN_SERVICE',
  VERIFICATION_CODE_INVALID = 'VERIFICATION_CODE_INVALID',
  VERIFICATION_EXPIRED = 'VERIFICATION_EXPIRED',
  VERIFICATION_EXHAUSTED = 'VERIFICATION_EXHAUSTED',
  VERIFICATION_ADDRESS_MISSING = 'VERIFICATION_ADDRESS_MISSING',
  REFUSAL_REASON_NOT_ALLOWED = 'REFUSAL_REASON_NOT_ALLOWED',
  FEE_NOT_APPLICABLE = 'FEE_NOT_APPLICABLE',
  DEADLINE_ALREADY_EXTENDED = 'DEADLINE_ALREADY_EXTENDED',
  EXPORT_UNAVAILABLE = 'EXPORT_UNAVAILABLE',
  STATS_WINDOW_NOT_ALIGNED = 'STATS_WINDOW_NOT_ALIGNED',
  STATS_MONTH_NOT_CLOSED = 'STATS_MONTH_NOT_CLOSED',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  EMAIL_NOT_PENDING = 'EMAIL_NOT_PENDING',
  TOO_MANY_EMAIL_CHANGES = 'TOO_MANY_EMAIL_CHANGES',
  EXTERNAL_REF_TAKEN = 'EXTERNAL_REF_TAKEN',
  PROCESSOR_NAME_TAKEN = 'PROCESSOR_NAME_TAKEN',
  OPERATION_NOT_TRUSTED = 'OPERATION_NOT_TRUSTED',
  OPERATION_LIMIT_EXCEEDED = 'OPERATION_LIMIT_EXCEEDED',
  INTROSPECTION_DISABLED = 'INTROSPECTION_DISABLED',
  OPERATION_NOT_SUPPORTED = 'OPERATION_NOT_SUPPORTED',
  RATE_LIMITED = 'RATE_LIMITED',
  DEADLINE_EXCEEDED = 'DEADLINE_EXCEEDED',
  BAD_REQUEST = 'BAD_REQUEST',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
  // Apollo Server's own, passed through as it answers them.
  GRAPHQL_PARSE_FAILED = 'GRAPHQL_PARSE_FAILED',
  GRAPHQL_VALIDATION_FAILED = 'GRAPHQL_VALIDATION_FAILED',
  OPERATION_RESOLUTION_FAILURE = 'OPERATION_RESOLUTION_FAILURE',
  PERSISTED_QUERY_NOT_SUPPORTED = 'PERSISTED_QUERY_NOT_SUPPORTED',
}

/** What each code means, for clients: the descriptions of the `ErrorCode` enum (a code without one does not compile). */
const ERROR_CODE_DESCRIPTIONS: Record<ErrorCode, string> = {
  BAD_USER_INPUT: 'An argument or variable is not valid; `validationErrors` names each property and constraint that failed, never the value.',
  UNAUTHENTICATED: 'No valid token (missing, malformed, expired, revoked): HTTP 401.',
  FORBIDDEN: 'The principal may not read this field or run this operation.',
  CUSTOMER_ERASED: "The customer's personal data was erased on their request (policy §5): nothing more can be done with it.",
  PERSONAL_FILTER_FORBIDDEN: 'A filter or sort on a personal field the principal may not read.',
  NOT_FOUND: 'No such record, or none this principal may see.',
  PROCESSOR_INACTIVE: 'The processor is not active: it receives nothing (recipient rule, policy §2).',
  AGREEMENT_NOT_ACCEPTED: 'The processor has not accepted the processing agreement (recipient rule, policy §2).',
  PROCESSOR_NOT_TRUSTED: 'The processor has no specific permission from the privacy officer (recipient rule, policy §2).',
  PURPOSE_UNKNOWN: 'X-Processing-Purpose names no purpose of the policy.',
  PURPOSE_REQUIRED: 'The token has several purposes: state the one of this request in X-Processing-Purpose.',
  PURPOSE_NOT_ALLOWED: 'The token is not scoped to that purpose, or the processor may not be used for it: HTTP 403.',
  CATEGORY_NOT_ALLOWED: 'The processor may not receive this data category (recipient rule, policy §2).',
  CONSENT_REQUIRED: 'The customer has not consented to this purpose by this processor, and no disclosure covers the read.',
  CONSENT_NOT_FOUND: 'There is no such consent to withdraw.',
  AUDIT_UNAVAILABLE: 'The audit row of a personal read could not be written, so nothing was answered: HTTP 503 with Retry-After.',
  SERVICE_UNAVAILABLE: 'The database (or another dependency) is unavailable or over its deadline: HTTP 503 with Retry-After, no data.',
  ILLEGAL_TRANSITION: "The privacy request's status does not allow this step; `status` is the one it is in.",
  UNKNOWN_SERVICE: 'The service named has no request procedure of its own (see requestProcedures).',
  VERIFICATION_CODE_INVALID: 'The one-time code is wrong; `attemptsLeft` says how many tries remain.',
  VERIFICATION_EXPIRED: 'The one-time code has expired.',
  VERIFICATION_EXHAUSTED: 'Too many wrong one-time codes: the request (or the new address) is refused.',
  VERIFICATION_ADDRESS_MISSING: "The customer has no confirmed address (email, or phone for SMS) a request's code could be sent to.",
  REFUSAL_REASON_NOT_ALLOWED: 'That refusal reason is set by the system, or may be chosen only where the system proposes it.',
  FEE_NOT_APPLICABLE: 'No fee can be asked for this request (erasure is always free).',
  DEADLINE_ALREADY_EXTENDED: "The request's deadline was extended once already.",
  EXPORT_UNAVAILABLE: 'There is no export to download for this request (not ready, or expired).',
  STATS_WINDOW_NOT_ALIGNED: 'The stats window does not start and end on the first instant of a month (UTC).',
  STATS_MONTH_NOT_CLOSED: 'The stats window reaches a month that is not over (and settled): its figures could still change; see `firstOpenMonth`.',
  EMAIL_TAKEN: 'The right code for an address another customer confirmed first: only whoever holds the address has its code.',
  EMAIL_NOT_PENDING: 'confirmMyEmail with no address waiting for confirmation.',
  TOO_MANY_EMAIL_CHANGES: 'More new email addresses in a day than a customer may send codes to.',
  EXTERNAL_REF_TAKEN: 'Another customer already has that external reference.',
  PROCESSOR_NAME_TAKEN: 'Another processor already has that name.',
  OPERATION_NOT_TRUSTED: 'The processor may send only the operations registered for it as trusted documents.',
  OPERATION_LIMIT_EXCEEDED:
    'The operation is over a limit (depth, aliases, directives, tokens, cost, operations per document); `limit` names it: HTTP 400.',
  INTROSPECTION_DISABLED: 'Introspection is not available to this principal: HTTP 403.',
  OPERATION_NOT_SUPPORTED: 'This API has no operations of that type (it has no subscriptions): HTTP 400.',
  RATE_LIMITED: 'Too many requests: HTTP 429, retry after the time in Retry-After.',
  DEADLINE_EXCEEDED: 'The request did not complete within its deadline and was stopped: HTTP 503 with Retry-After.',
  BAD_REQUEST: 'The HTTP request could not be read as a GraphQL request (body not JSON, no query, a GET without a preflight header).',
  PAYLOAD_TOO_LARGE: 'The request body is larger than this API accepts: HTTP 413.',
  UNSUPPORTED_MEDIA_TYPE: 'The request body is not UTF-8 JSON: HTTP 415.',
  INTERNAL_SERVER_ERROR: 'Anything unexpected; it is logged, and nothing of the cause is answered.',
  GRAPHQL_PARSE_FAILED: 'The document is not valid GraphQL syntax.',
  GRAPHQL_VALIDATION_FAILED: 'The document does not validate against the schema (an unknown field, a wrong argument type, ...).',
  OPERATION_RESOLUTION_FAILURE: 'operationName names no operation of the document, or a document of several operations gives none.',
  PERSISTED_QUERY_NOT_SUPPORTED: 'Automatic persisted queries are off: send the whole document.',
};

/**
 * The `ErrorCode` enum of the schema, so that generated clients type `extensions.code`. No field returns it.
 * Built with graphql-js and added to the built schema (src/schema.ts), not registered with type-graphql: type-graphql 2
 * emits a registered enum only when a field or argument uses it, and its `orphanedTypes` takes classes only.
 */
export const errorCodeType = new GraphQLEnumType({
  name: 'ErrorCode',
  description:
    'Every `extensions.code` an error of this API carries, at the HTTP layer as in GraphQL errors. ' +
    'No field returns it: it is here so that clients generated from the schema type their error handling.',
  values: Object.fromEntries(Object.values(ErrorCode).map((code) => [code, { value: code, description: ERROR_CODE_DESCRIPTIONS[code] }])),
});

export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}
