/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** A postal address. Every part is replaced; omit the whole `address` to keep it. */
export type AddressInput = {
  city?: string | null | undefined;
  country?: string | null | undefined;
  /** Letters, digits, spaces and dashes, 2 to 12 characters. */
  postalCode?: string | null | undefined;
  street?: string | null | undefined;
};

/** How the customer gave or withdrew a consent. */
export type ConsentSource =
  | 'ERASURE'
  | 'IMPORT'
  | 'PERSONAL_CABINET'
  | 'SIGN_UP'
  | 'STAFF_ASSISTED';

/** Whether a consent is in force. */
export type ConsentStatus =
  | 'GRANTED'
  | 'WITHDRAWN';

/** A language the policy is published in. */
export type Locale =
  | 'AZ'
  | 'EN';

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
  | 'ACCESS'
  | 'ERASURE'
  | 'RECTIFICATION';

/** An affiliate of the company, or a third party processing on its instructions (policy §2). */
export type ProcessorKind =
  | 'AFFILIATE'
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

/** A new affiliate or third party. It starts untrusted: trust is granted separately. */
export type RegisterProcessorInput = {
  /** When it accepted the processing agreement; omit if it has not yet. */
  agreementAcceptedAt?: string | null | undefined;
  /** The purposes it may ever be used for. */
  allowedPurposes: Array<PurposeCode>;
  country: string;
  kind: ProcessorKind;
  name: string;
  /** Data categories it may receive, e.g. contact.email; none when omitted. */
  permittedCategories?: Array<string> | null | undefined;
};

/** Changes to a processor; omitted fields are left as they are. */
export type UpdateProcessorInput = {
  /** An inactive processor receives nothing. */
  active?: boolean | null | undefined;
  /** Null records that the agreement no longer holds. */
  agreementAcceptedAt?: string | null | undefined;
  /** Replaces the whole list. */
  allowedPurposes?: Array<PurposeCode> | null | undefined;
  country?: string | null | undefined;
  name?: string | null | undefined;
  /** Replaces the whole list of data categories it may receive. */
  permittedCategories?: Array<string> | null | undefined;
};

export type UpdateProfileInput = {
  address?: AddressInput | null | undefined;
  dateOfBirth?: string | null | undefined;
  email?: string | null | undefined;
  fullName?: string | null | undefined;
  locale?: Locale | null | undefined;
  /** E.164, e.g. +994501234567. */
  phone?: string | null | undefined;
};

export type CustomerForPartnerQueryVariables = Exact<{
  id: string;
}>;


export type CustomerForPartnerQuery = { customer: { id: string, email: string | null, fullName: string | null } | null };

export type PolicyVocabularyQueryVariables = Exact<{ [key: string]: never; }>;


export type PolicyVocabularyQuery = { purposes: Array<{ code: PurposeCode, policySection: string, consentRequired: boolean, title: { az: string, en: string }, description: { az: string, en: string } }>, dataCategories: Array<{ key: string, parent: string | null, name: { az: string, en: string }, description: { az: string, en: string } }>, processors: Array<{ id: string, name: string, kind: ProcessorKind, country: string, active: boolean, trusted: boolean, allowedPurposes: Array<{ code: PurposeCode }> }> | null };

export type MyProfileQueryVariables = Exact<{ [key: string]: never; }>;


export type MyProfileQuery = { me: { id: string, locale: Locale, createdAt: string, updatedAt: string, erasedAt: string | null, fullName: string | null, email: string | null, phone: string | null, dateOfBirth: string | null, address: { street: string | null, city: string | null, postalCode: string | null, country: string | null } | null, consents: Array<{ id: string, status: ConsentStatus, source: ConsentSource, policyVersion: string, statusChangedAt: string, purpose: { code: PurposeCode, title: { az: string, en: string } }, recipient: { id: string, name: string } | null }> | null } | null };

export type UpdateMyProfileMutationVariables = Exact<{
  input: UpdateProfileInput;
}>;


export type UpdateMyProfileMutation = { updateMyProfile: { id: string, updatedAt: string, locale: Locale, fullName: string | null, email: string | null, phone: string | null, dateOfBirth: string | null, address: { street: string | null, city: string | null, postalCode: string | null, country: string | null } | null } | null };

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

export type PurposesQueryVariables = Exact<{ [key: string]: never; }>;


export type PurposesQuery = { purposes: Array<{ code: PurposeCode, policySection: string, consentRequired: boolean, title: { az: string, en: string }, description: { az: string, en: string } }> };

export type CustomersPageQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type CustomersPageQuery = { customers: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node: { id: string, createdAt: string, locale: Locale, erasedAt: string | null } }> } | null };

export type CustomerConsentsQueryVariables = Exact<{
  customerId: string;
}>;


export type CustomerConsentsQuery = { consents: Array<{ id: string, status: ConsentStatus, source: ConsentSource, policyVersion: string, statusChangedAt: string, purpose: { code: PurposeCode, title: { az: string, en: string } }, recipient: { id: string, name: string, kind: ProcessorKind } | null }> | null };
