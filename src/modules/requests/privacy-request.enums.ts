import { registerEnumType } from 'type-graphql';

export enum PrivacyRequestType {
  ACCESS = 'ACCESS',
  RECTIFICATION = 'RECTIFICATION',
  ERASURE = 'ERASURE',
}

export enum PrivacyRequestStatus {
  AWAITING_VERIFICATION = 'AWAITING_VERIFICATION',
  VERIFIED = 'VERIFIED',
  AWAITING_FEE_ACCEPTANCE = 'AWAITING_FEE_ACCEPTANCE',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  REFUSED = 'REFUSED',
}

/** The grounds of policy §5 on which a request may be refused. */
export enum RefusalReason {
  TECHNICALLY_INFEASIBLE = 'TECHNICALLY_INFEASIBLE',
  ENDANGERS_OTHERS_PRIVACY = 'ENDANGERS_OTHERS_PRIVACY',
  REPETITIVE = 'REPETITIVE',
  IDENTITY_NOT_VERIFIED = 'IDENTITY_NOT_VERIFIED',
}

export enum VerificationMethod {
  ONE_TIME_CODE = 'ONE_TIME_CODE',
  STAFF_ASSISTED = 'STAFF_ASSISTED',
}

registerEnumType(PrivacyRequestType, {
  name: 'PrivacyRequestType',
  description: 'What the customer asks for in the personal cabinet (policy §5).',
  valuesConfig: {
    ACCESS: { description: 'See their personal data: an export to download.' },
    RECTIFICATION: { description: 'Correct their personal data.' },
    ERASURE: { description: 'Have their personal data deleted.' },
  },
});
registerEnumType(PrivacyRequestStatus, {
  name: 'PrivacyRequestStatus',
  description: 'Where a privacy request (policy §5) is in its workflow.',
  valuesConfig: {
    AWAITING_VERIFICATION: { description: 'The customer must still prove their identity with the code sent to them.' },
    VERIFIED: { description: 'Identity proven; waiting for a privacy officer.' },
    AWAITING_FEE_ACCEPTANCE: { description: 'A fee for excessive effort was set; the customer must accept it first.' },
    IN_PROGRESS: { description: 'A privacy officer is working on it.' },
    COMPLETED: { description: 'Done.' },
    REFUSED: { description: 'Refused, with a reason and a justification the customer can read.' },
  },
});
registerEnumType(RefusalReason, {
  name: 'RefusalReason',
  description: 'Why a request was refused (policy §5).',
  valuesConfig: {
    TECHNICALLY_INFEASIBLE: { description: 'Technically very hard to carry out.' },
    ENDANGERS_OTHERS_PRIVACY: { description: "Carrying it out would put other users' privacy at risk." },
    REPETITIVE: { description: 'Continuous or frequently repeated without need (the system proposes it).' },
    IDENTITY_NOT_VERIFIED: { description: 'The identity was not proven in time (set by the system).' },
  },
});
registerEnumType(VerificationMethod, {
  name: 'VerificationMethod',
  description: 'How the customer proved their identity and that the data is theirs (policy §5).',
  valuesConfig: {
    ONE_TIME_CODE: { description: 'The customer confirmed the one-time code(s) sent to them.' },
    STAFF_ASSISTED: { description: 'A staff member verified the caller on the phone.' },
  },
});
