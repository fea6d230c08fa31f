import type { PoolClient } from 'pg';
import type { QueryRunner } from 'typeorm';
import type { Actor } from '../../../auth/actor';
import { isUniqueViolation } from '../../../db/unique-violation';
import { copyFreshCustomers, freshCustomerText } from './fresh-customers';
import { probe } from './unique-probe';
import type { BatchCheck } from './import-checker';
import type { ImportRow } from './validate-record';

/** What a writer takes of a checked batch: its rows, new customers apart from stored ones. */
export type WritableBatch = Pick<BatchCheck, 'fresh' | 'stored'>;

export interface BatchResult {
  written: number;
  /** Rows that changed something: a new or updated customer, or a consent changed. The rest were already stored as given. */
  changed: number;
  inserted: number;
  consentsChanged: number;
}

const NOTHING_WRITTEN: BatchResult = { written: 0, changed: 0, inserted: 0, consentsChanged: 0 };

/**
 * Writes checked rows, each batch in one transaction on a connection of its own, so that batches can be written
 * side by side: no two batches of a run hold the same customer, since the checker lets each email and reference
 * through once. New customers go in with COPY; stored ones are upserts. Re-running the same file gives the same
 * state: customers are keyed by externalRef, a consent changes only when the file's grant is newer than what is
 * stored (so a later withdrawal is never undone), and an event is written only for a change.
 */
export class ImportWriter {
  constructor(
    private readonly runner: QueryRunner,
    private readonly actor: Actor,
  ) {}

  async write(batch: WritableBatch): Promise<BatchResult> {
    const rows = [...batch.fresh, ...batch.stored];
    if (rows.length === 0) return NOTHING_WRITTEN;
    try {
      return await this.inTransaction(async () => {
        await copyFreshCustomers(await this.client(), freshCustomerText(batch.fresh, this.actor));
        const updated = await this.upsert(batch.stored);
        const freshConsents = batch.fresh.reduce((sum, row) => sum + row.consents.length, 0);
        return {
          written: rows.length,
          changed: batch.fresh.length + updated.changed,
          inserted: batch.fresh.length + updated.inserted,
          consentsChanged: freshConsents + updated.consentsChanged,
        };
      });
    } catch (error) {
      // Someone else (a sign-up, another import) stored one of these customers since they were checked.
      if (batch.fresh.length === 0 || !isUniqueViolation(error, 'customer_external_ref_unique', 'customer_email_unique')) throw error;
      return this.inTransaction(() => this.upsert(rows));
    }
  }

  private async upsert(rows: readonly ImportRow[]): Promise<BatchResult> {
    if (rows.length === 0) return NOTHING_WRITTEN;
    const customers = await this.upsertCustomers(rows);
    const consents = await this.upsertConsents(rows);
    // A row changed something when its customer or any of its consents did; each customer is one row of the batch.
    const changed = new Set([...customers.map((customer) => customer.id), ...consents.map((consent) => consent.customer_id)]);
    return {
      written: rows.length,
      changed: changed.size,
      inserted: customers.filter((customer) => customer.inserted).length,
      consentsChanged: consents.length,
    };
  }

  private async inTransaction(work: () => Promise<BatchResult>): Promise<BatchResult> {
    await this.runner.startTransaction();
    try {
      const result = await work();
      await this.runner.commitTransaction();
      return result;
    } catch (error) {
      await this.runner.rollbackTransaction();
      throw error;
    }
  }

  /** The connection's own pg client, for COPY, which TypeORM does not offer. */
  private async client(): Promise<PoolClient> {
    // PostgresQueryRunner.connect() is typed Promise<any>; on a connected runner it returns its pg pool client.
    return (await this.runner.connect()) as PoolClient;
  }

  /** The customers inserted or changed; one already stored as the file gives it is left alone and not returned. */
  private async upsertCustomers(rows: readonly ImportRow[]): Promise<Array<{ id: string; inserted: boolean }>> {
    const column = <K extends keyof ImportRow>(key: K) => rows.map((row) => row[key]);
    return (await this.runner.query(
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
       RETURNING id, (xmax = 0) AS inserted`,
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
    )) as Array<{ id: string; inserted: boolean }>;
  }

  /** One entry per consent changed (and its event written), naming the customer. */
  private async upsertConsents(rows: readonly ImportRow[]): Promise<Array<{ customer_id: string }>> {
    const consents = rows.flatMap((row) => row.consents.map((consent) => ({ ref: row.externalRef, ...consent })));
    if (consents.length === 0) return [];
    return (await this.runner.query(
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
         RETURNING id, customer_id, purpose_code, processor_id, status_changed_at, policy_version),
       events AS (
         INSERT INTO consent_event (consent_id, status, source, policy_version, occurred_at, actor, evidence)
         SELECT ch.id, 'GRANTED', 'IMPORT', ch.policy_version, ch.status_changed_at, $7, i.evidence
         FROM changed ch JOIN incoming i
           ON i.customer_id = ch.customer_id AND i.purpose_code = ch.purpose_code AND i.processor_id IS NOT DISTINCT FROM ch.processor_id
         RETURNING consent_id)
       SELECT ch.customer_id FROM events e JOIN changed ch ON ch.id = e.consent_id`,
      [
        consents.map((c) => c.ref),
        consents.map((c) => c.purpose),
        consents.map((c) => c.processorId),
        consents.map((c) => c.grantedAt),
        consents.map((c) => c.policyVersion),
        consents.map((c) => JSON.stringify(c.evidence)),
        this.actor,
      ],
    )) as Array<{ customer_id: string }>;
  }
}
