import { registerEnumType } from 'type-graphql';

export enum ConsentStatus {
  GRANTED = 'GRANTED',
  WITHDRAWN = 'WITHDRAWN',
}

export enum ConsentSource {
  SIGN_UP = 'SIGN_UP',
  PERSONAL_CABINET = 'PERSONAL_CABINET',
  STAFF_ASSISTED = 'STAFF_ASSISTED',
  IMPORT = 'IMPORT',
  /** Ended because the customer's data was erased on their request. */
  ERASURE = 'ERASURE',
}

registerEnumType(ConsentStatus, { name: 'ConsentStatus', description: 'Whether a consent is in force.' });
registerEnumType(ConsentSource, { name: 'ConsentSource', description: 'How the customer gave or withdrew a consent.' });
