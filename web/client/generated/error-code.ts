/** Every `extensions.code` an error of this API carries, at the HTTP layer as in GraphQL errors. No field returns it: it is here so that clients generated from the schema type their error handling. */
export type ErrorCode =
  /** The processor has not accepted the processing agreement (recipient rule, policy §2). */
  | 'AGREEMENT_NOT_ACCEPTED'
  /** The audit row of a personal read could not be written, so nothing was answered: HTTP 503 with Retry-After. */
  | 'AUDIT_UNAVAILABLE'
  /** The HTTP request could not be read as a GraphQL request (body not JSON, no query, a GET without a preflight header). */
  | 'BAD_REQUEST'
  /** An argument or variable is not valid; `validationErrors` names each property and constraint that failed, never the value. */
  | 'BAD_USER_INPUT'
  /** The processor may not receive this data category (recipient rule, policy §2). */
  | 'CATEGORY_NOT_ALLOWED'
  /** There is no such consent to withdraw. */
  | 'CONSENT_NOT_FOUND'
  /** The customer has not consented to this purpose by this processor, and no disclosure covers the read. */
  | 'CONSENT_REQUIRED'
  /** The customer's personal data was erased on their request (policy §5): nothing more can be done with it. */
  | 'CUSTOMER_ERASED'
  /** The request's deadline was extended once already. */
  | 'DEADLINE_ALREADY_EXTENDED'
  /** The request did not complete within its deadline and was stopped: HTTP 503 with Retry-After. */
  | 'DEADLINE_EXCEEDED'
  /** confirmMyEmail with no address waiting for confirmation. */
  | 'EMAIL_NOT_PENDING'
  /** The right code for an address another customer confirmed first: only whoever holds the address has its code. */
  | 'EMAIL_TAKEN'
  /** There is no export to download for this request (not ready, or expired). */
  | 'EXPORT_UNAVAILABLE'
  /** Another customer already has that external reference. */
  | 'EXTERNAL_REF_TAKEN'
  /** No fee can be asked for this request (erasure is always free). */
  | 'FEE_NOT_APPLICABLE'
  /** The principal may not read this field or run this operation. */
  | 'FORBIDDEN'
  /** The document is not valid GraphQL syntax. */
  | 'GRAPHQL_PARSE_FAILED'
  /** The document does not validate against the schema (an unknown field, a wrong argument type, ...). */
  | 'GRAPHQL_VALIDATION_FAILED'
  /** The privacy request's status does not allow this step; `status` is the one it is in. */
  | 'ILLEGAL_TRANSITION'
  /** Anything unexpected; it is logged, and nothing of the cause is answered. */
  | 'INTERNAL_SERVER_ERROR'
  /** Introspection is not available to this principal: HTTP 403. */
  | 'INTROSPECTION_DISABLED'
  /** No such record, or none this principal may see. */
  | 'NOT_FOUND'
  /** The operation is over a limit (depth, aliases, directives, tokens, cost, operations per document); `limit` names it: HTTP 400. */
  | 'OPERATION_LIMIT_EXCEEDED'
  /** This API has no operations of that type (it has no subscriptions): HTTP 400. */
  | 'OPERATION_NOT_SUPPORTED'
  /** The processor may send only the operations registered for it as trusted documents. */
  | 'OPERATION_NOT_TRUSTED'
  /** operationName names no operation of the document, or a document of several operations gives none. */
  | 'OPERATION_RESOLUTION_FAILURE'
  /** The request body is larger than this API accepts: HTTP 413. */
  | 'PAYLOAD_TOO_LARGE'
  /** Automatic persisted queries are off: send the whole document. */
  | 'PERSISTED_QUERY_NOT_SUPPORTED'
  /** A filter or sort on a personal field the principal may not read. */
  | 'PERSONAL_FILTER_FORBIDDEN'
  /** The processor is not active: it receives nothing (recipient rule, policy §2). */
  | 'PROCESSOR_INACTIVE'
  /** Another processor already has that name. */
  | 'PROCESSOR_NAME_TAKEN'
  /** The processor has no specific permission from the privacy officer (recipient rule, policy §2). */
  | 'PROCESSOR_NOT_TRUSTED'
  /** The token is not scoped to that purpose, or the processor may not be used for it: HTTP 403. */
  | 'PURPOSE_NOT_ALLOWED'
  /** The token has several purposes: state the one of this request in X-Processing-Purpose. */
  | 'PURPOSE_REQUIRED'
  /** X-Processing-Purpose names no purpose of the policy. */
  | 'PURPOSE_UNKNOWN'
  /** Too many requests: HTTP 429, retry after the time in Retry-After. */
  | 'RATE_LIMITED'
  /** That refusal reason is set by the system, or may be chosen only where the system proposes it. */
  | 'REFUSAL_REASON_NOT_ALLOWED'
  /** The database (or another dependency) is unavailable or over its deadline: HTTP 503 with Retry-After, no data. */
  | 'SERVICE_UNAVAILABLE'
  /** The stats window reaches a month that is not over (and settled): its figures could still change; see `firstOpenMonth`. */
  | 'STATS_MONTH_NOT_CLOSED'
  /** The stats window does not start and end on the first instant of a month (UTC). */
  | 'STATS_WINDOW_NOT_ALIGNED'
  /** More new email addresses in a day than a customer may send codes to. */
  | 'TOO_MANY_EMAIL_CHANGES'
  /** No valid token (missing, malformed, expired, revoked): HTTP 401. */
  | 'UNAUTHENTICATED'
  /** The service named has no request procedure of its own (see requestProcedures). */
  | 'UNKNOWN_SERVICE'
  /** The request body is not UTF-8 JSON: HTTP 415. */
  | 'UNSUPPORTED_MEDIA_TYPE'
  /** The customer has no confirmed address (email, or phone for SMS) a request's code could be sent to. */
  | 'VERIFICATION_ADDRESS_MISSING'
  /** The one-time code is wrong; `attemptsLeft` says how many tries remain. */
  | 'VERIFICATION_CODE_INVALID'
  /** Too many wrong one-time codes: the request (or the new address) is refused. */
  | 'VERIFICATION_EXHAUSTED'
  /** The one-time code has expired. */
  | 'VERIFICATION_EXPIRED';
