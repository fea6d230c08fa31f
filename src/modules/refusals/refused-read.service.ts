import type { DataSource } from 'typeorm';
import type { PurposeCode } from '../../policy/purposes';
import type { PendingRefusal } from './refusal-buffer';

export interface RefusedReadsOfRequest {
  requestId: string;
  processorId: string;
  purpose: PurposeCode | null;
  occurredAt: Date;
  refusals: PendingRefusal[];
}

/** Writes a request's refused reads, one row per customer and reason, in one statement (as the audit writes its reads). */
export class RefusedReadService {
  constructor(private readonly dataSource: DataSource) {}

  async write({ requestId, processorId, purpose, occurredAt, refusals }: RefusedReadsOfRequest): Promise<void> {
    if (refusals.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO refused_read (id, occurred_at, request_id, processor_id, purpose_code, customer_id, fields, reason)
       SELECT gen_random_uuid(), $1, $2, $3, $4, r.customer_id, r.fields, r.reason
       FROM jsonb_to_recordset($5::jsonb) AS r(customer_id uuid, fields text[], reason text)`,
      [
        occurredAt,
        requestId,
        processorId,
        purpose,
        JSON.stringify(refusals.map((r) => ({ customer_id: r.customerId, fields: r.fields, reason: r.reason }))),
      ],
    );
  }
}
