import type { QueryRunner } from 'typeorm';
import type { ImportRow } from './validate-record';

export interface Rejection {
  line: number;
  reason: string;
}

export interface BatchCheck {
  accepted: ImportRow[];
  rejections: Rejection[];
}

export interface BatchResult {
  written: number;
  inserted: number;
  consentsChanged: number;
}

export const EMAIL_TAKEN_REASON = 'email belongs to another customer';

/**
 * Decides which rows of each batch may be written, batch after batch in file order, over one connection: the
 * first line with an email or reference wins, and a row may not take an email another stored customer holds.
 */
export class ImportChecker {
  constructor(private readonly runner: QueryRunner) {}

  /** Per-run memory of the emails and references seen, in the database so that it costs the process nothing. */
  async begin(): Promise<void> {
    await this.runner.query(`CREATE TEMP TABLE import_seen_email (email text PRIMARY KEY, line integer NOT NULL)`);
    await this.runner.query(`CREATE TEMP TABLE import_seen_ref (ref text PRIMARY KEY, line integer NOT NULL)`);
  }

  /**
   * `settle` waits for the batches still being written. A row is rejected for an email that another stored
   * customer holds only once they are all in: one of them may be moving that email away, as a run of one
   * batch at a time would have seen.
   */
  async check(rows: readonly ImportRow[], settle: () => Promise<void>): Promise<BatchCheck> {
    const duplicates = await this.duplicatesWithinFile(rows);
    let conflicts = await this.conflictsWithStored(rows);
    if (conflicts.some((rejection) => rejection.reason === EMAIL_TAKEN_REASON)) {
      await settle();
      conflicts = await this.conflictsWithStored(rows);
    }
    const rejections = firstReasonPerLine([...duplicates, ...conflicts]);
    const rejected = new Set(rejections.map((rejection) => rejection.line));
    return { accepted: rows.filter((row) => !rejected.has(row.line)), rejections };
  }

  /** The first line with an email or reference wins; a later line repeating it is rejected, naming the first. */
  private async duplicatesWithinFile(rows: readonly ImportRow[]): Promise<Rejection[]> {
    const lines = rows.map((row) => row.line);
    return [
      ...(await this.repeated('import_seen_email', 'email', lines, rows.map((row) => row.email.toLowerCase()))),
      ...(await this.repeated('import_seen_ref', 'externalRef', lines, rows.map((row) => row.externalRef))),
    ];
  }

  private async repeated(table: string, name: string, lines: number[], keys: string[]): Promise<Rejection[]> {
    const batch = `SELECT * FROM unnest($1::int[], $2::text[]) AS b(line, key)`;
    const firsts = `SELECT DISTINCT ON (key) key, line FROM (${batch}) b ORDER BY key, line`;
    const repeated = (await this.runner.query(
      `SELECT b.line, 'duplicate ${name} within the file (first on line ' || coalesce(s.line, f.line) || ')' AS reason
       FROM (${batch}) b JOIN (${firsts}) f ON f.key = b.key
       LEFT JOIN LATERAL (${probe(`SELECT line FROM ${table} WHERE ${table === 'import_seen_email' ? 'email' : 'ref'} = b.key`)}) s ON true
       WHERE s.line IS NOT NULL OR b.line <> f.line`,
      [lines, keys],
    )) as Rejection[];
    await this.runner.query(`INSERT INTO ${table} ${firsts} ON CONFLICT DO NOTHING`, [lines, keys]);
    return repeated;
  }

  /** An email that belongs to another customer, or a reference of a customer erased since: never overwritten. */
  private async conflictsWithStored(rows: readonly ImportRow[]): Promise<Rejection[]> {
    return (await this.runner.query(
      `WITH batch AS (SELECT * FROM unnest($1::int[], $2::text[], $3::text[]) AS b(line, email, ref))
       SELECT b.line, $4 AS reason
       FROM batch b JOIN LATERAL (${probe(`SELECT external_ref FROM customer c WHERE lower(c.email) = lower(b.email) AND c.email IS NOT NULL`)}) c ON true
       WHERE c.external_ref IS DISTINCT FROM b.ref
       UNION ALL
       SELECT b.line, 'the customer was erased on request and is not imported again'
       FROM batch b JOIN LATERAL (${probe(`SELECT erased_at FROM customer c WHERE c.external_ref = b.ref`)}) c ON true WHERE c.erased_at IS NOT NULL`,
      [rows.map((row) => row.line), rows.map((row) => row.email), rows.map((row) => row.externalRef), EMAIL_TAKEN_REASON],
    )) as Rejection[];
  }
}

/**
 * Writes checked rows, each batch in one transaction on a connection of its own, so that batches can be written
 * side by side: no two batches of a run hold the same customer, since the checker lets each email and reference
 * through once. Re-running the same file gives the same state: customers are keyed by externalRef, a consent
 * changes only when the file's grant is newer than what is stored (so a later withdrawal is never undone), and
 * an event is written only for a change.
 */
export class ImportWriter {
  constructor(
    private readonly runner: QueryRunner,
    private readonly actor: string,
  ) {}

  async write(rows: readonly ImportRow[]): Promise<BatchResult> {
    if (rows.length === 0) return { written: 0, inserted: 0, consentsChanged: 0 };
    await this.runner.startTransaction();
    try {
      const inserted = await this.upsertCustomers(rows);
      const consentsChanged = await this.upsertConsents(rows);
      await this.runner.commitTransaction();
      return { written: rows.length, inserted, consentsChanged };
    } catch (error) {
      await this.runner.rollbackTransaction();
      throw error;
    }
  }

  private async upsertCustomers(rows: readonly ImportRow[]): Promise<number> {
    const column = <K extends keyof ImportRow>(key: K) => rows.map((row) => row[key]);
    const changed = (await this.runner.query(
      `INSERT INTO customer (external_ref, email, phone, full_name, date_of_birth, locale,
                             address_street, address_city, address_postal_code, address_country)
       SELECT ref, email, phone, full_name, date_of_birth::date, locale, street, city, postal_code, country
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
         AS r(ref, email, phone, full_name, date_of_birth, locale, street, city, postal_code, country)
       ON CONFLICT (external_ref) DO UPDATE SET
         email = excluded.email, phone = excluded.phone, full_name = excluded.full_name, date_of_birth = excluded.date_of_birth,
         locale = excluded.locale, address_street = excluded.address_street, address_city = excluded.address_city,
         address_postal_code = excluded.address_postal_code, address_country = excluded.address_country, updated_at = now()
       WHERE (customer.email, customer.phone, customer.full_name, customer.date_of_birth, customer.locale, customer.address_street,
              customer.address_city, customer.address_postal_code, customer.address_country)
         IS DISTINCT FROM (excluded.email, excluded.phone, excluded.full_name, excluded.date_of_birth, excluded.locale,
              excluded.address_street, excluded.address_city, excluded.address_postal_code, excluded.address_country)
       RETURNING (xmax = 0) AS inserted`,
      [
        column('externalRef'),
        column('email'),
        column('phone'),
        column('fullName'),
        column('dateOfBirth'),
        column('locale'),
        column('street'),
        column('city'),
        column('postalCode'),
        column('country'),
      ],
    )) as Array<{ inserted: boolean }>;
    return changed.filter((row) => row.inserted).length;
  }

  private async upsertConsents(rows: readonly ImportRow[]): Promise<number> {
    const consents = rows.flatMap((row) => row.consents.map((consent) => ({ ref: row.externalRef, ...consent })));
    if (consents.length === 0) return 0;
    const events = (await this.runner.query(
      `WITH incoming AS (
         SELECT c.id AS customer_id, i.purpose_code, i.processor_id, i.granted_at, i.policy_version, i.evidence
         FROM unnest($1::text[], $2::text[], $3::uuid[], $4::timestamptz[], $5::text[], $6::jsonb[])
           AS i(ref, purpose_code, processor_id, granted_at, policy_version, evidence)
         JOIN LATERAL (${probe(`SELECT id FROM customer WHERE external_ref = i.ref`)}) c ON true),
       changed AS (
         INSERT INTO consent (customer_id, purpose_code, processor_id, status, status_changed_at, source, policy_version)
         SELECT customer_id, purpose_code, processor_id, 'GRANTED', granted_at, 'IMPORT', policy_version FROM incoming
         ON CONFLICT ON CONSTRAINT consent_one_per_recipient DO UPDATE SET
           status = 'GRANTED', status_changed_at = excluded.status_changed_at, source = 'IMPORT',
           policy_version = excluded.policy_version, updated_at = now()
         WHERE consent.status_changed_at < excluded.status_changed_at
         RETURNING id, customer_id, purpose_code, processor_id, status_changed_at, policy_version)
       INSERT INTO consent_event (consent_id, status, source, policy_version, occurred_at, actor, evidence)
       SELECT ch.id, 'GRANTED', 'IMPORT', ch.policy_version, ch.status_changed_at, $7, i.evidence
       FROM changed ch JOIN incoming i
         ON i.customer_id = ch.customer_id AND i.purpose_code = ch.purpose_code AND i.processor_id IS NOT DISTINCT FROM ch.processor_id
       RETURNING 1`,
      [
        consents.map((c) => c.ref),
        consents.map((c) => c.purpose),
        consents.map((c) => c.processorId),
        consents.map((c) => c.grantedAt),
        consents.map((c) => c.policyVersion),
        consents.map((c) => JSON.stringify(c.evidence)),
        this.actor,
      ],
    )) as unknown[];
    return events.length;
  }
}

/**
 * A lookup by a unique key, one index probe per batch row. As a plain join, the planner hashes the whole table
 * (customer, or the run's seen-tables) for every batch once it holds a few hundred thousand rows, which makes an
 * import slower with each batch. The LIMIT keeps the subquery from being flattened into such a join; on a unique
 * key it changes no result.
 */
const probe = (lookup: string) => `${lookup} LIMIT 1`;

/** A line rejected for several reasons is reported once, with the first. */
function firstReasonPerLine(rejections: Rejection[]): Rejection[] {
  const byLine = new Map<number, Rejection>();
  for (const rejection of rejections) if (!byLine.has(rejection.line)) byLine.set(rejection.line, rejection);
  return [...byLine.values()];
}
