import { readFile } from 'node:fs/promises';
import { withClient } from './import-database';

/** What the database holds after a run, and enough of its state to tell whether a re-run changed anything. */
export interface StoredState {
  customers: number;
  consents: number;
  consentEvents: number;
  /** Latest updated_at of each table: an update of any row moves it. */
  customerUpdatedAt: string | null;
  consentUpdatedAt: string | null;
  lastConsentEventId: string | null;
}

export async function storedState(url: string): Promise<StoredState> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<Record<string, string | null>>(
      `SELECT (SELECT count(*) FROM customer) AS customers,
              (SELECT count(*) FROM consent) AS consents,
              (SELECT count(*) FROM consent_event) AS consent_events,
              (SELECT max(updated_at)::text FROM customer) AS customer_updated_at,
              (SELECT max(updated_at)::text FROM consent) AS consent_updated_at,
              (SELECT max(id)::text FROM consent_event) AS last_consent_event_id`,
    );
    const row = rows[0];
    return {
      customers: Number(row.customers),
      consents: Number(row.consents),
      consentEvents: Number(row.consent_events),
      customerUpdatedAt: row.customer_updated_at,
      consentUpdatedAt: row.consent_updated_at,
      lastConsentEventId: row.last_consent_event_id,
    };
  });
}

/** Lines in the reject file the CLI wrote next to the input (none when the file is missing). */
export async function rejectLines(file: string): Promise<number> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.split('\n').filter((line) => line.trim() !== '').length;
}

export interface Check {
  what: string;
  expected: string;
  actual: string;
  ok: boolean;
}

const check = (what: string, expected: number | string | null, actual: number | string | null): Check => ({
  what,
  expected: String(expected),
  actual: String(actual),
  ok: expected === actual,
});

/** After the first run: every customer, both consents and their events, nothing rejected. */
export function firstRunChecks(customers: number, state: StoredState, rejected: number, rejectFileLines: number): Check[] {
  return [
    check('customers', customers, state.customers),
    check('consents', 2 * customers, state.consents),
    check('consent events', 2 * customers, state.consentEvents),
    check('rejected (CLI summary)', 0, rejected),
    check('lines in the reject file', 0, rejectFileLines),
  ];
}

export interface RerunFigures {
  before: StoredState;
  after: StoredState;
  /** Customers in the file: the re-run must count every one of them as unchanged. */
  customers: number;
  imported: number;
  unchanged: number;
  newCustomers: number;
  consentChanges: number;
  rejected: number;
  /** Tables whose row count changed during the re-run, with the change. */
  tablesChanged: Record<string, number>;
}

/** After the same file again: no row added or updated anywhere, and the CLI says so too. */
export function rerunChecks(figures: RerunFigures): Check[] {
  const { before, after } = figures;
  return [
    check('imported (CLI summary)', 0, figures.imported),
    check('unchanged (CLI summary)', figures.customers, figures.unchanged),
    check('new customers (CLI summary)', 0, figures.newCustomers),
    check('consent changes (CLI summary)', 0, figures.consentChanges),
    check('rejected (CLI summary)', 0, figures.rejected),
    check('tables whose row count changed', '{}', JSON.stringify(figures.tablesChanged)),
    check('latest customer.updated_at', before.customerUpdatedAt, after.customerUpdatedAt),
    check('latest consent.updated_at', before.consentUpdatedAt, after.consentUpdatedAt),
    check('last consent_event id', before.lastConsentEventId, after.lastConsentEventId),
  ];
}
