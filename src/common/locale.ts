import { registerEnumType } from 'type-graphql';

export enum Locale {
  AZ = 'az',
  EN = 'en',
}

registerEnumType(Locale, { name: 'Locale', description: 'A language the policy is published in.' });
