import type { Principal } from '../../auth/principal';
import type { DenialReason } from '../../policy/decide';

/** A customer's fields refused to the request's recipient for one reason. */
export interface PendingRefusal {
  customerId: string;
  reason: DenialReason;
  fields: string[];
}

/**
 * The personal-field reads a recipient's request was refused, gathered as the rule refuses them and written when the
 * response is ready (src/http/plugins/refusal-log.ts). Lives on the request's context, never shared. Only a
 * recipient's refusals are kept: nobody else is a "who" the customer's log could name.
 */
export class RefusalBuffer {
  /** The recipient whose refusals these are; null for every other principal, whose refusals are not kept. */
  readonly processorId: string | null;
  private readonly refusals = new Map<string, PendingRefusal>();

  constructor(principal: Principal) {
    this.processorId = principal.role === 'affiliate' ? principal.processorId : null;
  }

  record(customerId: string, field: string, reason: DenialReason): void {
    if (this.processorId === null) return;
    const key = `${customerId}|${reason}`;
    const refusal = this.refusals.get(key);
    if (refusal === undefined) this.refusals.set(key, { customerId, reason, fields: [field] });
    else if (!refusal.fields.includes(field)) refusal.fields.push(field);
  }

  pending(): PendingRefusal[] {
    return [...this.refusals.values()];
  }
}
