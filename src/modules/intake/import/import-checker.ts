import type { QueryRunner } from 'typeorm';
import { probe } from './unique-probe';
import type { ImportRow } from './validate-record';

export interface Rejection {
  line: number;
  reason: string;
}

export interface BatchCheck {
  /** Rows of customers not stored yet: written as new rows. */
  fresh: ImportRow[];
  /** Rows of customers stored already (by their externalRef): written as updates. */
  stored: ImportRow[];
  rejections: Rejection[];
}

export const ERASED_REASON = 'the customer was erased on request and is not imported again';

export const EMAIL_TAKEN_REASON = 'email belongs to another customer';

interface StoredFact {
  stored: boolean;
  erased: boolean;
  emailTaken: boolean;
}

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
    let facts = await this.storedFacts(rows);
    if ([...facts.values()].some((fact) => fact.emailTaken)) {
      await settle();
      facts = await this.storedFacts(rows);
    }
    const conflicts = [...facts].flatMap(([line, fact]) => [
      ...(fact.emailTaken ? [{ line, reason: EMAIL_TAKEN_REASON }] : []),
      ...(fact.erased ? [{ line, reason: ERASED_REASON }] : []),
    ]);
    const rejections = firstReasonPerLine([...duplicates, ...conflicts]);
    const rejected = new Set(rejections.map((rejection) => rejection.line));
    const accepted = rows.filter((row) => !rejected.has(row.line));
    const isStored = (row: ImportRow) => facts.get(row.line)?.stored === true;
    return { fresh: accepted.filter((row) => !isStored(row)), stored: accepted.filter(isStored), rejections };
  }

  /** The first line with an email or reference wins; a later line repeating it is rejected, naming the first. */
  private async duplicatesWithinFile(rows: readonly ImportRow[]): Promise<Rejection[]> {
    const lines = rows.map((row) => row.line);
    return [
      ...(await this.repeated(
        'import_seen_email',
        'email',
        lines,
        rows.map((row) => row.email.toLowerCase()),
      )),
      ...(await this.repeated(
        'import_seen_ref',
        'externalRef',
        lines,
        rows.map((row) => row.externalRef),
      )),
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

  /**
   * The rows whose customer is stored already or whose email another customer holds, by line; an erased
   * customer's reference is stored but never imported again. Rows of customers not stored yet are left out.
   */
  private async storedFacts(rows: readonly ImportRow[]): Promise<Map<number, StoredFact>> {
    const facts = (await this.runner.query(
      `WITH batch AS (SELECT * FROM unnest($1::int[], $2::text[], $3::text[]) AS b(line, email, ref))
       SELECT b.line, r.id IS NOT NULL AS stored, r.erased_at IS NOT NULL AS erased,
              coalesce(e.held, false) AND e.external_ref IS DISTINCT FROM b.ref AS "emailTaken"
       FROM batch b
       LEFT JOIN LATERAL (${probe(`SELECT id, erased_at FROM customer c WHERE c.external_ref = b.ref`)}) r ON true
       LEFT JOIN LATERAL (${probe(`SELECT true AS held, external_ref FROM customer c WHERE lower(c.email) = lower(b.email) AND c.email IS NOT NULL`)}) e ON true
       WHERE r.id IS NOT NULL OR e.held`,
      [rows.map((row) => row.line), rows.map((row) => row.email), rows.map((row) => row.externalRef)],
    )) as Array<StoredFact & { line: number }>;
    return new Map(facts.map(({ line, ...fact }) => [line, fact]));
  }
}

/** A line rejected for several reasons is reported once, with the first. */
function firstReasonPerLine(rejections: Rejection[]): Rejection[] {
  const byLine = new Map<number, Rejection>();
  for (const rejection of rejections) if (!byLine.has(rejection.line)) byLine.set(rejection.line, rejection);
  return [...byLine.values()];
}
