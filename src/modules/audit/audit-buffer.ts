import type { ReadBasis } from '../../policy/decide';

/** One row of the audit log to be: a customer's fields read on one basis in one request. */
export interface PendingAuditEvent {
  customerId: string;
  /** ACCESS_REQUEST: the customer downloading their own access export, which is audited too. */
  basis: Exclude<ReadBasis['kind'], 'SELF'> | 'ACCESS_REQUEST';
  basisId: string | null;
  fields: string[];
}

/**
 * The personal-field reads of one request, gathered as they are allowed and written as one batch when the
 * response is ready (see the audit-flush plugin). Lives on the request's context, never shared.
 */
export class AuditBuffer {
  private readonly events = new Map<string, PendingAuditEvent>();

  record(customerId: string, field: string, basis: ReadBasis): void {
    if (basis.kind === 'SELF') return;
    const basisId = basis.kind === 'CONSENT' ? basis.consentId : basis.kind === 'DISCLOSURE' ? basis.disclosureId : null;
    const key = `${customerId}|${basis.kind}|${basisId ?? ''}`;
    const event = this.events.get(key);
    if (event === undefined) this.events.set(key, { customerId, basis: basis.kind, basisId, fields: [field] });
    else if (!event.fields.includes(field)) event.fields.push(field);
  }

  recordExport(customerId: string, requestId: string): void {
    this.events.set(`${customerId}|ACCESS_REQUEST|${requestId}`, {
      customerId,
      basis: 'ACCESS_REQUEST',
      basisId: requestId,
      fields: ['accessExport'],
    });
  }

  pending(): PendingAuditEvent[] {
    return [...this.events.values()];
  }
}
