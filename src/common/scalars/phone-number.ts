import { boundedStringScalar } from './string-scalar';

/** "+" and at most 15 digits (ITU-T E.164): nothing longer is read further. */
const PHONE_NUMBER_MAX_LENGTH = 16;

/**
 * E.164 as the database's CHECK on customer.phone has it: "+", a first digit 1-9, 7 to 15 digits in all.
 * Linear: every character of a match is taken by exactly one element of the pattern (a literal "+", one
 * [1-9], then a single run of [0-9]), with no alternation and no quantifier inside another, so the engine
 * never has a second way to try; and it runs on at most 16 characters.
 */
const E164 = /^\+[1-9][0-9]{6,14}$/;

export const PhoneNumberScalar = boundedStringScalar({
  name: 'PhoneNumber',
  description:
    'A phone number in E.164 form (https://en.wikipedia.org/wiki/E.164): "+", the country code and the number, ' +
    '7 to 15 digits in all, the first 1-9, with no spaces or punctuation, e.g. +994501234567.',
  maxLength: PHONE_NUMBER_MAX_LENGTH,
  expected: 'in E.164 form: "+" and 7 to 15 digits, the first 1-9, no spaces or punctuation (e.g. +994501234567)',
  read: (value) => (E164.test(value) ? value : null),
});
