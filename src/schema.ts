import { printSchemaWithDirectives } from '@graphql-tools/utils';
import { GraphQLSchema, lexicographicSortSchema, specifiedDirectives } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { buildSchema, type ContainerType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { AuditResolver } from './modules/audit/audit.resolver';
import type { AuditLog } from './modules/audit/log/audit-log';
import { ConsentResolver, ConsentSnapshotResolver } from './modules/consents/consent.resolver';
import { ConsentService } from './modules/consents/consent.service';
import { CustomerResolver } from './modules/customers/customer.resolver';
import { CustomerService } from './modules/customers/customer.service';
import { EmailConfirmations } from './modules/customers/email-confirmation';
import { ProfileService } from './modules/customers/profile.service';
import { DisclosureResolver } from './modules/disclosures/disclosure.resolver';
import { DisclosureService } from './modules/disclosures/disclosure.service';
import { RegistrationResolver } from './modules/intake/registration.resolver';
import { RegistrationService } from './modules/intake/registration.service';
import { ProcessorResolver } from './modules/processors/processor.resolver';
import { ProcessorService } from './modules/processors/processor.service';
import { PurposeResolver } from './modules/purposes/purpose.resolver';
import { fulfilAccess } from './modules/requests/fulfilment/access';
import { fulfilErasure } from './modules/requests/fulfilment/erasure';
import { fulfilRectification } from './modules/requests/fulfilment/rectification';
import { NoticeResolver, PrivacyRequestResolver } from './modules/requests/privacy-request.resolver';
import { PrivacyRequestService } from './modules/requests/privacy-request.service';
import { RequestDeliveryService } from './modules/requests/request-delivery.service';
import type { RequestSettings } from './modules/requests/request-settings';
import { ProcessorTokenResolver } from './modules/tokens/processor-token.resolver';
import { ProcessorTokenService } from './modules/tokens/processor-token.service';
import { TrustedDocumentResolver } from './modules/trusted-documents/trusted-document.resolver';
import { TrustedDocumentService } from './modules/trusted-documents/trusted-document.service';
import { StatsResolver } from './modules/stats/stats.resolver';
import { StatsService } from './modules/stats/stats.service';
import { VocabularyResolver } from './modules/vocabulary/vocabulary.resolver';
import { recordPersonalReads } from './modules/audit/record-personal-reads';
import { boundedInputs } from './http/inputs/bounded-inputs';
import { stopAbandonedWork } from './http/request-lifetime';
import { guardedFieldMiddleware } from './policy/permissions';
import { DEFAULT_K } from './policy/k-anonymity';
import { markPersonalFields, personalDirective } from './policy/personal';
import { errorCodeType } from './common/errors';
import type { Logger } from './logger';

export interface SchemaDependencies {
  dataSource: DataSource;
  jwtSecret: Uint8Array;
  requestSettings: RequestSettings;
  logger: Logger;
  /** The k of k-anonymity for analysts' aggregates. */
  statsK?: number;
  /** The sealed audit log's key, checkpoints, proofs and verification. */
  auditLog: AuditLog;
}

type CodeDependencies = Pick<SchemaDependencies, 'dataSource' | 'jwtSecret' | 'requestSettings' | 'logger'>;

/** One-time codes to new email addresses, keyed with the server secret as privacy requests' codes are. */
function createEmailConfirmations({ jwtSecret, requestSettings, logger }: CodeDependencies): EmailConfirmations {
  return new EmailConfirmations(jwtSecret, requestSettings, logger);
}

export function createRequestService(dependencies: CodeDependencies): PrivacyRequestService {
  const { dataSource, jwtSecret, requestSettings, logger } = dependencies;
  return new PrivacyRequestService(dataSource, requestSettings, jwtSecret, logger, {
    ACCESS: fulfilAccess,
    RECTIFICATION: fulfilRectification(createEmailConfirmations(dependencies)),
    ERASURE: fulfilErasure,
  });
}

/** Each resolver with its services; resolvers hold no request state, so one instance serves all requests. */
function resolverInstances(dependencies: SchemaDependencies): Map<Function, object> {
  const { dataSource, jwtSecret, requestSettings } = dependencies;
  const emails = createEmailConfirmations(dependencies);
  return new Map<Function, object>([
    [CustomerResolver, new CustomerResolver(new CustomerService(dataSource), new ProfileService(dataSource, emails))],
    [ConsentResolver, new ConsentResolver(new ConsentService(dataSource))],
    [ConsentSnapshotResolver, new ConsentSnapshotResolver()],
    [PurposeResolver, new PurposeResolver()],
    [VocabularyResolver, new VocabularyResolver()],
    [ProcessorResolver, new ProcessorResolver(new ProcessorService(dataSource))],
    [ProcessorTokenResolver, new ProcessorTokenResolver(new ProcessorTokenService(dataSource, jwtSecret))],
    [TrustedDocumentResolver, new TrustedDocumentResolver(new TrustedDocumentService(dataSource))],
    [DisclosureResolver, new DisclosureResolver(new DisclosureService(dataSource))],
    [AuditResolver, new AuditResolver(dependencies.auditLog)],
    [
      PrivacyRequestResolver,
      new PrivacyRequestResolver(createRequestService(dependencies), new RequestDeliveryService(dataSource), requestSettings),
    ],
    [NoticeResolver, new NoticeResolver()],
    [RegistrationResolver, new RegistrationResolver(new RegistrationService(dataSource, emails))],
    [StatsResolver, new StatsResolver(new StatsService(dataSource, dependencies.statsK ?? DEFAULT_K))],
  ]);
}

const RESOLVERS = [
  CustomerResolver,
  ConsentResolver,
  ConsentSnapshotResolver,
  PurposeResolver,
  VocabularyResolver,
  ProcessorResolver,
  ProcessorTokenResolver,
  TrustedDocumentResolver,
  DisclosureResolver,
  AuditResolver,
  PrivacyRequestResolver,
  NoticeResolver,
  RegistrationResolver,
  StatsResolver,
] as const;

function container(dependencies: SchemaDependencies | undefined): ContainerType | undefined {
  if (!dependencies) return undefined;
  const instances = resolverInstances(dependencies);
  return {
    get(resolverClass: Function) {
      const instance = instances.get(resolverClass);
      if (!instance) throw new Error(`no instance for resolver ${resolverClass.name}`);
      return instance;
    },
  };
}

/** Descriptions of the root types, which type-graphql builds without one; shown in GraphiQL's docs explorer. */
const ROOT_TYPE_DESCRIPTIONS = {
  query:
    'Reads. Anything not explicitly allowed is denied; a personal field resolves only for a principal the policy allows (policy §2), ' +
    'and each read of one by anyone but the customer themself is audited (policy §3).',
  mutation:
    "Changes: sign-up (staff token), the customer's own profile (policy §4) and consents (policy §2), " +
    'processors, their trust and tokens, disclosures (privacy officer, policy §2), and privacy requests (policy §5).',
} as const;

/** The schema as built from the code, without the shield: what `schema.graphql` shows. */
export async function buildBareSchema(dependencies?: SchemaDependencies): Promise<GraphQLSchema> {
  const built = await buildSchema({
    resolvers: [...RESOLVERS],
    // type-graphql's list replaces graphql-js's: without the specified ones, @skip, @include and @deprecated are gone.
    directives: [...specifiedDirectives, personalDirective],
    validate: { forbidUnknownValues: false },
    container: container(dependencies),
  });
  // ErrorCode is returned by no field, so type-graphql leaves it out: added so that clients generated from the schema have it.
  const config = built.toConfig();
  const schema = new GraphQLSchema({ ...config, types: [...config.types, errorCodeType] });
  markPersonalFields(schema);
  // Descriptions only: the types, fields and resolvers are left as type-graphql built them.
  const queryType = schema.getQueryType();
  const mutationType = schema.getMutationType();
  if (queryType) queryType.description = ROOT_TYPE_DESCRIPTIONS.query;
  if (mutationType) mutationType.description = ROOT_TYPE_DESCRIPTIONS.mutation;
  return schema;
}

/** The executable schema: every field behind the shield. */
export async function buildExecutableSchema(dependencies: SchemaDependencies): Promise<GraphQLSchema> {
  return secureSchema(await buildBareSchema(dependencies));
}

/**
 * Outermost, the bounds on every string argument (length, no control characters), before anything reads one;
 * the shield around every field that has a rule to check (deny for any field the permissions map does not
 * name), and inside it, on personal fields, the recording of each allowed read for the audit.
 */
export function secureSchema(schema: GraphQLSchema): GraphQLSchema {
  return applyMiddleware(
    schema,
    boundedInputs(schema),
    stopAbandonedWork(schema),
    guardedFieldMiddleware(schema),
    recordPersonalReads('Customer'),
  );
}

/** The SDL committed as `schema.graphql`, sorted so that it changes only when the schema does. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return `${printSchemaWithDirectives(lexicographicSortSchema(schema))}\n`;
}
