import type { DataSource } from 'typeorm';
import { SqlParameters } from '../../db/sql-parameters';
import { hiddenLinkOnly } from '../../policy/visibility/refusals';
import type { PurposeCode } from '../../policy/purposes';
import type { PendingRefusal } from './refusal-buffer';

export interface RefusedReadsOfRequest {
  requestId: string;
  processorId: string;
  purpose: PurposeCode | null;
  occurredAt: Date;
  refusals: PendingRefusal[];
}

/**
 * Writes a request's refused reads, one row per customer and reason, in one statement (as the audit writes its reads),
 * each naming the hidden disclosure through which alone the recipient saw the customer, if that is how it did.
 */
export class RefusedReadService {
  constructor(private readonly dataSource: DataSource) {}

  async write({ requestId, processorId, purpose, occurredAt, refusals }: RefusedReadsOfRequest): Promise<void> {
    if (refusals.length === 0) return;
    const params = new SqlParameters();
    const rows = refusals.map((refusal) => ({ customer_id: refusal.customerId, fields: refusal.fields, reason: refusal.reason }));
    await this.dataSource.query(
      `INSERT INTO refused_read (id, occurred_at, request_id, processor_id, purpose_code, customer_id, fields, reason, hidden_disclosure_id)
       SELECT gen_random_uuid(), ${params.add(occurredAt)}, ${params.add(requestId)}, ${params.add(processorId)}, ${params.add(purpose)},
              r.customer_id, r.fields, r.reason, ${hiddenLinkOnly(processorId, 'r.customer_id', params)}
       FROM jsonb_to_recordset(${params.add(JSON.stringify(rows))}::jsonb) AS r(customer_id uuid, fields text[], reason text)`,
      params.values,
    );
  }
}
