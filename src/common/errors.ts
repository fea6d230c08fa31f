import { GraphQLError } from 'graphql';

/** Every `extensions.code` this API answers with; clients may rely on them. */
export enum ErrorCode {
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  CUSTOMER_ERASED = 'CUSTOMER_ERASED',
  PERSONAL_FILTER_FORBIDDEN = 'PERSONAL_FILTER_FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  PROCESSOR_NAME_TAKEN = 'PROCESSOR_NAME_TAKEN',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export function apiError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}
