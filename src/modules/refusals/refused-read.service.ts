import { randomUUID } from 'node:crypto';
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

/** Writes a request's refused reads, one row per customer and reason, in one statement. */
export class RefusedReadService {
  constructor(private readonly dataSource: DataSource) {}

  async write({ requestId, processorId, purpose, occurredAt, refusals }: RefusedReadsOfRequest): Promise<void> {
    if (refusals.length === 0) return;
    await this.dataSource.query(
      `INSERT INTO refused_read (id, occurred_at, request_id, customer_id, processor_id, purpose_code, fields, reason)
       SELECT r.id, $2, $3, r.customer_id, $4, $5, string_to_array(r.fields, ','), r.reason
       FROM unnest($1::uuid[], $6::uuid[], $7::text[], $8::text[]) AS r(id, customer_id, fields, reason)`,
      [
        refusals.map(() => randomUUID()),
        occurredAt,
        requestId,
        processorId,
        purpose,
        refusals.map((refusal) => refusal.customerId),
        // Field names are GraphQL names (letters only), so a comma cannot occur in one.
        refusals.map((refusal) => refusal.fields.join(',')),
        refusals.map((refusal) => refusal.reason),
      ],
    );
  }
}
