import { registerEnumType } from 'type-graphql';

export enum Locale {
  AZ = 'az',
  EN = 'en',
}

registerEnumType(Locale, {
  name: 'Locale',
  description: 'A language the policy is published in.',
  valuesConfig: {
    AZ: { description: 'Azerbaijani, as the policy text is published.' },
    EN: { description: 'English, a reading of the published text.' },
  },
});
