import type { EntityManager } from 'typeorm';
import { apiError, ErrorCode } from '../../common/errors';
import { answeringUniqueViolation, type UniqueConflict } from '../../db/unique-violation';
import { Customer } from './customer.entity';
import type { UpdateProfileInput } from './customer.input';

/** What a profile change did: the fields changed now, and an address that waits for its code before it is the email. */
export interface ProfileChange {
  /** As the API names them; never the values. */
  changedFields: string[];
  emailToConfirm: string | null;
}

/** Whether two addresses are one, as the database's uniqueness of emails compares them. */
export function sameAddress(one: string, other: string | null): boolean {
  return other !== null && one.toLowerCase() === other.toLowerCase();
}

/**
 * Applies a profile change (the customer's own, a sign-up, or a verified rectification). A new email is never set
 * here: whoever holds the address confirms it first (see email-confirmation.ts), so that no answer tells whether
 * another customer holds it. The same address in other letter case is the customer's own and is set at once.
 */
export function applyProfileChanges(customer: Customer, input: UpdateProfileInput): ProfileChange {
  if (input.email === null) throw apiError(ErrorCode.BAD_USER_INPUT, 'email cannot be cleared.', { argumentName: 'email' });
  const before = snapshot(customer);
  const emailToConfirm = input.email === undefined || sameAddress(input.email, customer.email) ? null : input.email;
  if (input.email !== undefined && emailToConfirm === null) customer.email = input.email;
  if (input.phone !== undefined) customer.phone = input.phone;
  if (input.fullName !== undefined) customer.fullName = input.fullName?.trim() ?? null;
  if (input.dateOfBirth !== undefined) customer.dateOfBirth = input.dateOfBirth;
  if (input.locale !== undefined && input.locale !== null) customer.locale = input.locale;
  if (input.address !== undefined) {
    customer.addressStreet = input.address?.street ?? null;
    customer.addressCity = input.address?.city ?? null;
    customer.addressPostalCode = input.address?.postalCode ?? null;
    customer.addressCountry = input.address?.country ?? null;
  }
  const after = snapshot(customer);
  return {
    changedFields: (Object.keys(after) as Array<keyof typeof after>).filter((field) => after[field] !== before[field]),
    emailToConfirm,
  };
}

function snapshot(customer: Customer) {
  return {
    email: customer.email,
    phone: customer.phone,
    fullName: customer.fullName,
    dateOfBirth: customer.dateOfBirth,
    locale: customer.locale,
    address: JSON.stringify(customer.address),
  };
}

/**
 * Saves a changed profile; an externalRef another customer has is EXTERNAL_REF_TAKEN. That one may be told: it is
 * the company's own identifier of the person in its other systems, which only the sign-up backend sends, not
 * personal data a caller could try to find someone by.
 */
export function saveProfile(manager: EntityManager, customer: Customer): Promise<Customer> {
  return answeringUniqueViolation(EXTERNAL_REF_TAKEN, () => manager.save(customer));
}

const EXTERNAL_REF_TAKEN: UniqueConflict = {
  constraint: 'customer_external_ref_unique',
  code: ErrorCode.EXTERNAL_REF_TAKEN,
  message: 'Another customer already has that external reference.',
};
