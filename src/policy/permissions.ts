import type { GraphQLResolveInfo, GraphQLSchema } from 'graphql';
import type { IMiddlewareFieldMap, IMiddlewareTypeMap } from 'graphql-middleware';
import { allow, chain, deny, or, shield, type IRule } from 'graphql-shield';
import { apiError, ErrorCode } from '../common/errors';
import type { Context } from '../context';
import { SORT_FIELD_CATEGORY } from '../modules/customers/customer.args';
import { Customer } from '../modules/customers/customer.entity';
import { personalFieldsOf } from './personal';
import {
  canReadPersonalField,
  filtersOnlyOnReadableFields,
  isActiveRecipient,
  isAffiliate,
  isAnalyst,
  isCustomer,
  isCustomerNamedInArgument,
  isCustomerThemself,
  isPrivacyOfficer,
  isSignedIn,
  isStaff,
} from './rules';

/**
 * The rule of each personal field of `typeName`, derived from its `@Personal` tag: one rule per data category,
 * shared by the fields holding it (graphql-shield refuses two rules of one name).
 */
function personalFieldRules(typeName: string): Record<string, IRule> {
  const fields = [...personalFieldsOf(typeName)];
  const categories = new Set(fields.map(([, category]) => category));
  const byCategory = new Map([...categories].map((category) => [category, canReadPersonalField(category)]));
  return Object.fromEntries(fields.map(([field, category]) => [field, byCategory.get(category)!]));
}

const isStaffOrOfficer = or(isStaff, isPrivacyOfficer);
// From the class itself: importing it is what registers its @Personal tags, whichever module loads this one first.
const customerPersonalFields = personalFieldRules(Customer.name);

/**
 * Who may resolve what: Type -> field -> rule. Anything not listed is denied (`fallbackRule: deny`).
 * Types marked `allow` are values reachable only through a field guarded above them.
 */
export const permissions = {
  Query: {
    purposes: allow,
    dataCategories: allow,
    disclosureGrounds: allow,
    refusalReasons: allow,
    verificationMethods: allow,
    processors: isSignedIn,
    me: isCustomer,
    // Checked before any lookup, so the answer cannot tell an existing customer from a missing one.
    customer: or(isStaffOrOfficer, isActiveRecipient, isCustomerNamedInArgument('id')),
    customers: chain(or(isStaffOrOfficer, isActiveRecipient), filtersOnlyOnReadableFields('CustomerFilter', SORT_FIELD_CATEGORY)),
    consents: or(isStaffOrOfficer, isCustomerNamedInArgument('customerId')),
    myConsents: isCustomer,
    consentsAt: isPrivacyOfficer,
    verifyAuditChain: isPrivacyOfficer,
    auditCheckpoint: isPrivacyOfficer,
    auditSealStatus: isPrivacyOfficer,
    // A customer holds checkpoints from the inclusion proofs of their access log, and may check that a later one extends them.
    auditConsistencyProof: or(isPrivacyOfficer, isCustomer),
    // The key only verifies; a checkpoint is worth checking by anyone who holds one.
    auditLogPublicKey: allow,
    privacyRequests: isPrivacyOfficer,
    requestProcedures: allow,
    privacyRequestExport: isCustomer,
    unconfirmedNotices: isPrivacyOfficer,
    stats: or(isAnalyst, isPrivacyOfficer),
  },
  Mutation: {
    updateMyProfile: isCustomer,
    confirmMyEmail: isCustomer,
    registerProcessor: isPrivacyOfficer,
    updateProcessor: isPrivacyOfficer,
    grantProcessorTrust: isPrivacyOfficer,
    withdrawProcessorTrust: isPrivacyOfficer,
    issueProcessorToken: isPrivacyOfficer,
    revokeToken: isPrivacyOfficer,
    registerTrustedDocument: isPrivacyOfficer,
    revokeTrustedDocument: isPrivacyOfficer,
    setTrustedDocumentsOnly: isPrivacyOfficer,
    recordDisclosure: isPrivacyOfficer,
    revokeDisclosure: isPrivacyOfficer,
    grantConsent: isCustomer,
    withdrawConsent: isCustomer,
    // The sign-up backend holds a staff token: it writes the customer, and reads back non-personal fields only.
    registerCustomer: isStaff,
    submitPrivacyRequest: isCustomer,
    submitPrivacyRequestForCustomer: isStaff,
    verifyPrivacyRequest: isCustomer,
    acceptPrivacyRequestFee: isCustomer,
    assignPrivacyRequest: isPrivacyOfficer,
    completePrivacyRequest: isPrivacyOfficer,
    refusePrivacyRequest: isPrivacyOfficer,
    requirePrivacyRequestFee: isPrivacyOfficer,
    extendPrivacyRequestDeadline: isPrivacyOfficer,
    // The service lets a processor confirm only its own notices.
    confirmNotice: or(isPrivacyOfficer, isAffiliate),
  },
  Customer: {
    id: allow,
    createdAt: allow,
    updatedAt: allow,
    locale: allow,
    erasedAt: allow,
    consents: or(isStaffOrOfficer, isCustomerThemself),
    disclosures: or(isPrivacyOfficer, isCustomerThemself),
    accessLog: or(isPrivacyOfficer, isCustomerThemself),
    refusedReads: or(isPrivacyOfficer, isCustomerThemself),
    privacyRequests: or(isPrivacyOfficer, isCustomerThemself),
    ...customerPersonalFields,
    // Not yet known to be the customer's (it may be another person's): for them and the officer, never a recipient.
    pendingEmail: chain(or(isPrivacyOfficer, isCustomerThemself), customerPersonalFields.pendingEmail),
  },
  Address: allow,
  Consent: allow,
  Purpose: allow,
  LocalizedText: allow,
  DataCategoryTerm: allow,
  VocabularyTerm: allow,
  Processor: {
    id: allow,
    name: allow,
    kind: allow,
    country: allow,
    agreementAcceptedAt: allow,
    trusted: allow,
    trustedAt: allow,
    trustedBy: allow,
    active: allow,
    createdAt: allow,
    updatedAt: allow,
    allowedPurposes: allow,
    permittedCategories: allow,
    tokens: isPrivacyOfficer,
    trustedDocumentsOnly: allow,
    trustedDocuments: isPrivacyOfficer,
  },
  ProcessorToken: allow,
  TrustedDocument: allow,
  IssuedProcessorToken: allow,
  ConsentEvent: allow,
  ConsentSnapshot: allow,
  Disclosure: allow,
  AuditEvent: allow,
  RefusedRead: allow,
  AuditLogVerification: allow,
  AuditCheckpoint: allow,
  AuditInclusionProof: allow,
  AuditConsistencyProof: allow,
  AuditSealStatus: allow,
  PrivacyRequest: {
    id: allow,
    customerId: allow,
    type: allow,
    status: allow,
    service: allow,
    submittedAt: allow,
    submittedBy: allow,
    dueAt: allow,
    overdue: allow,
    verifiedAt: allow,
    verificationMethod: allow,
    verifiedBy: allow,
    verificationNote: allow,
    changedFields: allow,
    assignedTo: allow,
    repetitiveSuspected: allow,
    refusalReason: allow,
    refusalJustification: allow,
    fee: allow,
    deadlineExtendedAt: allow,
    deadlineExtensionReason: allow,
    closedAt: allow,
    updatedAt: allow,
    history: allow,
    notices: isPrivacyOfficer,
  },
  PrivacyRequestEvent: allow,
  RequestFee: allow,
  AccessExport: allow,
  Stats: allow,
  SafeCount: allow,
  ConsentFlowRow: allow,
  RequestsSubmittedRow: allow,
  RequestsClosedRow: allow,
  DisclosureStatsRow: allow,
  FieldReadStatsRow: allow,
  RequestProcedureInfo: allow,
  Notice: allow,
  CustomerConnection: allow,
  CustomerEdge: allow,
  PrivacyRequestConnection: allow,
  PrivacyRequestEdge: allow,
  PageInfo: allow,
};

function denial(_error: unknown, _parent: unknown, _args: unknown, ctx: object, info: GraphQLResolveInfo) {
  const field = `${info.parentType.name}.${info.fieldName}`;
  const { principal } = ctx as Context;
  return principal.role === 'anonymous'
    ? apiError(ErrorCode.UNAUTHENTICATED, `Sign in to read ${field}.`)
    : apiError(ErrorCode.FORBIDDEN, `Not authorised to read ${field} as ${principal.role}.`);
}

export function createShield() {
  return shield(permissions, {
    fallbackRule: deny,
    fallbackError: denial,
    // Resolver errors (validation, not found) are the resolvers' to report; Apollo masks unexpected ones.
    allowExternalErrors: true,
  });
}

/** Whether the map lets every principal resolve the field: the type's or the field's rule is `allow`. */
function isAllowed(typeName: string, fieldName: string): boolean {
  const entry: unknown = (permissions as Record<string, unknown>)[typeName];
  if (entry === allow) return true;
  // A field map is a plain object; rules are class instances.
  if (typeof entry !== 'object' || entry === null || Object.getPrototypeOf(entry) !== Object.prototype) return false;
  return (entry as Record<string, unknown>)[fieldName] === allow;
}

/**
 * The shield's middleware for the fields that have something to check. graphql-shield wraps every field of the
 * schema in an async rule, `allow` ones included, which made every value of a page a promise (measured in the
 * benchmark: about 1,500 wrapped fields per page of 50 customers). A field whose rule is `allow` resolves
 * unwrapped; every other field keeps the shield's own middleware, so a field the map does not name is still
 * refused by the shield's `fallbackRule: deny`, at execution, like before.
 */
export function guardedFieldMiddleware(schema: GraphQLSchema): IMiddlewareTypeMap<unknown, Context> {
  const generated = createShield().generate(schema) as Record<string, IMiddlewareFieldMap<unknown, Context>>;
  return Object.fromEntries(
    Object.entries(generated).map(([typeName, fields]) => [
      typeName,
      Object.fromEntries(Object.entries(fields).filter(([fieldName]) => !isAllowed(typeName, fieldName))),
    ]),
  );
}
