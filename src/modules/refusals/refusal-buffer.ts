import type { DenialReason } from '../../policy/decide';

/** A customer's fields refused to the request's recipient for one reason. */
export interface PendingRefusal {
  customerId: string;
  reason: DenialReason;
  fields: string[];
}

/**
 * The personal-field reads a recipient's request was refused, gathered as the rule refuses them and written when the
 * response is ready (src/http/plugins/refusal-log.ts). Lives on the request's context, never shared.
 */
export class RefusalBuffer {
  private readonly refusals = new Map<string, PendingRefusal>();

  record(customerId: string, field: string, reason: DenialReason): void {
    const key = `${customerId}|${reason}`;
    const refusal = this.refusals.get(key);
    if (refusal === undefined) this.refusals.set(key, { customerId, reason, fields: [field] });
    else if (!refusal.fields.includes(field)) refusal.fields.push(field);
  }

  pending(): PendingRefusal[] {
    return [...this.refusals.values()];
  }
}
