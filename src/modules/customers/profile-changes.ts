import type { EntityManager } from 'typeorm';
import { apiError, ErrorCode } from '../../common/errors';
import { Customer } from './customer.entity';
import type { UpdateProfileInput } from './customer.input';

const UNIQUE_VIOLATION = '23505';

/**
 * Applies a profile change (the customer's own, or a verified rectification) and returns the names of the
 * fields whose value changed, as the API names them; never the values.
 */
export function applyProfileChanges(customer: Customer, input: UpdateProfileInput): string[] {
  if (input.email === null) throw apiError(ErrorCode.BAD_USER_INPUT, 'email cannot be cleared.', { argumentName: 'email' });
  const before = snapshot(customer);
  if (input.email !== undefined) customer.email = input.email;
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
  return (Object.keys(after) as Array<keyof typeof after>).filter((field) => after[field] !== before[field]);
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

/** Saves a changed profile; an email that another customer holds is refused as EMAIL_TAKEN. */
export async function saveProfile(manager: EntityManager, customer: Customer): Promise<Customer> {
  try {
    return await manager.save(customer);
  } catch (error) {
    const { code, constraint } = error as { code?: string; constraint?: string };
    if (code === UNIQUE_VIOLATION && constraint === 'customer_email_unique') {
      throw apiError(ErrorCode.EMAIL_TAKEN, 'That email address belongs to another customer.');
    }
    if (code === UNIQUE_VIOLATION && constraint === 'customer_external_ref_unique') {
      throw apiError(ErrorCode.EXTERNAL_REF_TAKEN, 'Another customer already has that external reference.');
    }
    throw error;
  }
}
