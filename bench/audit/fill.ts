import type { Sql } from '../../src/modules/audit/log/sql';
import { BENCH_PROCESSOR_ID, PAGE_FIELDS } from './workload';

/**
 * Many audit events fast, for the sealing and verification figures: INSERT ... SELECT FROM generate_series into
 * audit_event itself, so that the queue trigger queues them as it queues the API's. Their content is shaped like
 * the API's rows (an affiliate's page reads on consent; a request id per 50 rows; 100,000 customers), and their
 * times are spread evenly over the 30 days before the fill began, as a month of use would leave them: a
 * verification from a checkpoint looks again only at events from an hour before that checkpoint was verified.
 */

const ROWS_PER_STATEMENT = 50_000;
const SPAN_MS = 30 * 24 * 3600 * 1000;

export class EventFiller {
  private next = 0;
  private readonly startsAt: Date;

  /** `total`: every event this filler will write, so that their times fill the span evenly. */
  constructor(
    private readonly sql: Sql,
    private readonly total: number,
  ) {
    this.startsAt = new Date(Date.now() - SPAN_MS);
  }

  /** Appends `count` more events, ROWS_PER_STATEMENT per statement (and transaction). */
  async fill(count: number): Promise<void> {
    if (this.next + count > this.total) throw new Error(`the filler was made for ${this.total} events`);
    for (let done = 0; done < count; done += ROWS_PER_STATEMENT) {
      const first = this.next + done;
      const last = Math.min(this.next + count, first + ROWS_PER_STATEMENT) - 1;
      await this.sql(
        `INSERT INTO audit_event (occurred_at, request_id, actor_role, actor_subject, processor_id, purpose_code,
                                  customer_id, basis, basis_id, fields)
         SELECT $3::timestamptz + g * ($4::float8 / $5::float8) * interval '1 millisecond',
                md5('request ' || g / 50)::uuid, 'affiliate', 'processor:' || $6, $6::uuid, 'PERSONALIZATION',
                md5('customer ' || g % 100000)::uuid, 'CONSENT', md5('consent ' || g % 100000)::uuid, $7::text[]
         FROM generate_series($1::bigint, $2::bigint) AS g`,
        [first, last, this.startsAt, SPAN_MS, this.total, BENCH_PROCESSOR_ID, PAGE_FIELDS],
      );
    }
    this.next += count;
    // As autovacuum would have by the time a real log held this many rows: the sealing joins need the statistics.
    await this.sql('ANALYZE audit_event');
    await this.sql('ANALYZE audit_unsealed');
  }
}
