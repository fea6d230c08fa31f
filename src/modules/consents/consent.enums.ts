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

registerEnumType(ConsentStatus, {
  name: 'ConsentStatus',
  description: 'Whether a consent is in force (policy §2).',
  valuesConfig: {
    GRANTED: { description: 'Given, and in force for the purpose and recipient it names.' },
    WITHDRAWN: { description: 'Withdrawn by the customer, or ended by erasure; effective from the next request.' },
  },
});
registerEnumType(ConsentSource, {
  name: 'ConsentSource',
  description: 'How the customer gave or withdrew a consent.',
  valuesConfig: {
    SIGN_UP: { description: 'Ticked at sign-up (registerCustomer), with the evidence of it.' },
    PERSONAL_CABINET: { description: 'By the customer in the personal cabinet (grantConsent, withdrawConsent).' },
    STAFF_ASSISTED: { description: "Recorded by a staff member on the customer's behalf." },
    IMPORT: { description: "Loaded by the bulk import from the company's existing systems." },
    ERASURE: { description: "Ended because the customer's data was erased on their request (policy §5)." },
  },
});
