import type { PoolClient } from 'pg';
import { v7 as timeOrderedUuid } from 'uuid';
import type { Actor } from '../../../auth/actor';
import { copyInto, copyLine } from '../../../db/copy-text';
import type { ImportRow } from './validate-record';

/**
 * Customers not stored yet, written with COPY: each row goes in once, with no conflict to resolve and no id to
 * read back (the ids are made here, so each consent event can name its consent), which is most of what a first
 * import of a customer base costs the server.
 *
 * The ids are time-ordered (UUIDv7), so that a batch's entries in the indexes on customer and consent ids land
 * on the last few pages instead of on a random page each, which once those indexes outgrow the server's buffers
 * costs a read and a write per row. The time they carry is the row's creation, which `createdAt` shows anyway.
 */

/** The columns each table's COPY writes, in the order the tables must be written (foreign keys). */
export const FRESH_CUSTOMER_COLUMNS = {
  customer: [
    'id',
    'external_ref',
    'email',
    'phone',
    'full_name',
    'date_of_birth',
    'locale',
    'address_street',
    'address_city',
    'address_postal_code',
    'address_country',
  ],
  consent: ['id', 'customer_id', 'purpose_code', 'processor_id', 'status', 'status_changed_at', 'source', 'policy_version'],
  // No id: an identity column, numbered by the server.
  consent_event: ['consent_id', 'status', 'source', 'policy_version', 'occurred_at', 'actor', 'evidence'],
} as const;

export type FreshCustomerTable = keyof typeof FRESH_CUSTOMER_COLUMNS;

export const FRESH_CUSTOMER_TABLES = Object.keys(FRESH_CUSTOMER_COLUMNS) as FreshCustomerTable[];

/** The COPY text of the rows of new customers, one text per table, in the order they must be written. */
export type FreshCustomerText = Record<FreshCustomerTable, string>;

export function freshCustomerText(rows: readonly ImportRow[], actor: Actor): FreshCustomerText {
  const text: FreshCustomerText = { customer: '', consent: '', consent_event: '' };
  for (const row of rows) {
    const customerId = timeOrderedUuid();
    text.customer += copyLine([
      customerId,
      row.externalRef,
      row.email,
      row.phone,
      row.fullName,
      row.dateOfBirth,
      row.locale,
      row.street,
      row.city,
      row.postalCode,
      row.country,
    ]);
    for (const consent of row.consents) {
      const consentId = timeOrderedUuid();
      const grantedAt = consent.grantedAt.toISOString();
      text.consent += copyLine([consentId, customerId, consent.purpose, consent.processorId, 'GRANTED', grantedAt, 'IMPORT', consent.policyVersion]);
      const evidence = consent.evidence === null ? null : JSON.stringify(consent.evidence);
      text.consent_event += copyLine([consentId, 'GRANTED', 'IMPORT', consent.policyVersion, grantedAt, actor, evidence]);
    }
  }
  return text;
}

/** Writes new customers, their consents and one event per consent, in the client's current transaction. */
export async function copyFreshCustomers(client: PoolClient, text: FreshCustomerText): Promise<void> {
  for (const table of FRESH_CUSTOMER_TABLES) await copyInto(client, table, FRESH_CUSTOMER_COLUMNS[table], text[table]);
}
