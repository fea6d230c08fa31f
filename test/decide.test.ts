import type { Principal } from '../src/auth/principal';
import { customerVisibility, decidePersonalFieldRead, mayFilterOnPersonalData, type Decision } from '../src/policy/decide';

/** The one decision function, row by row, reading like the policy. */

const CUSTOMER_ID = '11111111-1111-4111-8111-111111111111';
const OTHER_ID = '22222222-2222-4222-8222-222222222222';
const PROCESSOR_ID = '33333333-3333-4333-8333-333333333333';

const principals: Record<string, Principal> = {
  'the customer themself': { role: 'customer', subject: CUSTOMER_ID, customerId: CUSTOMER_ID },
  'another customer': { role: 'customer', subject: OTHER_ID, customerId: OTHER_ID },
  'the privacy officer': { role: 'privacy_officer', subject: 'officer:1' },
  staff: { role: 'staff', subject: 'staff:1' },
  'an analyst': { role: 'analyst', subject: 'analyst:1' },
  'an affiliate': { role: 'affiliate', subject: 'p', processorId: PROCESSOR_ID, purposes: ['PERSONALIZATION'] },
  'an anonymous caller': { role: 'anonymous' },
};

type CustomerState = { id: string; erasedAt: Date | null };
const held: CustomerState = { id: CUSTOMER_ID, erasedAt: null };
const erased: CustomerState = { id: CUSTOMER_ID, erasedAt: new Date('2026-01-01') };

describe('decidePersonalFieldRead', () => {
  it.each<[string, CustomerState, Decision['allowed'], string]>([
    ['the customer themself', held, true, 'SELF'],
    ['the privacy officer', held, true, 'PRIVACY_OFFICER'],
    ['another customer', held, false, 'FORBIDDEN'],
    ['staff', held, false, 'FORBIDDEN'],
    ['an analyst', held, false, 'FORBIDDEN'],
    ['an affiliate', held, false, 'FORBIDDEN'],
    ['an anonymous caller', held, false, 'UNAUTHENTICATED'],
    ['the customer themself', erased, false, 'CUSTOMER_ERASED'],
    ['the privacy officer', erased, false, 'CUSTOMER_ERASED'],
  ])('%s reading a personal field of a customer %#: allowed %s (%s)', (who, customer, allowed, basisOrReason) => {
    const decision = decidePersonalFieldRead({ principal: principals[who], customer, category: 'contact.email' });
    expect(decision.allowed).toBe(allowed);
    expect(decision.allowed ? decision.basis : decision.reason).toBe(basisOrReason);
  });
});

describe('customerVisibility', () => {
  it.each([
    ['the privacy officer', { scope: 'ALL' }],
    ['staff', { scope: 'ALL' }],
    ['the customer themself', { scope: 'SELF', customerId: CUSTOMER_ID }],
    ['an affiliate', { scope: 'CONSENTED_TO_PROCESSOR', processorId: PROCESSOR_ID }],
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
