import { boundedStringScalar } from './string-scalar';

/** The longest address SMTP can carry (RFC 5321's 256-octet path, less its angle brackets). */
const EMAIL_ADDRESS_MAX_LENGTH = 254;

/**
 * The HTML specification's "valid e-mail address" (the pattern graphql-scalars' EmailAddress used, so the
 * same addresses are accepted). Linear: the local part's class has no "@", so its run ends at the one "@";
 * a domain label's class has no ".", so each "." starts the next label, and a label (at most 63 characters)
 * can only end at a "." or the end; a failed match backtracks at most 62 steps per label. And it runs on
 * at most 254 characters.
 */
const HTML_EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

export const EmailAddressScalar = boundedStringScalar({
  name: 'EmailAddress',
  description:
    'An email address as the HTML specification defines a valid one ' +
    '(https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address), at most 254 characters.',
  specifiedByURL: 'https://html.spec.whatwg.org/multipage/input.html#valid-e-mail-address',
  maxLength: EMAIL_ADDRESS_MAX_LENGTH,
  expected: 'an email address such as name@example.az',
  read: (value) => (HTML_EMAIL.test(value) ? value : null),
});
