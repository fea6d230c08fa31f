import type { Principal } from '../../auth/principal';
import type { SqlParameters } from '../../db/sql-parameters';

/**
 * Which customer rows a principal may see, decided here and rendered as SQL here: the one place the rows are
 * chosen, for pages, point reads and counts alike. What it may read of a row it sees is decided field by field
 * (src/policy/decide.ts).
 */

/** Which customers a principal may see at all (their non-personal fields, or that they exist). */
export type CustomerVisibility =
  | { scope: 'ALL' }
  | { scope: 'SELF'; customerId: string }
  | { scope: 'RECIPIENT'; processorId: string }
  | { scope: 'NONE' };

export function customerVisibility(principal: Principal): CustomerVisibility {
  switch (principal.role) {
    case 'privacy_officer':
    case 'staff':
      return { scope: 'ALL' };
    case 'customer':
      return { scope: 'SELF', customerId: principal.customerId };
    // A recipient learns of a customer only through a live consent naming it or a live disclosure to it.
    case 'affiliate':
      return { scope: 'RECIPIENT', processorId: principal.processorId };
    case 'analyst':
    case 'anonymous':
      return { scope: 'NONE' };
  }
}


/**
 * What links a recipient to a customer it may see: a GRANTED consent naming it, or a disclosure to it that is
 * neither revoked nor expired, while the recipient is active. An inactive processor receives nothing, not even
 * that a customer exists: no ids, no page, no count. Each link is a row `link` of a table with `customer_id` and `customer_created_at`
 * (indexed recipient first in that order, see the RecipientPageOrder migration).
 */
export interface RecipientLink {
  /** The table, aliased `link`. */
  from: string;
  /** The condition on `link` that makes it a live link to the recipient. */
  live: string;
  /**
   * What the decision needs to know of the link, as the columns `kind, id, purpose_code, categories, expires_at`
   * (see src/modules/processors/recipient-links.loaders.ts).
   */
  facts: string;
}

export function recipientLinks(processorId: string, params: SqlParameters): RecipientLink[] {
  const processor = params.add(processorId);
  // A condition on no row: PostgreSQL evaluates it once per statement (an InitPlan), not per link.
  const active = `EXISTS (SELECT 1 FROM processor recipient WHERE recipient.id = ${processor} AND recipient.active)`;
  return [
    {
      from: 'consent link',
      live: `link.processor_id = ${processor} AND link.status = 'GRANTED' AND ${active}`,
      facts: `'CONSENT' AS kind, link.id, link.purpose_code, NULL::text[] AS categories, NULL::timestamptz AS expires_at`,
    },
    {
      from: 'disclosure link',
      live: `link.processor_id = ${processor} AND link.revoked_at IS NULL AND link.expires_at > now() AND ${active}`,
      facts: `'DISCLOSURE' AS kind, link.id, NULL AS purpose_code, link.categories, link.expires_at`,
    },
  ];
}

/** A condition on the customer row under `alias`. */
export function visibleCustomerCondition(visibility: CustomerVisibility, alias: string, params: SqlParameters): string {
  switch (visibility.scope) {
    case 'ALL':
      return 'true';
    case 'SELF':
      return `${alias}.id = ${params.add(visibility.customerId)}`;
    case 'RECIPIENT': {
      const exists = recipientLinks(visibility.processorId, params).map(
        (link) => `EXISTS (SELECT 1 FROM ${link.from} WHERE link.customer_id = ${alias}.id AND ${link.live})`,
      );
      return `(${exists.join(' OR ')})`;
    }
    case 'NONE':
      return 'false';
  }
}
