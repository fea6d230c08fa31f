import type { Principal } from '../auth/principal';
import type { ErrorCode } from '../common/errors';
import { categoryCovers, type DataCategory } from './data-categories';
import type { PurposeCode } from './purposes';

/**
 * The decision of whether a principal may read a customer's personal field. Pure: no database, no GraphQL;
 * the facts are gathered by the caller for the moment of the read. The shield rules call it; nothing else decides.
 */

/** Why a read is allowed; recorded in the audit log with every read by someone other than the customer. */
export type ReadBasis =
  | { kind: 'SELF' }
  | { kind: 'PRIVACY_OFFICER' }
  | { kind: 'CONSENT'; consentId: string }
  | { kind: 'DISCLOSURE'; disclosureId: string };

/**
 * Some of the API's error codes, as the strings they are: a name that is not an `ErrorCode` does not compile. The
 * strings rather than the enum's members, so that this module imports nothing of GraphQL at run time.
 */
type ErrorCodesAmong<Codes extends `${ErrorCode}`> = Codes;

/** Why a read is refused; surfaces as the error's `extensions.code`, so each is an `ErrorCode`. */
export type DenialReason = ErrorCodesAmong<
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'CUSTOMER_ERASED'
  | 'PROCESSOR_INACTIVE'
  | 'AGREEMENT_NOT_ACCEPTED'
  | 'PROCESSOR_NOT_TRUSTED'
  | 'PURPOSE_REQUIRED'
  | 'PURPOSE_NOT_ALLOWED'
  | 'CATEGORY_NOT_ALLOWED'
  | 'CONSENT_REQUIRED'
>;

export type Decision =
  | { allowed: true; basis: ReadBasis }
  | { allowed: false; reason: DenialReason; explanation: string };

/** The processor behind an affiliate principal, as it stands at the moment of the read. */
export interface ProcessorFacts {
  id: string;
  active: boolean;
  agreementAccepted: boolean;
  trusted: boolean;
  allowedPurposes: readonly PurposeCode[];
  permittedCategories: readonly string[];
}

export interface ConsentFacts {
  id: string;
  customerId: string;
  purposeCode: PurposeCode;
  processorId: string | null;
  status: 'GRANTED' | 'WITHDRAWN';
}

export interface DisclosureFacts {
  id: string;
  customerId: string;
  processorId: string;
  categories: readonly string[];
  expiresAt: Date;
  revokedAt: Date | null;
}

export interface PersonalFieldRead {
  principal: Principal;
  customer: { id: string; erasedAt: Date | null };
  category: DataCategory;
  /** The purpose the request was made for (X-Processing-Purpose, or the token's only purpose). */
  purpose: PurposeCode | null;
  /** For affiliates: their processor (null when it no longer exists), the customer's consents and disclosures. */
  processor?: ProcessorFacts | null;
  consents?: readonly ConsentFacts[];
  disclosures?: readonly DisclosureFacts[];
  now: Date;
}

const deny = (reason: DenialReason, explanation: string): Decision => ({ allowed: false, reason, explanation });
const allow = (basis: ReadBasis): Decision => ({ allowed: true, basis });

export function decidePersonalFieldRead(read: PersonalFieldRead): Decision {
  const { principal, customer } = read;
  // Erasure is final: not even the privacy officer reads a personal field afterwards (policy §5).
  if (customer.erasedAt !== null) return deny('CUSTOMER_ERASED', 'the customer has been erased');
  switch (principal.role) {
    case 'anonymous':
      return deny('UNAUTHENTICATED', 'sign in to read personal data');
    case 'customer':
      return principal.customerId === customer.id
        ? allow({ kind: 'SELF' })
        : deny('FORBIDDEN', 'a customer reads only their own personal data');
    case 'privacy_officer':
      return allow({ kind: 'PRIVACY_OFFICER' });
    case 'staff':
      return deny('FORBIDDEN', 'staff see no personal fields');
    case 'analyst':
      return deny('FORBIDDEN', 'analysts see aggregates, never personal fields');
    case 'affiliate':
      return decideRecipientRead(read, principal);
  }
}

/**
 * Policy §2: a recipient outside the company reads with specific permission and consent, or on a legal ground.
 * Consent is tried first: a read the customer consented to is recorded, and shown to the customer, as one, even
 * when a disclosure also covers it. Recorded under the disclosure, it would vanish from the customer's view when
 * that disclosure is hidden from them, and its absence would be the trace of the hidden disclosure.
 */
function decideRecipientRead(read: PersonalFieldRead, principal: Extract<Principal, { role: 'affiliate' }>): Decision {
  const { customer, category, processor, disclosures = [], now } = read;
  if (!processor || processor.id !== principal.processorId || !processor.active) {
    return deny('PROCESSOR_INACTIVE', 'the processor is not active');
  }
  const underConsent = decideConsentedRead(read, principal, processor);
  if (underConsent.allowed) return underConsent;
  const disclosure = disclosures.find(
    (d) =>
      d.processorId === processor.id &&
      d.customerId === customer.id &&
      d.revokedAt === null &&
      d.expiresAt > now &&
      d.categories.some((granted) => categoryCovers(granted, category)),
  );
  return disclosure ? allow({ kind: 'DISCLOSURE', disclosureId: disclosure.id }) : underConsent;
}

function decideConsentedRead(
  { customer, category, purpose, consents = [] }: PersonalFieldRead,
  principal: Extract<Principal, { role: 'affiliate' }>,
  processor: ProcessorFacts,
): Decision {
  if (!processor.agreementAccepted) {
    return deny('AGREEMENT_NOT_ACCEPTED', 'the processor has not accepted the processing agreement');
  }
  if (!processor.trusted) {
    return deny('PROCESSOR_NOT_TRUSTED', 'the processor has no specific permission from the privacy officer');
  }
  if (purpose === null) return deny('PURPOSE_REQUIRED', 'the request states no purpose');
  if (!principal.purposes.includes(purpose) || !processor.allowedPurposes.includes(purpose)) {
    return deny('PURPOSE_NOT_ALLOWED', `the processor may not process data for ${purpose}`);
  }
  if (!processor.permittedCategories.some((granted) => categoryCovers(granted, category))) {
    return deny('CATEGORY_NOT_ALLOWED', `the processor may not receive ${category}`);
  }
  const consent = consents.find(
    (c) => c.customerId === customer.id && c.status === 'GRANTED' && c.purposeCode === purpose && c.processorId === processor.id,
  );
  if (!consent) return deny('CONSENT_REQUIRED', `the customer has not consented to ${purpose} by this processor`);
  return allow({ kind: 'CONSENT', consentId: consent.id });
}

/**
 * Filtering or sorting on a personal field is a way to read it (a match says what the value is), so a
 * principal may do it only when it may read that field for every customer it can see: the privacy officer.
 */
export function mayFilterOnPersonalData(principal: Principal): boolean {
  return principal.role === 'privacy_officer';
}
