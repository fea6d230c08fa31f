import { COUNTRY_CODES } from './country-codes';
import { boundedStringScalar } from './string-scalar';

const TWO_LETTERS = /^[A-Za-z]{2}$/;

/**
 * Read in either case and handed on in capitals, the only form the database stores; anything not on the list is
 * refused here, so no value reaches the database's CHECK to fail there. ASCII letters only before upper-casing:
 * "ß".toUpperCase() is "SS".
 */
export const CountryCodeScalar = boundedStringScalar({
  name: 'CountryCode',
  description:
    'A country code of ISO 3166-1 alpha-2 (XK for Kosovo included), e.g. AZ. Given in lower case it is read in capitals; ' +
    'it is always answered in capitals.',
  maxLength: 2,
  expected: 'an ISO 3166-1 alpha-2 country code such as AZ',
  read(value) {
    if (!TWO_LETTERS.test(value)) return null;
    const code = value.toUpperCase();
    return COUNTRY_CODES.has(code) ? code : null;
  },
});
