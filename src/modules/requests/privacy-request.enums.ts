import { registerEnumType } from 'type-graphql';
import { REFUSAL_REASONS } from '../../policy/refusal-reasons';
import { VERIFICATION_METHODS } from '../../policy/verification-methods';
import { registerVocabularyEnum } from '../vocabulary/vocabulary-enum';

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

/** The grounds of policy §5 on which a request may be refused (src/policy/refusal-reasons.ts). */
export const RefusalReason = registerVocabularyEnum(REFUSAL_REASONS, {
  name: 'RefusalReason',
  description: 'Why a request was refused (policy §5).',
});
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

/** How identity and ownership were proven (src/policy/verification-methods.ts). */
export const VerificationMethod = registerVocabularyEnum(VERIFICATION_METHODS, {
  name: 'VerificationMethod',
  description: 'How the customer proved their identity and that the data is theirs (policy §5).',
});
export type VerificationMethod = (typeof VerificationMethod)[keyof typeof VerificationMethod];

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
