import type { Principal } from '../../auth/principal';

/**
 * Which disclosures, and which reads made under them, a principal sees of a customer's record: the one place the
 * rule of policy §2 ("hidden from the customer on its ground") is applied, as SQL for statements and as a
 * predicate for rows already loaded. The customer's GraphQL fields (disclosures, access log), the access export, the
 * analysts' aggregates and anything else shown to someone other than the privacy officer use it, so that a hidden
 * disclosure leaves no trace in any of them: the filter runs before a page is cut, and every figure (fields per
 * recipient, dates, counts) is taken from the visible rows only.
 */
export type DisclosureView = 'ALL' | 'NOT_HIDDEN';

/** Disclosures hidden from the customer on their ground are seen by the privacy officer alone. */
export function disclosureView(principal: Principal): DisclosureView {
  return principal.role === 'privacy_officer' ? 'ALL' : 'NOT_HIDDEN';
}

/** The view of what is shown to the customer themself, whoever builds it (the access export is built by the system). */
export const CUSTOMER_VIEW: DisclosureView = 'NOT_HIDDEN';

/** A condition on the disclosure row under `alias`. */
export function visibleDisclosureCondition(view: DisclosureView, alias: string): string {
  return view === 'ALL' ? 'true' : `NOT ${hiddenDisclosureCondition(alias)}`;
}

/** An audit_event row under `alias` read on another basis than a disclosure (indexed apart, per customer). */
export function readUnderNoDisclosure(alias: string): string {
  return `${alias}.basis <> 'DISCLOSURE'`;
}

/** An audit_event row under `alias` read under the disclosure row `disclosureAlias` (indexed apart, per disclosure). */
export function readUnderDisclosure(alias: string, disclosureAlias: string): string {
  return `${alias}.basis = 'DISCLOSURE' AND ${alias}.basis_id = ${disclosureAlias}.id`;
}

/**
 * A condition on the audit_event row under `alias`: a read under a hidden disclosure would reveal the disclosure.
 * For statements that read all of a customer's reads; a page reads the two kinds above apart instead.
 */
export function visibleReadCondition(view: DisclosureView, alias: string): string {
  return view === 'ALL'
    ? 'true'
    : `NOT EXISTS (SELECT 1 FROM disclosure hidden WHERE hidden.id = ${alias}.basis_id AND ${hiddenDisclosureCondition('hidden')})`;
}

/**
 * The disclosure row under `alias` is hidden from the customer on its ground. Set when the disclosure is recorded
 * and never changed afterwards (no operation changes it): what was hidden stays hidden.
 */
export const hiddenDisclosureCondition = (alias: string) => `${alias}.hidden_from_customer`;

export function isVisibleDisclosure(view: DisclosureView, disclosure: { hiddenFromCustomer: boolean }): boolean {
  return view === 'ALL' || !disclosure.hiddenFromCustomer;
}
