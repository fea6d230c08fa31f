import { registerEnumType } from 'type-graphql';

export enum PrivacyRequestType {
  ACCESS = 'ACCESS',
  RECTIFICATION = 'RECTIFICATION',
  ERASURE = 'ERASURE',
}

export enum PrivacyRequestStatus {
  AWAITING_VERIFICATION = 'AWAITING_VERIFICATION',
  VERIFIED = 'VERIFIED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  REFUSED = 'REFUSED',
}

registerEnumType(PrivacyRequestType, {
  name: 'PrivacyRequestType',
  description: 'What the customer asks for in the personal cabinet (policy §5).',
});
registerEnumType(PrivacyRequestStatus, { name: 'PrivacyRequestStatus' });
