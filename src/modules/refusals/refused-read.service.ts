import type { DataSource } from 'typeorm';
import { SqlParameters } from '../../db/sql-parameters';
import { hiddenLinkOnly } from '../../policy/visibility/refusals';
import type { PurposeCode } from '../../policy/purposes';
import type { PendingRefusal } from './refusal-buffer';
import { DEFAULT_REFUSED_READ_RETENTION_DAYS } from './refusal-retention';

export interface RefusedReadsOfRequest {
  requestId: string;
  processorId: string;
  purpose: PurposeCode | null;
  occurredAt: Date;
  refusals: PendingRefusal[];
}

/** At most this many are forgotten in one statement, so that a long backlog never holds one long transaction. */
const FORGET_BATCH = 10_000;

/**
 * Writes a request's refused reads, one row per customer and reason, in one statement (as the audit writes its reads),
 * each naming the hidden disclosure through which alone the recipient saw the customer, if that is how it did; and
 * forgets them once past their retention.
 */
export class RefusedReadService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly retentionDays = DEFAULT_REFUSED_READ_RETENTION_DAYS,
  ) {}

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

  /** Forgets the refused reads older than the retention, oldest first, a batch at most; how many it forgot. */
  async forgetExpired(): Promise<number> {
    const [, forgotten] = (await this.dataSource.query(
      `WITH expired AS (
         SELECT id FROM refused_read WHERE occurred_at < now() - make_interval(days => $1) ORDER BY occurred_at LIMIT $2)
       DELETE FROM refused_read r USING expired WHERE r.id = expired.id`,
      [this.retentionDays, FORGET_BATCH],
    )) as [unknown, number];
    return forgotten;
  }
}
