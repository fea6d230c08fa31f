import type { DataSource } from 'typeorm';
import { CONTROLLER } from '../../policy/controller';
import { suppressPartOf, suppressSmall } from '../../policy/k-anonymity';
import type { PurposeCode } from '../../policy/purposes';
import { monthLabel } from '../../policy/stats-window';
import { visibleDisclosureCondition, visibleReadCondition, type DisclosureView } from '../../policy/visibility/disclosures';
import { DisclosureGround } from '../disclosures/disclosure.enums';
import type { PrivacyRequestStatus, PrivacyRequestType } from '../requests/privacy-request.enums';
import type { ConsentFlowRow, DisclosureStatsRow, FieldReadStatsRow, RequestsClosedRow, RequestsSubmittedRow } from './stats.types';

/** Whole, settled months: `from` is the first month's start, `to` the start of the month after the last. */
export interface StatsWindow {
  from: Date;
  to: Date;
  /** The start of each month in the window. */
  months: Date[];
}

/** The month of a timestamp column, as the rows name it: YYYY-MM in UTC. */
const monthOf = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM')`;

/**
 * Aggregates computed in PostgreSQL (GROUP BY month and cell, one statement per section), never by loading rows
 * into the server; small groups suppressed.
 *
 * Every figure is a flow of one month, counted from history that is written once and dated when it happens
 * (consent_event, audit_event, submitted_at and closed_at, disclosure.created_at), never from current state, so a
 * settled month answers the same whenever it is asked. Each statement bounds the dated column by the window as plain
 * values, so that the partitions of consent_event and audit_event outside it are pruned when planning.
 */
export class StatsService {
  constructor(
    private readonly dataSource: DataSource,
    readonly k: number,
  ) {}

  async consentFlows({ from, to }: StatsWindow): Promise<ConsentFlowRow[]> {
    // Counted in people (distinct consents: one per customer, purpose and recipient), not events: one person
    // granting and withdrawing k times is still one person. Events of the bulk import are left out: they carry the
    // grant date the file gives, any past month, and are written when the import runs, after that month was published.
    const rows = (await this.dataSource.query(
      `SELECT ${monthOf('e.occurred_at')} AS month, c.purpose_code AS purpose, coalesce(p.name, $3) AS recipient,
              count(DISTINCT e.consent_id) FILTER (WHERE e.status = 'GRANTED')::int AS granted,
              count(DISTINCT e.consent_id) FILTER (WHERE e.status = 'WITHDRAWN')::int AS withdrawn
       FROM consent_event e JOIN consent c ON c.id = e.consent_id LEFT JOIN processor p ON p.id = c.processor_id
       WHERE e.occurred_at >= $1 AND e.occurred_at < $2 AND e.source <> 'IMPORT'
       GROUP BY 1, 2, c.processor_id, p.name ORDER BY 1, 2, 3`,
      [from, to, CONTROLLER.name],
    )) as Array<{ month: string; purpose: PurposeCode; recipient: string; granted: number; withdrawn: number }>;
    return rows.map((row) => ({
      ...row,
      granted: suppressSmall(row.granted, this.k),
      withdrawn: suppressSmall(row.withdrawn, this.k),
    }));
  }

  async requestsSubmitted({ from, to }: StatsWindow): Promise<RequestsSubmittedRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${monthOf('submitted_at')} AS month, type, count(DISTINCT customer_id)::int AS customers, count(*)::int AS requests
       FROM privacy_request WHERE submitted_at >= $1 AND submitted_at < $2
       GROUP BY 1, 2 ORDER BY 1, 2`,
      [from, to],
    )) as Array<{ month: string; type: PrivacyRequestType; customers: number; requests: number }>;
    return rows.map((row) => {
      const customers = suppressSmall(row.customers, this.k);
      return { ...row, customers, requests: customers.suppressed ? null : row.requests };
    });
  }

  async requestsClosed({ from, to }: StatsWindow): Promise<RequestsClosedRow[]> {
    // A closed request never changes again (no transition leaves COMPLETED or REFUSED), its due date included.
    const rows = (await this.dataSource.query(
      `SELECT ${monthOf('closed_at')} AS month, type, status AS outcome,
              count(DISTINCT customer_id)::int AS customers, count(*)::int AS requests,
              count(DISTINCT customer_id) FILTER (WHERE closed_at > due_at)::int AS late,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - submitted_at) / 3600) AS median,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - submitted_at) / 3600) AS p95
       FROM privacy_request WHERE closed_at >= $1 AND closed_at < $2
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      [from, to],
    )) as Array<{
      month: string;
      type: PrivacyRequestType;
      outcome: PrivacyRequestStatus;
      customers: number;
      requests: number;
      late: number;
      median: number;
      p95: number;
    }>;
    return rows.map((row) => {
      const customers = suppressSmall(row.customers, this.k);
      const shown = <T>(value: T) => (customers.suppressed ? null : value);
      return {
        month: row.month,
        type: row.type,
        outcome: row.outcome,
        customers,
        requests: shown(row.requests),
        closedAfterDueDate: suppressPartOf(row.late, row.customers, this.k),
        medianHoursToClose: shown(row.median),
        p95HoursToClose: shown(row.p95),
      };
    });
  }

  /** Only the disclosures `view` shows: one hidden from the customer is counted for the privacy officer alone. */
  async disclosuresByGround(window: StatsWindow, view: DisclosureView): Promise<DisclosureStatsRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${monthOf('d.created_at')} AS month, d.ground, count(DISTINCT d.customer_id)::int AS customers
       FROM disclosure d WHERE d.created_at >= $1 AND d.created_at < $2 AND ${visibleDisclosureCondition(view, 'd')} GROUP BY 1, 2`,
      [window.from, window.to],
    )) as Array<{ month: string; ground: DisclosureGround; customers: number }>;
    const counted = new Map(rows.map((row) => [`${row.month} ${row.ground}`, row.customers]));
    return window.months.flatMap((start) => {
      const month = monthLabel(start);
      return Object.values(DisclosureGround).map((ground) => ({
        month,
        ground,
        count: suppressSmall(counted.get(`${month} ${ground}`) ?? 0, this.k),
      }));
    });
  }

  /** Only the reads `view` shows: a read under a disclosure hidden from the customer counts for the privacy officer alone. */
  async personalFieldReads({ from, to }: StatsWindow, view: DisclosureView): Promise<FieldReadStatsRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${monthOf('a.occurred_at')} AS month, coalesce(p.name, 'privacy officer') AS reader, a.purpose_code AS purpose,
              count(DISTINCT a.customer_id)::int AS customers, sum(cardinality(a.fields))::int AS reads
       FROM audit_event a LEFT JOIN processor p ON p.id = a.processor_id
       WHERE a.occurred_at >= $1 AND a.occurred_at < $2 AND a.basis <> 'ACCESS_REQUEST' AND ${visibleReadCondition(view, 'a')}
       GROUP BY 1, a.processor_id, p.name, 3 ORDER BY 1, 2, 3`,
      [from, to],
    )) as Array<{ month: string; reader: string; purpose: PurposeCode | null; customers: number; reads: number }>;
    return rows.map((row) => {
      const customers = suppressSmall(row.customers, this.k);
      return { month: row.month, reader: row.reader, purpose: row.purpose, customers, fieldReads: customers.suppressed ? null : row.reads };
    });
  }
}
