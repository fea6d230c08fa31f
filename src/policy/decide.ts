import type { Principal } from '../auth/principal';
import type { DataCategory } from './data-categories';

/**
 * The decision of whether a principal may read a customer's personal field. Pure: no database, no GraphQL.
 * The shield rules call it; nothing else decides.
 */

/** Why a read is allowed; recorded with every read by someone other than the customer. */
export type AccessBasis = 'SELF' | 'PRIVACY_OFFICER';

/** Why a read is refused; surfaces as the error's `extensions.code`. */
export type DenialReason = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'CUSTOMER_ERASED';

export type Decision =
  | { allowed: true; basis: AccessBasis }
  | { allowed: false; reason: DenialReason; explanation: string };

export interface PersonalFieldRead {
  principal: Principal;
  customer: { id: string; erasedAt: Date | null };
  category: DataCategory;
}

const deny = (reason: DenialReason, explanation: string): Decision => ({ allowed: false, reason, explanation });

export function decidePersonalFieldRead({ principal, customer }: PersonalFieldRead): Decision {
  // Erasure is final: not even the privacy officer reads a personal field afterwards (policy §5).
  if (customer.erasedAt !== null) return deny('CUSTOMER_ERASED', 'the customer has been erased');
  switch (principal.role) {
    case 'anonymous':
      return deny('UNAUTHENTICATED', 'sign in to read personal data');
    case 'customer':
      return principal.customerId === customer.id
        ? { allowed: true, basis: 'SELF' }
        : deny('FORBIDDEN', "a customer reads only their own personal data");
    case 'privacy_officer':
      return { allowed: true, basis: 'PRIVACY_OFFICER' };
    case 'staff':
      return deny('FORBIDDEN', 'staff see no personal fields');
    case 'analyst':
      return deny('FORBIDDEN', 'analysts see aggregates, never personal fields');
    case 'affiliate':
      return deny('FORBIDDEN', 'affiliates read personal fields only through a consent, which is not enabled yet');
  }
}

/** Which customers a principal may see at all (their non-personal fields, or that they exist). */
export type CustomerVisibility =
  | { scope: 'ALL' }
  | { scope: 'SELF'; customerId: string }
  | { scope: 'CONSENTED_TO_PROCESSOR'; processorId: string }
  | { scope: 'NONE' };

export function customerVisibility(principal: Principal): CustomerVisibility {
  switch (principal.role) {
    case 'privacy_officer':
    case 'staff':
      return { scope: 'ALL' };
    case 'customer':
      return { scope: 'SELF', customerId: principal.customerId };
    // An affiliate learns of a customer only once that customer has a live consent naming it.
    case 'affiliate':
      return { scope: 'CONSENTED_TO_PROCESSOR', processorId: principal.processorId };
    case 'analyst':
    case 'anonymous':
      return { scope: 'NONE' };
  }
}

/**
 * Filtering or sorting on a personal field is a way to read it (a match says what the value is), so a
 * principal may do it only when it may read that field for every customer it can see: the privacy officer.
 */
export function mayFilterOnPersonalData(principal: Principal): boolean {
  return principal.role === 'privacy_officer';
}
