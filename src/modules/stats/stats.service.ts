import type { DataSource } from 'typeorm';
import { CONTROLLER } from '../../policy/controller';
import { suppressSmall } from '../../policy/k-anonymity';
import type { PurposeCode } from '../../policy/purposes';
import { DisclosureGround } from '../disclosures/disclosure.entity';
import type { PrivacyRequestStatus, PrivacyRequestType } from '../requests/privacy-request.enums';
import { OPEN_STATUSES } from '../requests/privacy-request.transitions';
import type { ConsentRateRow, DisclosureStatsRow, FieldReadStatsRow, RequestStatsRow } from './stats.types';

/** A window of whole months: `from` is the first month's start, `months` their number. */
export interface StatsWindow {
  from: Date;
  months: number;
}

function monthStarts({ from, months }: StatsWindow): Date[] {
  return Array.from({ length: months + 1 }, (_, index) => new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + index, 1)));
}

/** Aggregates computed in PostgreSQL (GROUP BY), never by loading rows into the server; small groups suppressed. */
export class StatsService {
  constructor(
    private readonly dataSource: DataSource,
    readonly k: number,
  ) {}

  async consentRates(window: StatsWindow): Promise<ConsentRateRow[]> {
    const bounds = monthStarts(window);
    const rows = (await this.dataSource.query(
      `WITH months AS (
         SELECT starts AS month_start, ends AS month_end FROM unnest($1::timestamptz[], $2::timestamptz[]) AS m(starts, ends)),
       state AS (
         SELECT m.month_start, c.purpose_code, c.processor_id, e.status
         FROM months m CROSS JOIN LATERAL (
           SELECT DISTINCT ON (consent_id) consent_id, status FROM consent_event
           WHERE occurred_at < m.month_end AND occurred_at < $5 ORDER BY consent_id, occurred_at DESC, id DESC) e
         JOIN consent c ON c.id = e.consent_id),
       granted AS (
         SELECT month_start, purpose_code, processor_id, count(*) FILTER (WHERE status = 'GRANTED')::int AS granted
         FROM state GROUP BY 1, 2, 3),
       withdrawn AS (
         SELECT m.month_start, c.purpose_code, c.processor_id, count(*)::int AS withdrawn
         FROM months m JOIN consent_event e ON e.occurred_at >= m.month_start AND e.occurred_at < m.month_end
         JOIN consent c ON c.id = e.consent_id
         -- The window's own bounds as plain values too, so that partitions outside it are pruned when planning.
         WHERE e.status = 'WITHDRAWN' AND e.occurred_at >= $4 AND e.occurred_at < $5 GROUP BY 1, 2, 3),
       held AS (
         SELECT m.month_start, (SELECT count(*)::int FROM customer c
           WHERE c.created_at < m.month_end AND (c.erased_at IS NULL OR c.erased_at >= m.month_end)) AS customers
         FROM months m)
       SELECT to_char(g.month_start AT TIME ZONE 'UTC', 'YYYY-MM') AS month, g.purpose_code AS purpose,
              coalesce(p.name, $3) AS recipient, g.granted, coalesce(w.withdrawn, 0) AS withdrawn, h.customers
       FROM granted g JOIN held h USING (month_start)
       LEFT JOIN withdrawn w ON w.month_start = g.month_start AND w.purpose_code = g.purpose_code
                            AND w.processor_id IS NOT DISTINCT FROM g.processor_id
       LEFT JOIN processor p ON p.id = g.processor_id
       ORDER BY 1, 2, 3`,
      [bounds.slice(0, -1), bounds.slice(1), CONTROLLER.name, bounds[0], bounds[bounds.length - 1]],
    )) as Array<{ month: string; purpose: PurposeCode; recipient: string; granted: number; withdrawn: number; customers: number }>;
    return rows.map((row) => {
      const granted = suppressSmall(row.granted, this.k);
      // Those without the consent are a group too: a rate near 100% would single them out.
      const without = suppressSmall(row.customers - row.granted, this.k);
      const safe = !granted.suppressed && !without.suppressed && row.customers > 0;
      return {
        month: row.month,
        purpose: row.purpose,
        recipient: row.recipient,
        granted: safe || granted.suppressed ? granted : { value: null, suppressed: true, reason: `fewer than ${this.k} people without it` },
        withdrawn: suppressSmall(row.withdrawn, this.k),
        customers: row.customers,
        rate: safe ? row.granted / row.customers : null,
      };
    });
  }

  async privacyRequests(window: StatsWindow): Promise<RequestStatsRow[]> {
    const [from, to] = [monthStarts(window)[0], monthStarts(window).at(-1)!];
    const rows = (await this.dataSource.query(
      `SELECT type, status, count(*)::int AS count,
              count(*) FILTER (WHERE status = ANY($3) AND due_at < now())::int AS overdue,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - submitted_at) / 3600)
                FILTER (WHERE closed_at IS NOT NULL) AS median,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - submitted_at) / 3600)
                FILTER (WHERE closed_at IS NOT NULL) AS p95
       FROM privacy_request WHERE submitted_at >= $1 AND submitted_at < $2
       GROUP BY type, status ORDER BY type, status`,
      [from, to, OPEN_STATUSES],
    )) as Array<{ type: PrivacyRequestType; status: PrivacyRequestStatus; count: number; overdue: number; median: number | null; p95: number | null }>;
    return rows.map((row) => {
      const count = suppressSmall(row.count, this.k);
      return {
        type: row.type,
        status: row.status,
        count,
        overdue: suppressSmall(row.overdue, this.k),
        medianHoursToClose: count.suppressed ? null : row.median,
        p95HoursToClose: count.suppressed ? null : row.p95,
      };
    });
  }

  async disclosuresByGround(window: StatsWindow): Promise<DisclosureStatsRow[]> {
    const [from, to] = [monthStarts(window)[0], monthStarts(window).at(-1)!];
    const rows = (await this.dataSource.query(
      `SELECT ground, count(DISTINCT customer_id)::int AS customers FROM disclosure
       WHERE created_at >= $1 AND created_at < $2 GROUP BY ground`,
      [from, to],
    )) as Array<{ ground: DisclosureGround; customers: number }>;
    const byGround = new Map(rows.map((row) => [row.ground, row.customers]));
    return Object.values(DisclosureGround).map((ground) => ({ ground, count: suppressSmall(byGround.get(ground) ?? 0, this.k) }));
  }

  async personalFieldReads(window: StatsWindow): Promise<FieldReadStatsRow[]> {
    const [from, to] = [monthStarts(window)[0], monthStarts(window).at(-1)!];
    const rows = (await this.dataSource.query(
      `SELECT coalesce(p.name, 'privacy officer') AS reader, a.purpose_code AS purpose,
              count(DISTINCT a.customer_id)::int AS customers, sum(cardinality(a.fields))::int AS reads
       FROM audit_event a LEFT JOIN processor p ON p.id = a.processor_id
       WHERE a.occurred_at >= $1 AND a.occurred_at < $2 AND a.basis <> 'ACCESS_REQUEST'
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [from, to],
    )) as Array<{ reader: string; purpose: PurposeCode | null; customers: number; reads: number }>;
    return rows.map((row) => {
      const customers = suppressSmall(row.customers, this.k);
      return { reader: row.reader, purpose: row.purpose, customers, fieldReads: customers.suppressed ? null : row.reads };
    });
  }
}
