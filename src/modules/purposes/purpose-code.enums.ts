import { registerEnumType } from 'type-graphql';
import { PURPOSES, type PurposeCode } from '../../policy/purposes';

/** The purposes of policy §1 as a GraphQL enum, so that an unknown code is rejected before any resolver runs. */
export const PurposeCodeEnum = Object.fromEntries(PURPOSES.map((purpose) => [purpose.key, purpose.key])) as {
  [Code in PurposeCode]: Code;
};

registerEnumType(PurposeCodeEnum, {
  name: 'PurposeCode',
  description: 'A purpose of processing from policy §1.',
  valuesConfig: Object.fromEntries(PURPOSES.map((purpose) => [purpose.key, { description: purpose.description.en }])),
});
