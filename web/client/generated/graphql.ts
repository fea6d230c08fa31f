/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** On what basis a customer's personal data was read. */
export type AccessBasis =
  /** The customer downloading the export of their own access request. */
  | 'ACCESS_REQUEST'
  /** The customer's consent to this purpose and recipient. */
  | 'CONSENT'
  /** A disclosure on a legal ground of policy §2. */
  | 'DISCLOSURE'
  /** The privacy officer, in the course of their duties. */
  | 'PRIVACY_OFFICER';

/** A postal address. Every part is replaced; omit the whole `address` to keep it. */
export type AddressInput = {
  /** City or town, at most 100 characters. Personal data: location.address. */
  city?: string | null | undefined;
  /** Country, ISO 3166-1 alpha-2, stored in capitals. Personal data: location.address. */
  country?: string | null | undefined;
  /** Letters, digits, spaces and dashes, 2 to 12 characters. Personal data: location.address. */
  postalCode?: string | null | undefined;
  /** Street and house, at most 200 characters. Personal data: location.address. */
  street?: string | null | undefined;
};

/** A request a staff member takes on the phone, having verified the caller. */
export type AssistedPrivacyRequestInput = {
  /** For RECTIFICATION: the corrections, validated like a profile update. */
  changes?: UpdateProfileInput | null | undefined;
  /** The caller, as a customer id. */
  customerId: string;
  /** How the identity and ownership were verified, e.g. "security questions and callback". */
  identityCheck: string;
  /** The service whose procedure applies (see requestProcedures). */
  service?: string;
  /** Access, rectification or erasure. */
  type: PrivacyRequestType;
};

/** What a verification of the sealed audit log found wrong. */
export type AuditLogProblem =
  /** The checkpoint given to compare with is not signed by this log's key. */
  | 'ANCHOR_FORGED'
  /** The log does not contain the checkpoint given to compare with. */
  | 'ANCHOR_NOT_IN_LOG'
  /** A checkpoint's signature does not verify with the log's key. */
  | 'CHECKPOINT_FORGED'
  /** A batch number is skipped: a checkpoint was removed. */
  | 'CHECKPOINT_MISSING'
  /** A sealed event's content is not what was sealed. */
  | 'EVENT_CHANGED'
  /** A sealed event is no longer in the log. */
  | 'EVENT_MISSING'
  /** An event that is neither sealed nor waiting to be sealed. */
  | 'EVENT_NOT_SEALED'
  /** A sealed event stands at another position than the one it was sealed at. */
  | 'EVENT_REORDERED'
  /** No leaf at a position the checkpoints cover. */
  | 'LEAF_MISSING'
  /** A leaf beyond the latest checkpoint, written by something other than the sequencer. */
  | 'LEAF_NOT_SIGNED'
  /** A batch's events do not give its signed root. */
  | 'ROOT_MISMATCH'
  /** The checkpoint a previous verification passed is gone or has another root: the log was rolled back or rewritten. */
  | 'VERIFIED_CHECKPOINT_REPLACED';

/** How the customer gave or withdrew a consent. */
export type ConsentSource =
  /** Ended because the customer's data was erased on their request (policy §5). */
  | 'ERASURE'
  /** Loaded by the bulk import from the company's existing systems. */
  | 'IMPORT'
  /** By the customer in the personal cabinet (grantConsent, withdrawConsent). */
  | 'PERSONAL_CABINET'
  /** Ticked at sign-up (registerCustomer), with the evidence of it. */
  | 'SIGN_UP'
  /** Recorded by a staff member on the customer's behalf. */
  | 'STAFF_ASSISTED';

/** Whether a consent is in force (policy §2). */
export type ConsentStatus =
  /** Given, and in force for the purpose and recipient it names. */
  | 'GRANTED'
  /** Withdrawn by the customer, or ended by erasure; effective from the next request. */
  | 'WITHDRAWN';

/** A one-time extension of a request's deadline (privacy officer). */
export type DeadlineExtensionInput = {
  /** Days to add, 1 to 60. */
  days: number;
  /** Why more time is needed; recorded in the request history. */
  reason: string;
};

/** Where a message is in its delivery. */
export type DeliveryStatus =
  /** Confirmed as acted on, by the processor or a privacy officer. */
  | 'CONFIRMED'
  /** The sender could not deliver it. */
  | 'FAILED'
  /** Queued; the sender has not sent it yet. */
  | 'PENDING'
  /** Sent; the processor has not confirmed it yet. */
  | 'SENT';

/** A ground of policy §2 for access without consent. */
export type DisclosureGround =
  /** Detecting and preventing fraud; resolving security or technical problems. */
  | 'FRAUD_SECURITY'
  /** Applicable law, legal process or a lawful government request. */
  | 'LEGAL_OBLIGATION'
  /** Protecting users or the public against harm to their rights, property or safety. */
  | 'SAFETY_OF_USERS'
  /** Enforcing the terms of service, including investigating potential violations. */
  | 'TERMS_ENFORCEMENT';

/** A fee for a request that takes excessive effort (policy §5); access and correction only. */
export type FeeInput = {
  /** Decimal amount, e.g. "15.00". */
  amount: string;
  /** ISO 4217 code. */
  currency?: string;
  /** Why the request takes excessive effort. */
  justification: string;
};

/** A language the policy is published in. */
export type Locale =
  /** Azerbaijani, as the policy text is published. */
  | 'AZ'
  /** English, a reading of the published text. */
  | 'EN';

/** The kind of message a privacy request (policy §5) or a new email address causes: a code to the customer or to the address, a notice to a processor, or a notice to the holder of an address someone else gave. */
export type NoticeKind =
  /** A one-time code to a new email address, which becomes the customer's once confirmed; never listed as a notice. */
  | 'EMAIL_CONFIRMATION_CODE'
  /** Tells a customer that someone gave their email address as theirs (naming nothing of who); sent instead of a code, never listed as a notice. */
  | 'EMAIL_IN_USE_NOTICE'
  /** Tells a processor that received the data that the customer's data was erased. */
  | 'ERASURE_NOTICE'
  /** Tells a processor that received the data that a field it read was corrected. */
  | 'RECTIFICATION_NOTICE'
  /** A one-time code to the customer, to prove their identity; never listed as a notice. */
  | 'VERIFICATION_CODE';

/** The kind of a GraphQL operation: a trusted document's one operation is a query, a mutation or a subscription. */
export type OperationType =
  | 'MUTATION'
  | 'QUERY'
  | 'SUBSCRIPTION';

/** Where a privacy request (policy §5) is in its workflow. */
export type PrivacyRequestStatus =
  /** A fee for excessive effort was set; the customer must accept it first. */
  | 'AWAITING_FEE_ACCEPTANCE'
  /** The customer must still prove their identity with the code sent to them. */
  | 'AWAITING_VERIFICATION'
  /** Done. */
  | 'COMPLETED'
  /** A privacy officer is working on it. */
  | 'IN_PROGRESS'
  /** Refused, with a reason and a justification the customer can read. */
  | 'REFUSED'
  /** Identity proven; waiting for a privacy officer. */
  | 'VERIFIED';

/** What the customer asks for in the personal cabinet (policy §5). */
export type PrivacyRequestType =
  /** See their personal data: an export to download. */
  | 'ACCESS'
  /** Have their personal data deleted. */
  | 'ERASURE'
  /** Correct their personal data. */
  | 'RECTIFICATION';

/** An affiliate of the company, or a third party processing on its instructions (policy §2). */
export type ProcessorKind =
  /** A company affiliated with Allprint. */
  | 'AFFILIATE'
  /** Another party processing on the company's instructions under a processing agreement. */
  | 'THIRD_PARTY';

/** A purpose of processing from policy §1. */
export type PurposeCode =
  /** Developing new kinds of services. */
  | 'NEW_SERVICES'
  /** Showing users personalised content and advertising. */
  | 'PERSONALIZATION'
  /** Protecting the rights and property of the company or of its users. */
  | 'RIGHTS_AND_PROPERTY_PROTECTION'
  /** Checking, research and analysis that protect and improve the services. */
  | 'SERVICE_PROTECTION_AND_IMPROVEMENT'
  /** Keeping the services technically running. */
  | 'TECHNICAL_SUPPORT';

/** A disclosure without consent on one of the grounds of policy §2. */
export type RecordDisclosureInput = {
  /** Data categories disclosed, e.g. contact.email or contact. */
  categories: Array<string>;
  /** The customer whose data is disclosed. */
  customerId: string;
  /** When it stops letting the recipient read; must be in the future. */
  expiresAt: string;
  /** The ground of policy §2 the disclosure rests on. */
  ground: DisclosureGround;
  /** Keep it from the customer; needs hiddenReason. */
  hiddenFromCustomer?: boolean;
  /** Why the customer must not see it; required when hiddenFromCustomer. */
  hiddenReason?: string | null | undefined;
  /** Why the ground applies: read by the customer unless hidden. */
  justification: string;
  /** The recipient (a registered processor). */
  processorId: string;
  /** External reference, e.g. an order number. */
  reference: string;
};

/** Why a request is refused (policy §5). */
export type RefusalInput = {
  /** Written for the customer, who reads it. */
  justification: string;
  /** The ground of policy §5; REPETITIVE only where the system proposes it, IDENTITY_NOT_VERIFIED never (the system sets it). */
  reason: RefusalReason;
};

/** Why a request was refused (policy §5). */
export type RefusalReason =
  /** Carrying it out would put other users' privacy at risk. */
  | 'ENDANGERS_OTHERS_PRIVACY'
  /** The identity was not proven in time (set by the system). */
  | 'IDENTITY_NOT_VERIFIED'
  /** Continuous or frequently repeated without need (the system proposes it). */
  | 'REPETITIVE'
  /** Technically very hard to carry out. */
  | 'TECHNICALLY_INFEASIBLE';

/** A new affiliate or third party (policy §2). It starts untrusted: trust is granted separately. */
export type RegisterProcessorInput = {
  /** When it accepted the processing agreement; omit if it has not yet. */
  agreementAcceptedAt?: string | null | undefined;
  /** The purposes it may ever be used for. */
  allowedPurposes: Array<PurposeCode>;
  /** Country of establishment, ISO 3166-1 alpha-2, stored in capitals. */
  country: string;
  /** Affiliate or third party. */
  kind: ProcessorKind;
  /** Name, at most 200 characters; one another processor has (case-insensitively) is PROCESSOR_NAME_TAKEN. */
  name: string;
  /** Data categories it may receive, e.g. contact.email; none when omitted. */
  permittedCategories?: Array<string> | null | undefined;
};

/** An operation to allow for a processor, as the exact text its requests will carry. */
export type RegisterTrustedDocumentInput = {
  /** The document text, byte for byte as the partner will send it: it must parse, validate against the schema and hold exactly one operation (fragments allowed); at most 100000 characters. */
  document: string;
  /** A name for the officer's list, at most 200 characters. */
  name?: string | null | undefined;
  /** The processor the document is for. */
  processorId: string;
};

/** A request from the personal cabinet (policy §5). */
export type SubmitPrivacyRequestInput = {
  /** For RECTIFICATION: the corrections, validated like a profile update. */
  changes?: UpdateProfileInput | null | undefined;
  /** The service whose procedure applies (see requestProcedures). */
  service?: string;
  /** Access, rectification or erasure. */
  type: PrivacyRequestType;
};

/** Changes to a processor (policy §2); omitted fields are left as they are. */
export type UpdateProcessorInput = {
  /** An inactive processor receives nothing. */
  active?: boolean | null | undefined;
  /** Null records that the agreement no longer holds. */
  agreementAcceptedAt?: string | null | undefined;
  /** Replaces the whole list. */
  allowedPurposes?: Array<PurposeCode> | null | undefined;
  /** New country of establishment, ISO 3166-1 alpha-2, stored in capitals. */
  country?: string | null | undefined;
  /** New name, at most 200 characters, unique case-insensitively. */
  name?: string | null | undefined;
  /** Replaces the whole list of data categories it may receive. */
  permittedCategories?: Array<string> | null | undefined;
};

/** Changes to a profile (policy §4: customers keep their data current themselves). An omitted field is kept; null clears it, except email. */
export type UpdateProfileInput = {
  /** Postal address, given as a whole. Personal data: location.address. */
  address?: AddressInput | null | undefined;
  /** Date of birth, before today and not before 1900-01-02. Personal data: identity.date_of_birth. */
  dateOfBirth?: string | null | undefined;
  /** New email address; cannot be cleared. Another address than the current one becomes the email only once the code sent to it is confirmed (see Customer.pendingEmail); the same one in other letter case is set at once. Personal data: contact.email. */
  email?: string | null | undefined;
  /** Full name, at most 200 characters. Personal data: identity.name. */
  fullName?: string | null | undefined;
  /** The language the customer reads the policy in; null leaves it unchanged. */
  locale?: Locale | null | undefined;
  /** Phone number in E.164, e.g. +994501234567. Personal data: contact.phone. */
  phone?: string | null | undefined;
};

/** How the customer proved their identity and that the data is theirs (policy §5). */
export type VerificationMethod =
  /** The customer confirmed the one-time code(s) sent to them. */
  | 'ONE_TIME_CODE'
  /** A staff member verified the caller on the phone. */
  | 'STAFF_ASSISTED';

export type CustomerForPartnerQueryVariables = Exact<{
  id: string;
}>;


export type CustomerForPartnerQuery = { customer: { id: string, email: string | null, fullName: string | null } | null };

export type ConfirmNoticeMutationVariables = Exact<{
  id: string;
}>;


export type ConfirmNoticeMutation = { confirmNotice: { id: string, kind: NoticeKind, status: DeliveryStatus, confirmedAt: string | null } | null };

export type VocabularyTermFieldsFragment = { key: string, policySection: string, name: { az: string, en: string }, description: { az: string, en: string } };

export type PolicyVocabularyQueryVariables = Exact<{ [key: string]: never; }>;


export type PolicyVocabularyQuery = { purposes: Array<{ code: PurposeCode, policySection: string, consentRequired: boolean, title: { az: string, en: string }, description: { az: string, en: string } }>, dataCategories: Array<{ key: string, parent: string | null, name: { az: string, en: string }, description: { az: string, en: string } }>, disclosureGrounds: Array<{ key: string, policySection: string, name: { az: string, en: string }, description: { az: string, en: string } }>, refusalReasons: Array<{ key: string, policySection: string, name: { az: string, en: string }, description: { az: string, en: string } }>, verificationMethods: Array<{ key: string, policySection: string, name: { az: string, en: string }, description: { az: string, en: string } }>, processors: Array<{ id: string, name: string, kind: ProcessorKind, country: string, active: boolean, trusted: boolean, allowedPurposes: Array<{ code: PurposeCode }> }> | null };

export type MyProfileQueryVariables = Exact<{ [key: string]: never; }>;


export type MyProfileQuery = { me: { id: string, locale: Locale, createdAt: string, updatedAt: string, erasedAt: string | null, fullName: string | null, email: string | null, pendingEmail: string | null, phone: string | null, dateOfBirth: string | null, address: { street: string | null, city: string | null, postalCode: string | null, country: string | null } | null, consents: Array<{ id: string, status: ConsentStatus, source: ConsentSource, policyVersion: string, statusChangedAt: string, purpose: { code: PurposeCode, title: { az: string, en: string } }, recipient: { id: string, name: string } | null }> | null } | null };

export type UpdateMyProfileMutationVariables = Exact<{
  input: UpdateProfileInput;
}>;


export type UpdateMyProfileMutation = { updateMyProfile: { id: string, updatedAt: string, locale: Locale, fullName: string | null, email: string | null, pendingEmail: string | null, phone: string | null, dateOfBirth: string | null, address: { street: string | null, city: string | null, postalCode: string | null, country: string | null } | null } | null };

export type ConfirmMyEmailMutationVariables = Exact<{
  code: string;
}>;


export type ConfirmMyEmailMutation = { confirmMyEmail: { id: string, email: string | null, pendingEmail: string | null } | null };

export type GrantConsentMutationVariables = Exact<{
  purpose: PurposeCode;
  processorId?: string | null | undefined;
}>;


export type GrantConsentMutation = { grantConsent: { id: string, status: ConsentStatus, statusChangedAt: string } | null };

export type WithdrawConsentMutationVariables = Exact<{
  purpose: PurposeCode;
  processorId?: string | null | undefined;
}>;


export type WithdrawConsentMutation = { withdrawConsent: { id: string, status: ConsentStatus, statusChangedAt: string } | null };

export type MyConsentsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyConsentsQuery = { myConsents: Array<{ id: string, status: ConsentStatus, receipt: Record<string, unknown>, purpose: { code: PurposeCode }, recipient: { name: string } | null, history: Array<{ status: ConsentStatus, source: ConsentSource, occurredAt: string, policyVersion: string }> }> | null };

export type MyAccessLogQueryVariables = Exact<{ [key: string]: never; }>;


export type MyAccessLogQuery = { me: { accessLog: Array<{ occurredAt: string, actorRole: string, basis: AccessBasis, fields: Array<string>, processor: { name: string, kind: ProcessorKind, country: string } | null, purpose: { code: PurposeCode, title: { en: string } } | null, disclosure: { ground: DisclosureGround, reference: string } | null, inclusionProof: { leafIndex: number, treeSize: number, leafData: string, auditPath: Array<string>, checkpoint: { document: string } } | null }> | null, disclosures: Array<{ ground: DisclosureGround, reference: string, justification: string, categories: Array<string>, expiresAt: string, recipient: { name: string } | null }> | null } | null };

export type SubmitPrivacyRequestMutationVariables = Exact<{
  input: SubmitPrivacyRequestInput;
}>;


export type SubmitPrivacyRequestMutation = { submitPrivacyRequest: { id: string, type: PrivacyRequestType, status: PrivacyRequestStatus, dueAt: string } | null };

export type VerifyPrivacyRequestMutationVariables = Exact<{
  id: string;
  code: string;
}>;


export type VerifyPrivacyRequestMutation = { verifyPrivacyRequest: { id: string, status: PrivacyRequestStatus, verifiedAt: string | null } | null };

export type AcceptPrivacyRequestFeeMutationVariables = Exact<{
  id: string;
}>;


export type AcceptPrivacyRequestFeeMutation = { acceptPrivacyRequestFee: { id: string, status: PrivacyRequestStatus, fee: { amount: string, currency: string, acceptedAt: string | null } | null } | null };

export type MyPrivacyRequestsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyPrivacyRequestsQuery = { me: { privacyRequests: Array<{ id: string, type: PrivacyRequestType, service: string, status: PrivacyRequestStatus, submittedAt: string, dueAt: string, overdue: boolean, closedAt: string | null, changedFields: Array<string> | null, refusalReason: RefusalReason | null, refusalJustification: string | null, fee: { amount: string, currency: string, justification: string, acceptedAt: string | null } | null, history: Array<{ fromStatus: PrivacyRequestStatus | null, toStatus: PrivacyRequestStatus, actor: string, occurredAt: string }> }> | null } | null };

export type MyDataExportQueryVariables = Exact<{
  requestId: string;
}>;


export type MyDataExportQuery = { privacyRequestExport: { requestId: string, expiresAt: string, readable: string, document: Record<string, unknown> } | null };

export type AuditLogExtendsMyCheckpointQueryVariables = Exact<{
  fromTreeSize: number;
}>;


export type AuditLogExtendsMyCheckpointQuery = { auditConsistencyProof: { hashes: Array<string>, from: { treeSize: number, rootHash: string }, to: { document: string } } | null };

export type CabinetRecipientsQueryVariables = Exact<{ [key: string]: never; }>;


export type CabinetRecipientsQuery = { processors: Array<{ id: string, name: string, kind: ProcessorKind, country: string, active: boolean, allowedPurposes: Array<{ code: PurposeCode }> }> | null };

export type CabinetConsentsQueryVariables = Exact<{ [key: string]: never; }>;


export type CabinetConsentsQuery = { myConsents: Array<{ id: string, status: ConsentStatus, statusChangedAt: string, receipt: Record<string, unknown>, purpose: { code: PurposeCode }, recipient: { id: string, name: string } | null, history: Array<{ status: ConsentStatus, source: ConsentSource, occurredAt: string, policyVersion: string }> }> | null };

export type CabinetAccessLogQueryVariables = Exact<{ [key: string]: never; }>;


export type CabinetAccessLogQuery = { me: { accessLog: Array<{ id: string, occurredAt: string, actorRole: string, basis: AccessBasis, fields: Array<string>, processor: { id: string, name: string } | null, purpose: { code: PurposeCode } | null, disclosure: { ground: DisclosureGround, reference: string } | null, inclusionProof: { leafIndex: number, treeSize: number, leafData: string, auditPath: Array<string>, checkpoint: { document: string } } | null }> | null } | null };

export type CabinetVocabularyQueryVariables = Exact<{ [key: string]: never; }>;


export type CabinetVocabularyQuery = { disclosureGrounds: Array<{ key: string, policySection: string, name: { az: string, en: string }, description: { az: string, en: string } }>, refusalReasons: Array<{ key: string, name: { az: string, en: string } }> };

export type CabinetRefusedReadsQueryVariables = Exact<{ [key: string]: never; }>;


export type CabinetRefusedReadsQuery = { me: { id: string, refusedReads: Array<{ id: string, occurredAt: string, fields: Array<string>, reason: string, processor: { id: string, name: string } | null, purpose: { code: PurposeCode } | null }> | null } | null };

export type TrustedDocumentDetailsFragment = { id: string, processorId: string, hash: string, name: string | null, operationName: string | null, operationType: OperationType, registeredAt: string, registeredBy: string, revokedAt: string | null, revokedBy: string | null };

export type ProcessorTrustedDocumentsQueryVariables = Exact<{ [key: string]: never; }>;


export type ProcessorTrustedDocumentsQuery = { processors: Array<{ id: string, name: string, trustedDocumentsOnly: boolean, trustedDocuments: Array<{ document: string, id: string, processorId: string, hash: string, name: string | null, operationName: string | null, operationType: OperationType, registeredAt: string, registeredBy: string, revokedAt: string | null, revokedBy: string | null }> | null }> | null };

export type RegisterTrustedDocumentMutationVariables = Exact<{
  input: RegisterTrustedDocumentInput;
}>;


export type RegisterTrustedDocumentMutation = { registerTrustedDocument: { id: string, processorId: string, hash: string, name: string | null, operationName: string | null, operationType: OperationType, registeredAt: string, registeredBy: string, revokedAt: string | null, revokedBy: string | null } | null };

export type RevokeTrustedDocumentMutationVariables = Exact<{
  id: string;
}>;


export type RevokeTrustedDocumentMutation = { revokeTrustedDocument: { id: string, processorId: string, hash: string, name: string | null, operationName: string | null, operationType: OperationType, registeredAt: string, registeredBy: string, revokedAt: string | null, revokedBy: string | null } | null };

export type SetTrustedDocumentsOnlyMutationVariables = Exact<{
  processorId: string;
  enabled: boolean;
}>;


export type SetTrustedDocumentsOnlyMutation = { setTrustedDocumentsOnly: { id: string, trustedDocumentsOnly: boolean } | null };

export type CustomersByEmailQueryVariables = Exact<{
  emailContains: string;
}>;


export type CustomersByEmailQuery = { customers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, createdAt: string, erasedAt: string | null, fullName: string | null, email: string | null, phone: string | null, dateOfBirth: string | null, address: { city: string | null, country: string | null } | null } }> } | null };

export type ProcessorDetailsFragment = { id: string, name: string, kind: ProcessorKind, country: string, active: boolean, agreementAcceptedAt: string | null, trusted: boolean, trustedAt: string | null, trustedBy: string | null, createdAt: string, updatedAt: string, allowedPurposes: Array<{ code: PurposeCode }> };

export type RegisterProcessorMutationVariables = Exact<{
  input: RegisterProcessorInput;
}>;


export type RegisterProcessorMutation = { registerProcessor: { id: string, name: string, kind: ProcessorKind, country: string, active: boolean, agreementAcceptedAt: string | null, trusted: boolean, trustedAt: string | null, trustedBy: string | null, createdAt: string, updatedAt: string, allowedPurposes: Array<{ code: PurposeCode }> } | null };

export type UpdateProcessorMutationVariables = Exact<{
  id: string;
  input: UpdateProcessorInput;
}>;


export type UpdateProcessorMutation = { updateProcessor: { id: string, name: string, kind: ProcessorKind, country: string, active: boolean, agreementAcceptedAt: string | null, trusted: boolean, trustedAt: string | null, trustedBy: string | null, createdAt: string, updatedAt: string, allowedPurposes: Array<{ code: PurposeCode }> } | null };

export type GrantProcessorTrustMutationVariables = Exact<{
  id: string;
}>;


export type GrantProcessorTrustMutation = { grantProcessorTrust: { id: string, trusted: boolean, trustedAt: string | null, trustedBy: string | null } | null };

export type WithdrawProcessorTrustMutationVariables = Exact<{
  id: string;
}>;


export type WithdrawProcessorTrustMutation = { withdrawProcessorTrust: { id: string, trusted: boolean, trustedAt: string | null, trustedBy: string | null } | null };

export type OpenPrivacyRequestsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type OpenPrivacyRequestsQuery = { privacyRequests: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, customerId: string, type: PrivacyRequestType, status: PrivacyRequestStatus, submittedAt: string, dueAt: string } }> } | null };

export type IssueProcessorTokenMutationVariables = Exact<{
  processorId: string;
  purposes: Array<PurposeCode> | PurposeCode;
  ttlSeconds?: number | null | undefined;
}>;


export type IssueProcessorTokenMutation = { issueProcessorToken: { token: string, record: { id: string, purposes: Array<PurposeCode>, expiresAt: string } } | null };

export type RevokeTokenMutationVariables = Exact<{
  id: string;
}>;


export type RevokeTokenMutation = { revokeToken: { id: string, revokedAt: string | null } | null };

export type RecordDisclosureMutationVariables = Exact<{
  input: RecordDisclosureInput;
}>;


export type RecordDisclosureMutation = { recordDisclosure: { id: string, ground: DisclosureGround, reference: string, categories: Array<string>, expiresAt: string, live: boolean } | null };

export type RevokeDisclosureMutationVariables = Exact<{
  id: string;
}>;


export type RevokeDisclosureMutation = { revokeDisclosure: { id: string, revokedAt: string | null, live: boolean } | null };

export type ConsentsAtQueryVariables = Exact<{
  customerId: string;
  at: string;
}>;


export type ConsentsAtQuery = { consentsAt: Array<{ consentId: string, status: ConsentStatus, since: string, source: ConsentSource, policyVersion: string, purpose: { code: PurposeCode }, recipient: { name: string } | null }> | null };

export type VerifyAuditChainQueryVariables = Exact<{
  full?: boolean | null | undefined;
  anchor?: string | null | undefined;
}>;


export type VerifyAuditChainQuery = { verifyAuditChain: { intact: boolean, fromTreeSize: number, treeSize: number, checkedEvents: number, unsealedEvents: number, problem: AuditLogProblem | null, description: string | null, firstBrokenBatch: number | null, firstBrokenLeafIndex: number | null, firstBrokenEventId: string | null } | null };

export type ExportAuditCheckpointQueryVariables = Exact<{ [key: string]: never; }>;


export type ExportAuditCheckpointQuery = { auditCheckpoint: { treeSize: number, issuedAt: string, document: string } | null };

export type AuditSealStatusQueryVariables = Exact<{ [key: string]: never; }>;


export type AuditSealStatusQuery = { auditSealStatus: { unsealedEvents: number, oldestUnsealedSeconds: number | null, lagBoundSeconds: number, withinBound: boolean, latestCheckpoint: { treeSize: number, issuedAt: string } | null } | null };

export type OverduePrivacyRequestsQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type OverduePrivacyRequestsQuery = { privacyRequests: { totalCount: number, edges: Array<{ node: { id: string, type: PrivacyRequestType, status: PrivacyRequestStatus, dueAt: string, customerId: string, assignedTo: string | null } }> } | null };

export type AssignPrivacyRequestMutationVariables = Exact<{
  id: string;
}>;


export type AssignPrivacyRequestMutation = { assignPrivacyRequest: { id: string, status: PrivacyRequestStatus, assignedTo: string | null } | null };

export type CompletePrivacyRequestMutationVariables = Exact<{
  id: string;
}>;


export type CompletePrivacyRequestMutation = { completePrivacyRequest: { id: string, status: PrivacyRequestStatus, closedAt: string | null, changedFields: Array<string> | null, notices: Array<{ id: string, kind: NoticeKind, status: DeliveryStatus, processor: { name: string } | null }> | null } | null };

export type RefusePrivacyRequestMutationVariables = Exact<{
  id: string;
  refusal: RefusalInput;
}>;


export type RefusePrivacyRequestMutation = { refusePrivacyRequest: { id: string, status: PrivacyRequestStatus, refusalReason: RefusalReason | null, refusalJustification: string | null } | null };

export type RequirePrivacyRequestFeeMutationVariables = Exact<{
  id: string;
  fee: FeeInput;
}>;


export type RequirePrivacyRequestFeeMutation = { requirePrivacyRequestFee: { id: string, status: PrivacyRequestStatus, fee: { amount: string, currency: string, justification: string } | null } | null };

export type ExtendPrivacyRequestDeadlineMutationVariables = Exact<{
  id: string;
  extension: DeadlineExtensionInput;
}>;


export type ExtendPrivacyRequestDeadlineMutation = { extendPrivacyRequestDeadline: { id: string, dueAt: string, deadlineExtendedAt: string | null, deadlineExtensionReason: string | null } | null };

export type UnconfirmedNoticesQueryVariables = Exact<{ [key: string]: never; }>;


export type UnconfirmedNoticesQuery = { unconfirmedNotices: Array<{ id: string, kind: NoticeKind, status: DeliveryStatus, createdAt: string, processor: { name: string } | null }> | null };

export type PurposesQueryVariables = Exact<{ [key: string]: never; }>;


export type PurposesQuery = { purposes: Array<{ code: PurposeCode, policySection: string, consentRequired: boolean, title: { az: string, en: string }, description: { az: string, en: string } }> };

export type RequestProceduresQueryVariables = Exact<{ [key: string]: never; }>;


export type RequestProceduresQuery = { requestProcedures: Array<{ service: string, description: string, deadlineDays: number }> };

export type AuditLogPublicKeyQueryVariables = Exact<{ [key: string]: never; }>;


export type AuditLogPublicKeyQuery = { auditLogPublicKey: string };

export type CustomersPageQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type CustomersPageQuery = { customers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, createdAt: string, locale: Locale, erasedAt: string | null } }> } | null };

export type CustomerConsentsQueryVariables = Exact<{
  customerId: string;
}>;


export type CustomerConsentsQuery = { consents: Array<{ id: string, status: ConsentStatus, source: ConsentSource, policyVersion: string, statusChangedAt: string, purpose: { code: PurposeCode, title: { az: string, en: string } }, recipient: { id: string, name: string, kind: ProcessorKind } | null }> | null };

export type SubmitPrivacyRequestForCustomerMutationVariables = Exact<{
  input: AssistedPrivacyRequestInput;
}>;


export type SubmitPrivacyRequestForCustomerMutation = { submitPrivacyRequestForCustomer: { id: string, status: PrivacyRequestStatus, verifiedBy: string | null, verificationMethod: VerificationMethod | null, dueAt: string } | null };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const VocabularyTermFieldsFragmentDoc = new TypedDocumentString(`
    fragment VocabularyTermFields on VocabularyTerm {
  key
  policySection
  name {
    az
    en
  }
  description {
    az
    en
  }
}
    `, {"fragmentName":"VocabularyTermFields"}) as unknown as TypedDocumentString<VocabularyTermFieldsFragment, unknown>;
export const TrustedDocumentDetailsFragmentDoc = new TypedDocumentString(`
    fragment TrustedDocumentDetails on TrustedDocument {
  id
  processorId
  hash
  name
  operationName
  operationType
  registeredAt
  registeredBy
  revokedAt
  revokedBy
}
    `, {"fragmentName":"TrustedDocumentDetails"}) as unknown as TypedDocumentString<TrustedDocumentDetailsFragment, unknown>;
export const ProcessorDetailsFragmentDoc = new TypedDocumentString(`
    fragment ProcessorDetails on Processor {
  id
  name
  kind
  country
  active
  agreementAcceptedAt
  trusted
  trustedAt
  trustedBy
  allowedPurposes {
    code
  }
  createdAt
  updatedAt
}
    `, {"fragmentName":"ProcessorDetails"}) as unknown as TypedDocumentString<ProcessorDetailsFragment, unknown>;
export const CustomerForPartnerDocument = new TypedDocumentString(`
    query CustomerForPartner($id: UUID!) {
  customer(id: $id) {
    id
    email
    fullName
  }
}
    `) as unknown as TypedDocumentString<CustomerForPartnerQuery, CustomerForPartnerQueryVariables>;
export const ConfirmNoticeDocument = new TypedDocumentString(`
    mutation ConfirmNotice($id: UUID!) {
  confirmNotice(id: $id) {
    id
    kind
    status
    confirmedAt
  }
}
    `) as unknown as TypedDocumentString<ConfirmNoticeMutation, ConfirmNoticeMutationVariables>;
export const PolicyVocabularyDocument = new TypedDocumentString(`
    query PolicyVocabulary {
  purposes {
    code
    policySection
    consentRequired
    title {
      az
      en
    }
    description {
      az
      en
    }
  }
  dataCategories {
    key
    parent
    name {
      az
      en
    }
    description {
      az
      en
    }
  }
  disclosureGrounds {
    ...VocabularyTermFields
  }
  refusalReasons {
    ...VocabularyTermFields
  }
  verificationMethods {
    ...VocabularyTermFields
  }
  processors {
    id
    name
    kind
    country
    active
    trusted
    allowedPurposes {
      code
    }
  }
}
    fragment VocabularyTermFields on VocabularyTerm {
  key
  policySection
  name {
    az
    en
  }
  description {
    az
    en
  }
}`) as unknown as TypedDocumentString<PolicyVocabularyQuery, PolicyVocabularyQueryVariables>;
export const MyProfileDocument = new TypedDocumentString(`
    query MyProfile {
  me {
    id
    locale
    createdAt
    updatedAt
    erasedAt
    fullName
    email
    pendingEmail
    phone
    dateOfBirth
    address {
      street
      city
      postalCode
      country
    }
    consents {
      id
      status
      source
      policyVersion
      statusChangedAt
      purpose {
        code
        title {
          az
          en
        }
      }
      recipient {
        id
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyProfileQuery, MyProfileQueryVariables>;
export const UpdateMyProfileDocument = new TypedDocumentString(`
    mutation UpdateMyProfile($input: UpdateProfileInput!) {
  updateMyProfile(input: $input) {
    id
    updatedAt
    locale
    fullName
    email
    pendingEmail
    phone
    dateOfBirth
    address {
      street
      city
      postalCode
      country
    }
  }
}
    `) as unknown as TypedDocumentString<UpdateMyProfileMutation, UpdateMyProfileMutationVariables>;
export const ConfirmMyEmailDocument = new TypedDocumentString(`
    mutation ConfirmMyEmail($code: String!) {
  confirmMyEmail(code: $code) {
    id
    email
    pendingEmail
  }
}
    `) as unknown as TypedDocumentString<ConfirmMyEmailMutation, ConfirmMyEmailMutationVariables>;
export const GrantConsentDocument = new TypedDocumentString(`
    mutation GrantConsent($purpose: PurposeCode!, $processorId: UUID) {
  grantConsent(purpose: $purpose, processorId: $processorId) {
    id
    status
    statusChangedAt
  }
}
    `) as unknown as TypedDocumentString<GrantConsentMutation, GrantConsentMutationVariables>;
export const WithdrawConsentDocument = new TypedDocumentString(`
    mutation WithdrawConsent($purpose: PurposeCode!, $processorId: UUID) {
  withdrawConsent(purpose: $purpose, processorId: $processorId) {
    id
    status
    statusChangedAt
  }
}
    `) as unknown as TypedDocumentString<WithdrawConsentMutation, WithdrawConsentMutationVariables>;
export const MyConsentsDocument = new TypedDocumentString(`
    query MyConsents {
  myConsents {
    id
    status
    purpose {
      code
    }
    recipient {
      name
    }
    history {
      status
      source
      occurredAt
      policyVersion
    }
    receipt
  }
}
    `) as unknown as TypedDocumentString<MyConsentsQuery, MyConsentsQueryVariables>;
export const MyAccessLogDocument = new TypedDocumentString(`
    query MyAccessLog {
  me {
    accessLog(first: 20) {
      occurredAt
      actorRole
      processor {
        name
        kind
        country
      }
      purpose {
        code
        title {
          en
        }
      }
      basis
      fields
      disclosure {
        ground
        reference
      }
      inclusionProof {
        leafIndex
        treeSize
        leafData
        auditPath
        checkpoint {
          document
        }
      }
    }
    disclosures {
      ground
      reference
      justification
      categories
      expiresAt
      recipient {
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyAccessLogQuery, MyAccessLogQueryVariables>;
export const SubmitPrivacyRequestDocument = new TypedDocumentString(`
    mutation SubmitPrivacyRequest($input: SubmitPrivacyRequestInput!) {
  submitPrivacyRequest(input: $input) {
    id
    type
    status
    dueAt
  }
}
    `) as unknown as TypedDocumentString<SubmitPrivacyRequestMutation, SubmitPrivacyRequestMutationVariables>;
export const VerifyPrivacyRequestDocument = new TypedDocumentString(`
    mutation VerifyPrivacyRequest($id: UUID!, $code: String!) {
  verifyPrivacyRequest(id: $id, code: $code) {
    id
    status
    verifiedAt
  }
}
    `) as unknown as TypedDocumentString<VerifyPrivacyRequestMutation, VerifyPrivacyRequestMutationVariables>;
export const AcceptPrivacyRequestFeeDocument = new TypedDocumentString(`
    mutation AcceptPrivacyRequestFee($id: UUID!) {
  acceptPrivacyRequestFee(id: $id) {
    id
    status
    fee {
      amount
      currency
      acceptedAt
    }
  }
}
    `) as unknown as TypedDocumentString<AcceptPrivacyRequestFeeMutation, AcceptPrivacyRequestFeeMutationVariables>;
export const MyPrivacyRequestsDocument = new TypedDocumentString(`
    query MyPrivacyRequests {
  me {
    privacyRequests {
      id
      type
      service
      status
      submittedAt
      dueAt
      overdue
      closedAt
      changedFields
      refusalReason
      refusalJustification
      fee {
        amount
        currency
        justification
        acceptedAt
      }
      history {
        fromStatus
        toStatus
        actor
        occurredAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<MyPrivacyRequestsQuery, MyPrivacyRequestsQueryVariables>;
export const MyDataExportDocument = new TypedDocumentString(`
    query MyDataExport($requestId: UUID!) {
  privacyRequestExport(requestId: $requestId) {
    requestId
    expiresAt
    readable
    document
  }
}
    `) as unknown as TypedDocumentString<MyDataExportQuery, MyDataExportQueryVariables>;
export const AuditLogExtendsMyCheckpointDocument = new TypedDocumentString(`
    query AuditLogExtendsMyCheckpoint($fromTreeSize: SafeInt!) {
  auditConsistencyProof(fromTreeSize: $fromTreeSize) {
    from {
      treeSize
      rootHash
    }
    to {
      document
    }
    hashes
  }
}
    `) as unknown as TypedDocumentString<AuditLogExtendsMyCheckpointQuery, AuditLogExtendsMyCheckpointQueryVariables>;
export const CabinetRecipientsDocument = new TypedDocumentString(`
    query CabinetRecipients {
  processors {
    id
    name
    kind
    country
    active
    allowedPurposes {
      code
    }
  }
}
    `) as unknown as TypedDocumentString<CabinetRecipientsQuery, CabinetRecipientsQueryVariables>;
export const CabinetConsentsDocument = new TypedDocumentString(`
    query CabinetConsents {
  myConsents {
    id
    status
    statusChangedAt
    purpose {
      code
    }
    recipient {
      id
      name
    }
    history {
      status
      source
      occurredAt
      policyVersion
    }
    receipt
  }
}
    `) as unknown as TypedDocumentString<CabinetConsentsQuery, CabinetConsentsQueryVariables>;
export const CabinetAccessLogDocument = new TypedDocumentString(`
    query CabinetAccessLog {
  me {
    accessLog(first: 100) {
      id
      occurredAt
      actorRole
      basis
      fields
      processor {
        id
        name
      }
      purpose {
        code
      }
      disclosure {
        ground
        reference
      }
      inclusionProof {
        leafIndex
        treeSize
        leafData
        auditPath
        checkpoint {
          document
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CabinetAccessLogQuery, CabinetAccessLogQueryVariables>;
export const CabinetVocabularyDocument = new TypedDocumentString(`
    query CabinetVocabulary {
  disclosureGrounds {
    key
    policySection
    name {
      az
      en
    }
    description {
      az
      en
    }
  }
  refusalReasons {
    key
    name {
      az
      en
    }
  }
}
    `) as unknown as TypedDocumentString<CabinetVocabularyQuery, CabinetVocabularyQueryVariables>;
export const CabinetRefusedReadsDocument = new TypedDocumentString(`
    query CabinetRefusedReads {
  me {
    id
    refusedReads(first: 100) {
      id
      occurredAt
      processor {
        id
        name
      }
      purpose {
        code
      }
      fields
      reason
    }
  }
}
    `) as unknown as TypedDocumentString<CabinetRefusedReadsQuery, CabinetRefusedReadsQueryVariables>;
export const ProcessorTrustedDocumentsDocument = new TypedDocumentString(`
    query ProcessorTrustedDocuments {
  processors {
    id
    name
    trustedDocumentsOnly
    trustedDocuments {
      ...TrustedDocumentDetails
      document
    }
  }
}
    fragment TrustedDocumentDetails on TrustedDocument {
  id
  processorId
  hash
  name
  operationName
  operationType
  registeredAt
  registeredBy
  revokedAt
  revokedBy
}`) as unknown as TypedDocumentString<ProcessorTrustedDocumentsQuery, ProcessorTrustedDocumentsQueryVariables>;
export const RegisterTrustedDocumentDocument = new TypedDocumentString(`
    mutation RegisterTrustedDocument($input: RegisterTrustedDocumentInput!) {
  registerTrustedDocument(input: $input) {
    ...TrustedDocumentDetails
  }
}
    fragment TrustedDocumentDetails on TrustedDocument {
  id
  processorId
  hash
  name
  operationName
  operationType
  registeredAt
  registeredBy
  revokedAt
  revokedBy
}`) as unknown as TypedDocumentString<RegisterTrustedDocumentMutation, RegisterTrustedDocumentMutationVariables>;
export const RevokeTrustedDocumentDocument = new TypedDocumentString(`
    mutation RevokeTrustedDocument($id: UUID!) {
  revokeTrustedDocument(id: $id) {
    ...TrustedDocumentDetails
  }
}
    fragment TrustedDocumentDetails on TrustedDocument {
  id
  processorId
  hash
  name
  operationName
  operationType
  registeredAt
  registeredBy
  revokedAt
  revokedBy
}`) as unknown as TypedDocumentString<RevokeTrustedDocumentMutation, RevokeTrustedDocumentMutationVariables>;
export const SetTrustedDocumentsOnlyDocument = new TypedDocumentString(`
    mutation SetTrustedDocumentsOnly($processorId: UUID!, $enabled: Boolean!) {
  setTrustedDocumentsOnly(processorId: $processorId, enabled: $enabled) {
    id
    trustedDocumentsOnly
  }
}
    `) as unknown as TypedDocumentString<SetTrustedDocumentsOnlyMutation, SetTrustedDocumentsOnlyMutationVariables>;
export const CustomersByEmailDocument = new TypedDocumentString(`
    query CustomersByEmail($emailContains: String!) {
  customers(
    first: 50
    filter: {emailContains: $emailContains}
    orderBy: {field: EMAIL}
  ) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        createdAt
        erasedAt
        fullName
        email
        phone
        dateOfBirth
        address {
          city
          country
        }
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomersByEmailQuery, CustomersByEmailQueryVariables>;
export const RegisterProcessorDocument = new TypedDocumentString(`
    mutation RegisterProcessor($input: RegisterProcessorInput!) {
  registerProcessor(input: $input) {
    ...ProcessorDetails
  }
}
    fragment ProcessorDetails on Processor {
  id
  name
  kind
  country
  active
  agreementAcceptedAt
  trusted
  trustedAt
  trustedBy
  allowedPurposes {
    code
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<RegisterProcessorMutation, RegisterProcessorMutationVariables>;
export const UpdateProcessorDocument = new TypedDocumentString(`
    mutation UpdateProcessor($id: UUID!, $input: UpdateProcessorInput!) {
  updateProcessor(id: $id, input: $input) {
    ...ProcessorDetails
  }
}
    fragment ProcessorDetails on Processor {
  id
  name
  kind
  country
  active
  agreementAcceptedAt
  trusted
  trustedAt
  trustedBy
  allowedPurposes {
    code
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<UpdateProcessorMutation, UpdateProcessorMutationVariables>;
export const GrantProcessorTrustDocument = new TypedDocumentString(`
    mutation GrantProcessorTrust($id: UUID!) {
  grantProcessorTrust(id: $id) {
    id
    trusted
    trustedAt
    trustedBy
  }
}
    `) as unknown as TypedDocumentString<GrantProcessorTrustMutation, GrantProcessorTrustMutationVariables>;
export const WithdrawProcessorTrustDocument = new TypedDocumentString(`
    mutation WithdrawProcessorTrust($id: UUID!) {
  withdrawProcessorTrust(id: $id) {
    id
    trusted
    trustedAt
    trustedBy
  }
}
    `) as unknown as TypedDocumentString<WithdrawProcessorTrustMutation, WithdrawProcessorTrustMutationVariables>;
export const OpenPrivacyRequestsDocument = new TypedDocumentString(`
    query OpenPrivacyRequests($first: Int = 20, $after: String) {
  privacyRequests(status: AWAITING_VERIFICATION, first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        customerId
        type
        status
        submittedAt
        dueAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OpenPrivacyRequestsQuery, OpenPrivacyRequestsQueryVariables>;
export const IssueProcessorTokenDocument = new TypedDocumentString(`
    mutation IssueProcessorToken($processorId: UUID!, $purposes: [PurposeCode!]!, $ttlSeconds: Int) {
  issueProcessorToken(
    processorId: $processorId
    purposes: $purposes
    ttlSeconds: $ttlSeconds
  ) {
    token
    record {
      id
      purposes
      expiresAt
    }
  }
}
    `) as unknown as TypedDocumentString<IssueProcessorTokenMutation, IssueProcessorTokenMutationVariables>;
export const RevokeTokenDocument = new TypedDocumentString(`
    mutation RevokeToken($id: UUID!) {
  revokeToken(id: $id) {
    id
    revokedAt
  }
}
    `) as unknown as TypedDocumentString<RevokeTokenMutation, RevokeTokenMutationVariables>;
export const RecordDisclosureDocument = new TypedDocumentString(`
    mutation RecordDisclosure($input: RecordDisclosureInput!) {
  recordDisclosure(input: $input) {
    id
    ground
    reference
    categories
    expiresAt
    live
  }
}
    `) as unknown as TypedDocumentString<RecordDisclosureMutation, RecordDisclosureMutationVariables>;
export const RevokeDisclosureDocument = new TypedDocumentString(`
    mutation RevokeDisclosure($id: UUID!) {
  revokeDisclosure(id: $id) {
    id
    revokedAt
    live
  }
}
    `) as unknown as TypedDocumentString<RevokeDisclosureMutation, RevokeDisclosureMutationVariables>;
export const ConsentsAtDocument = new TypedDocumentString(`
    query ConsentsAt($customerId: UUID!, $at: DateTime!) {
  consentsAt(customerId: $customerId, at: $at) {
    consentId
    status
    since
    source
    policyVersion
    purpose {
      code
    }
    recipient {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<ConsentsAtQuery, ConsentsAtQueryVariables>;
export const VerifyAuditChainDocument = new TypedDocumentString(`
    query VerifyAuditChain($full: Boolean = false, $anchor: String) {
  verifyAuditChain(full: $full, anchor: $anchor) {
    intact
    fromTreeSize
    treeSize
    checkedEvents
    unsealedEvents
    problem
    description
    firstBrokenBatch
    firstBrokenLeafIndex
    firstBrokenEventId
  }
}
    `) as unknown as TypedDocumentString<VerifyAuditChainQuery, VerifyAuditChainQueryVariables>;
export const ExportAuditCheckpointDocument = new TypedDocumentString(`
    query ExportAuditCheckpoint {
  auditCheckpoint {
    treeSize
    issuedAt
    document
  }
}
    `) as unknown as TypedDocumentString<ExportAuditCheckpointQuery, ExportAuditCheckpointQueryVariables>;
export const AuditSealStatusDocument = new TypedDocumentString(`
    query AuditSealStatus {
  auditSealStatus {
    unsealedEvents
    oldestUnsealedSeconds
    lagBoundSeconds
    withinBound
    latestCheckpoint {
      treeSize
      issuedAt
    }
  }
}
    `) as unknown as TypedDocumentString<AuditSealStatusQuery, AuditSealStatusQueryVariables>;
export const OverduePrivacyRequestsDocument = new TypedDocumentString(`
    query OverduePrivacyRequests($first: Int = 50) {
  privacyRequests(overdue: true, first: $first) {
    totalCount
    edges {
      node {
        id
        type
        status
        dueAt
        customerId
        assignedTo
      }
    }
  }
}
    `) as unknown as TypedDocumentString<OverduePrivacyRequestsQuery, OverduePrivacyRequestsQueryVariables>;
export const AssignPrivacyRequestDocument = new TypedDocumentString(`
    mutation AssignPrivacyRequest($id: UUID!) {
  assignPrivacyRequest(id: $id) {
    id
    status
    assignedTo
  }
}
    `) as unknown as TypedDocumentString<AssignPrivacyRequestMutation, AssignPrivacyRequestMutationVariables>;
export const CompletePrivacyRequestDocument = new TypedDocumentString(`
    mutation CompletePrivacyRequest($id: UUID!) {
  completePrivacyRequest(id: $id) {
    id
    status
    closedAt
    changedFields
    notices {
      id
      kind
      status
      processor {
        name
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CompletePrivacyRequestMutation, CompletePrivacyRequestMutationVariables>;
export const RefusePrivacyRequestDocument = new TypedDocumentString(`
    mutation RefusePrivacyRequest($id: UUID!, $refusal: RefusalInput!) {
  refusePrivacyRequest(id: $id, refusal: $refusal) {
    id
    status
    refusalReason
    refusalJustification
  }
}
    `) as unknown as TypedDocumentString<RefusePrivacyRequestMutation, RefusePrivacyRequestMutationVariables>;
export const RequirePrivacyRequestFeeDocument = new TypedDocumentString(`
    mutation RequirePrivacyRequestFee($id: UUID!, $fee: FeeInput!) {
  requirePrivacyRequestFee(id: $id, fee: $fee) {
    id
    status
    fee {
      amount
      currency
      justification
    }
  }
}
    `) as unknown as TypedDocumentString<RequirePrivacyRequestFeeMutation, RequirePrivacyRequestFeeMutationVariables>;
export const ExtendPrivacyRequestDeadlineDocument = new TypedDocumentString(`
    mutation ExtendPrivacyRequestDeadline($id: UUID!, $extension: DeadlineExtensionInput!) {
  extendPrivacyRequestDeadline(id: $id, extension: $extension) {
    id
    dueAt
    deadlineExtendedAt
    deadlineExtensionReason
  }
}
    `) as unknown as TypedDocumentString<ExtendPrivacyRequestDeadlineMutation, ExtendPrivacyRequestDeadlineMutationVariables>;
export const UnconfirmedNoticesDocument = new TypedDocumentString(`
    query UnconfirmedNotices {
  unconfirmedNotices {
    id
    kind
    status
    createdAt
    processor {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<UnconfirmedNoticesQuery, UnconfirmedNoticesQueryVariables>;
export const PurposesDocument = new TypedDocumentString(`
    query Purposes {
  purposes {
    code
    policySection
    consentRequired
    title {
      az
      en
    }
    description {
      az
      en
    }
  }
}
    `) as unknown as TypedDocumentString<PurposesQuery, PurposesQueryVariables>;
export const RequestProceduresDocument = new TypedDocumentString(`
    query RequestProcedures {
  requestProcedures {
    service
    description
    deadlineDays
  }
}
    `) as unknown as TypedDocumentString<RequestProceduresQuery, RequestProceduresQueryVariables>;
export const AuditLogPublicKeyDocument = new TypedDocumentString(`
    query AuditLogPublicKey {
  auditLogPublicKey
}
    `) as unknown as TypedDocumentString<AuditLogPublicKeyQuery, AuditLogPublicKeyQueryVariables>;
export const CustomersPageDocument = new TypedDocumentString(`
    query CustomersPage($first: Int!, $after: String) {
  customers(first: $first, after: $after) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      cursor
      node {
        id
        createdAt
        locale
        erasedAt
      }
    }
  }
}
    `) as unknown as TypedDocumentString<CustomersPageQuery, CustomersPageQueryVariables>;
export const CustomerConsentsDocument = new TypedDocumentString(`
    query CustomerConsents($customerId: UUID!) {
  consents(customerId: $customerId) {
    id
    status
    source
    policyVersion
    statusChangedAt
    purpose {
      code
      title {
        az
        en
      }
    }
    recipient {
      id
      name
      kind
    }
  }
}
    `) as unknown as TypedDocumentString<CustomerConsentsQuery, CustomerConsentsQueryVariables>;
export const SubmitPrivacyRequestForCustomerDocument = new TypedDocumentString(`
    mutation SubmitPrivacyRequestForCustomer($input: AssistedPrivacyRequestInput!) {
  submitPrivacyRequestForCustomer(input: $input) {
    id
    status
    verifiedBy
    verificationMethod
    dueAt
  }
}
    `) as unknown as TypedDocumentString<SubmitPrivacyRequestForCustomerMutation, SubmitPrivacyRequestForCustomerMutationVariables>;