import type { Principal } from '../src/auth/principal';
import { ErrorCode } from '../src/common/errors';
import {
  decidePersonalFieldRead,
  mayFilterOnPersonalData,
  type ConsentFacts,
  type DenialReason,
  type DisclosureFacts,
  type PersonalFieldRead,
  type ProcessorFacts,
} from '../src/policy/decide';
import { customerVisibility } from '../src/policy/visibility/customers';
import type { DataCategory } from '../src/policy/data-categories';

/** The one decision function, row by row, reading like the policy. */

const CUSTOMER_ID = '11111111-1111-4111-8111-111111111111';
const OTHER_ID = '22222222-2222-4222-8222-222222222222';
const PROCESSOR_ID = '33333333-3333-4333-8333-333333333333';
const NOW = new Date('2026-11-25T12:00:00Z');

const affiliate: Principal = {
  role: 'affiliate',
  subject: 'processor',
  processorId: PROCESSOR_ID,
  purposes: ['PERSONALIZATION'],
  tokenId: '44444444-4444-4444-8444-444444444444',
};

const principals: Record<string, Principal> = {
  'the customer themself': { role: 'customer', subject: CUSTOMER_ID, customerId: CUSTOMER_ID },
  'another customer': { role: 'customer', subject: OTHER_ID, customerId: OTHER_ID },
  'the privacy officer': { role: 'privacy_officer', subject: 'officer:1' },
  staff: { role: 'staff', subject: 'staff:1' },
  'an analyst': { role: 'analyst', subject: 'analyst:1' },
  'an affiliate': affiliate,
  'an anonymous caller': { role: 'anonymous' },
};

type CustomerState = { id: string; erasedAt: Date | null };
const held: CustomerState = { id: CUSTOMER_ID, erasedAt: null };
const erased: CustomerState = { id: CUSTOMER_ID, erasedAt: new Date('2026-01-01') };

describe('decidePersonalFieldRead for the company side', () => {
  it.each<[string, CustomerState, boolean, string]>([
    ['the customer themself', held, true, 'SELF'],
    ['the privacy officer', held, true, 'PRIVACY_OFFICER'],
    ['another customer', held, false, 'FORBIDDEN'],
    ['staff', held, false, 'FORBIDDEN'],
    ['an analyst', held, false, 'FORBIDDEN'],
    ['an anonymous caller', held, false, 'UNAUTHENTICATED'],
    ['the customer themself', erased, false, 'CUSTOMER_ERASED'],
    ['the privacy officer', erased, false, 'CUSTOMER_ERASED'],
  ])('%s reading a personal field of a customer %#: allowed %s (%s)', (who, customer, allowed, basisOrReason) => {
    const decision = decidePersonalFieldRead({ principal: principals[who], customer, category: 'contact.email', purpose: null, now: NOW });
    expect(decision.allowed).toBe(allowed);
    expect(decision.allowed ? decision.basis.kind : decision.reason).toBe(basisOrReason);
  });
});

const trustedProcessor: ProcessorFacts = {
  id: PROCESSOR_ID,
  active: true,
  agreementAccepted: true,
  trusted: true,
  allowedPurposes: ['PERSONALIZATION', 'NEW_SERVICES'],
  permittedCategories: ['contact', 'identity.name'],
};
const grantedConsent: ConsentFacts = {
  id: 'consent-1',
  customerId: CUSTOMER_ID,
  purposeCode: 'PERSONALIZATION',
  processorId: PROCESSOR_ID,
  status: 'GRANTED',
};
const liveDisclosure: DisclosureFacts = {
  id: 'disclosure-1',
  customerId: CUSTOMER_ID,
  processorId: PROCESSOR_ID,
  categories: ['location'],
  expiresAt: new Date('2026-12-01T00:00:00Z'),
  revokedAt: null,
};

/** The affiliate's read of contact.email for PERSONALIZATION, with one fact changed per row. */
function recipientRead(change: Partial<PersonalFieldRead>): PersonalFieldRead {
  return {
    principal: affiliate,
    customer: held,
    category: 'contact.email',
    purpose: 'PERSONALIZATION',
    processor: trustedProcessor,
    consents: [grantedConsent],
    disclosures: [],
    now: NOW,
    ...change,
  };
}

describe('decidePersonalFieldRead for a recipient (policy §2)', () => {
  it.each<[string, Partial<PersonalFieldRead>, string]>([
    ['a trusted, scoped processor with live consent', {}, 'CONSENT:consent-1'],
    ['a child category of a permitted parent (contact covers contact.phone)', { category: 'contact.phone' }, 'CONSENT:consent-1'],
    ['an exactly permitted category', { category: 'identity.name' }, 'CONSENT:consent-1'],
    ['an erased customer', { customer: erased }, 'CUSTOMER_ERASED'],
    ['a processor that no longer exists', { processor: null }, 'PROCESSOR_INACTIVE'],
    ['an inactive processor', { processor: { ...trustedProcessor, active: false } }, 'PROCESSOR_INACTIVE'],
    ['a processor without an accepted agreement', { processor: { ...trustedProcessor, agreementAccepted: false } }, 'AGREEMENT_NOT_ACCEPTED'],
    ['a processor without specific permission', { processor: { ...trustedProcessor, trusted: false } }, 'PROCESSOR_NOT_TRUSTED'],
    ['a request stating no purpose', { purpose: null }, 'PURPOSE_REQUIRED'],
    [
      'a purpose outside the token',
      { purpose: 'NEW_SERVICES', consents: [{ ...grantedConsent, purposeCode: 'NEW_SERVICES' }] },
      'PURPOSE_NOT_ALLOWED',
    ],
    [
      'a purpose the processor may not be used for',
      {
        principal: { ...affiliate, purposes: ['TECHNICAL_SUPPORT'] },
        purpose: 'TECHNICAL_SUPPORT',
        consents: [{ ...grantedConsent, purposeCode: 'TECHNICAL_SUPPORT' }],
      },
      'PURPOSE_NOT_ALLOWED',
    ],
    ['a category the processor is not permitted', { category: 'location.address' }, 'CATEGORY_NOT_ALLOWED'],
    ['a sibling of a permitted category', { category: 'identity.date_of_birth' }, 'CATEGORY_NOT_ALLOWED'],
    ['no consent', { consents: [] }, 'CONSENT_REQUIRED'],
    ['a withdrawn consent', { consents: [{ ...grantedConsent, status: 'WITHDRAWN' }] }, 'CONSENT_REQUIRED'],
    ['a consent for another purpose', { consents: [{ ...grantedConsent, purposeCode: 'NEW_SERVICES' }] }, 'CONSENT_REQUIRED'],
    ['a consent to another recipient', { consents: [{ ...grantedConsent, processorId: OTHER_ID }] }, 'CONSENT_REQUIRED'],
    ['a consent to the company only', { consents: [{ ...grantedConsent, processorId: null }] }, 'CONSENT_REQUIRED'],
    ['a consent of another customer', { consents: [{ ...grantedConsent, customerId: OTHER_ID }] }, 'CONSENT_REQUIRED'],
    [
      'a live disclosure of the category, without consent',
      { category: 'location.address', consents: [], disclosures: [liveDisclosure] },
      'DISCLOSURE:disclosure-1',
    ],
    // Recorded on the consent, the read stays in the customer's view even when the disclosure is hidden from them.
    [
      'a live consent and a live disclosure of the same category: the consent',
      { category: 'location.address', processor: { ...trustedProcessor, permittedCategories: ['location'] }, disclosures: [liveDisclosure] },
      'CONSENT:consent-1',
    ],
    [
      'a live disclosure where the consent stops short (a category the processor was not permitted)',
      { category: 'location.address', processor: { ...trustedProcessor, permittedCategories: ['contact'] }, disclosures: [liveDisclosure] },
      'DISCLOSURE:disclosure-1',
    ],
    [
      'a live disclosure, even to an untrusted processor',
      { category: 'location.address', processor: { ...trustedProcessor, trusted: false }, disclosures: [liveDisclosure] },
      'DISCLOSURE:disclosure-1',
    ],
    ['a disclosure of other categories only', { category: 'identity.date_of_birth', disclosures: [liveDisclosure] }, 'CATEGORY_NOT_ALLOWED'],
    ['an expired disclosure', { category: 'location.address', disclosures: [{ ...liveDisclosure, expiresAt: NOW }] }, 'CATEGORY_NOT_ALLOWED'],
    ['a revoked disclosure', { category: 'location.address', disclosures: [{ ...liveDisclosure, revokedAt: NOW }] }, 'CATEGORY_NOT_ALLOWED'],
    [
      'a disclosure about another customer',
      { category: 'location.address', disclosures: [{ ...liveDisclosure, customerId: OTHER_ID }] },
      'CATEGORY_NOT_ALLOWED',
    ],
    [
      'a disclosure to another recipient',
      { category: 'location.address', disclosures: [{ ...liveDisclosure, processorId: OTHER_ID }] },
      'CATEGORY_NOT_ALLOWED',
    ],
    [
      'a live disclosure to an inactive processor',
      { category: 'location.address', processor: { ...trustedProcessor, active: false }, disclosures: [liveDisclosure] },
      'PROCESSOR_INACTIVE',
    ],
  ])('%s: %#', (_case, change, expected) => {
    const decision = decidePersonalFieldRead(recipientRead(change));
    const outcome = decision.allowed
      ? `${decision.basis.kind}${'consentId' in decision.basis ? `:${decision.basis.consentId}` : ''}${'disclosureId' in decision.basis ? `:${decision.basis.disclosureId}` : ''}`
      : decision.reason;
    expect(outcome).toBe(expected);
  });

  it.each<DataCategory>(['contact.email', 'contact.phone', 'identity.name'])('allows %s with every fact in order', (category) => {
    expect(decidePersonalFieldRead(recipientRead({ category })).allowed).toBe(true);
  });
});

describe('the reasons a read is refused', () => {
  // Every reason, exactly (a missing or an extra key does not compile).
  const reasons: Record<DenialReason, true> = {
    UNAUTHENTICATED: true,
    FORBIDDEN: true,
    CUSTOMER_ERASED: true,
    PROCESSOR_INACTIVE: true,
    AGREEMENT_NOT_ACCEPTED: true,
    PROCESSOR_NOT_TRUSTED: true,
    PURPOSE_REQUIRED: true,
    PURPOSE_NOT_ALLOWED: true,
    CATEGORY_NOT_ALLOWED: true,
    CONSENT_REQUIRED: true,
  };

  it.each(Object.keys(reasons))('%s is an ErrorCode the API answers with', (reason) => {
    expect(Object.values<string>(ErrorCode)).toContain(reason);
  });
});

describe('customerVisibility', () => {
  it.each([
    ['the privacy officer', { scope: 'ALL' }],
    ['staff', { scope: 'ALL' }],
    ['the customer themself', { scope: 'SELF', customerId: CUSTOMER_ID }],
    ['an affiliate', { scope: 'RECIPIENT', processorId: PROCESSOR_ID }],
    ['an analyst', { scope: 'NONE' }],
    ['an anonymous caller', { scope: 'NONE' }],
  ])('%s sees %o', (who, visibility) => {
    expect(customerVisibility(principals[who])).toEqual(visibility);
  });
});

describe('mayFilterOnPersonalData', () => {
  it.each(Object.keys(principals))('is %s', (who) => {
    expect(mayFilterOnPersonalData(principals[who])).toBe(who === 'the privacy officer');
  });
});
