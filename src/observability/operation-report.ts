import type { Principal } from '../auth/principal';
import type { AnswerFacts } from './operation-outcome';

/** One operation as its log line and its metrics tell it. Holds no variable, no field value, no caller text. */
export interface OperationReport extends AnswerFacts {
  requestId: string;
  /** Undefined when the request was refused before Apollo's pipeline (rate limit, unreadable body, a bad token or purpose). */
  principal: Principal | undefined;
  /** A known operation name or `other` (OperationNames). */
  operation: string;
  /** query, mutation, or `unknown` when no operation was resolved. */
  type: string;
  durationMs: number;
  /** The HTTP status sent; null when the client left before any answer. */
  status: number | null;
}

/**
 * Who asked, as far as a log line may say. A customer is named by role only: its subject is its customer id.
 * A partner's token by its processor and its id (jti); staff, analysts and the privacy officer by their subject.
 */
export function principalFields(principal: Principal | undefined): Record<string, string> | undefined {
  if (principal === undefined) return undefined;
  switch (principal.role) {
    case 'anonymous':
    case 'customer':
      return { role: principal.role };
    case 'affiliate':
      return { role: principal.role, processorId: principal.processorId, tokenId: principal.tokenId };
    default:
      return { role: principal.role, subject: principal.subject };
  }
}

/** The fields of the operation's one log line. */
export function logFields({ principal, durationMs, ...report }: OperationReport): Record<string, unknown> {
  return {
    requestId: report.requestId,
    principal: principalFields(principal),
    operation: report.operation,
    type: report.type,
    durationMs: Math.round(durationMs * 10) / 10,
    outcome: report.outcome,
    status: report.status,
    errors: report.errors,
  };
}
