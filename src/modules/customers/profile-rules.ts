/**
 * The rules of a profile, each defined once: the API's inputs (customer.input.ts, registration.input.ts) declare them
 * with class-validator, and the bulk import validates each record as those same inputs (intake/import/validate-record.ts).
 * The forms of email, phone, date and country are their scalars' (src/common/scalars/), used by both alike.
 */

/** The longest value of each text field, in characters (code points, as class-validator's MaxLength counts them). */
export const PROFILE_MAX_LENGTH = {
  fullName: 200,
  street: 200,
  city: 100,
  externalRef: 200,
  /** Of the policy text shown with the consents (ConsentEvidenceInput.policyVersion). */
  policyVersion: 40,
} as const;

/** The most consents one sign-up (or one imported record) may give. */
export const MAX_CONSENTS_AT_SIGN_UP = 50;

/** The earliest date of birth accepted. */
export const EARLIEST_DATE_OF_BIRTH = '1900-01-02';

/**
 * Letters, digits, spaces and dashes, 2 to 12 characters, a letter or digit at each end. Linear: anchored at the
 * start, so there is one starting point; the run between the ends is at most 10 characters, so a failed match gives
 * back at most 10 of them, once.
 */
export const POSTAL_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 -]{0,10}[A-Za-z0-9]$/;
