import type { SqlParameters } from '../../db/sql-parameters';
import { hiddenDisclosureCondition, visibleDisclosureCondition, type DisclosureView } from './disclosures';
import { recipientLinks, type RecipientLink } from './customers';

/**
 * Which of a customer's refused reads (src/modules/refusals/) a principal sees. A recipient that sees the customer
 * only through a disclosure hidden from them (policy §2) is one the customer must not learn of: its refusals are
 * written naming that disclosure, and left out of the customer's view as the reads made under it are (see
 * disclosures.ts). A recipient that also holds a consent or a visible disclosure is one the customer knows: its
 * refusals are shown.
 */

/**
 * SQL for the id of a live hidden disclosure through which alone the recipient `processorId` sees the customer
 * `customerId` (an SQL expression), or null when a consent or a visible disclosure links them too.
 */
export function hiddenLinkOnly(processorId: string, customerId: string, params: SqlParameters): string {
  const [consent, disclosure] = recipientLinks(processorId, params);
  const linked = (link: RecipientLink, condition: string) =>
    `SELECT link.id FROM ${link.from} WHERE link.customer_id = ${customerId} AND ${link.live} AND ${condition}`;
  return `CASE WHEN EXISTS (${linked(consent, 'true')}) OR EXISTS (${linked(disclosure, visibleDisclosureCondition('NOT_HIDDEN', 'link'))})
    THEN NULL ELSE (${linked(disclosure, hiddenDisclosureCondition('link'))} ORDER BY link.id LIMIT 1) END`;
}

/**
 * A condition on the refused_read row under `alias`. A disclosure stays hidden once recorded so (see disclosures.ts),
 * hence a refusal that names one is hidden for good; the customer's rows are read from an index of the others alone
 * (RefusalsUnderHiddenDisclosures), so that hidden refusals cost the customer's page nothing, not even time.
 */
export function visibleRefusalCondition(view: DisclosureView, alias: string): string {
  return view === 'ALL' ? 'true' : `${alias}.hidden_disclosure_id IS NULL`;
}
