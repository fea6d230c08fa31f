export { CountryCodeScalar } from './country-code';
export { EmailAddressScalar } from './email-address';
export { LocalDateScalar } from './local-date';
export { PhoneNumberScalar } from './phone-number';
export { UUIDScalar } from './uuid';
