import type { ContainerType } from 'type-graphql';
import { AuditResolver } from './modules/audit/audit.resolver';
import { RefusedReadResolver } from './modules/refusals/refused-read.resolver';
import { ConsentResolver, ConsentSnapshotResolver } from './modules/consents/consent.resolver';
import { CustomerResolver } from './modules/customers/customer.resolver';
import { DisclosureResolver } from './modules/disclosures/disclosure.resolver';
import { RegistrationResolver } from './modules/intake/registration.resolver';
import { ProcessorResolver } from './modules/processors/processor.resolver';
import { PurposeResolver } from './modules/purposes/purpose.resolver';
import { NoticeResolver, PrivacyRequestResolver } from './modules/requests/privacy-request.resolver';
import { StatsResolver } from './modules/stats/stats.resolver';
import { ProcessorTokenResolver } from './modules/tokens/processor-token.resolver';
import { TrustedDocumentResolver } from './modules/trusted-documents/trusted-document.resolver';
import { VocabularyResolver } from './modules/vocabulary/vocabulary.resolver';
import type { Services } from './services';

/** Every resolver class of the schema. */
export const RESOLVERS = [
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
  RefusedReadResolver,
  PrivacyRequestResolver,
  NoticeResolver,
  RegistrationResolver,
  StatsResolver,
] as const;

type ResolverClass = (typeof RESOLVERS)[number];

/** Each resolver with the services it calls; resolvers hold no request state, so one instance serves all requests. */
function resolverInstances(services: Services): Map<ResolverClass, object> {
  return new Map<ResolverClass, object>([
    [CustomerResolver, new CustomerResolver(services.customers, services.profiles)],
    [ConsentResolver, new ConsentResolver(services.consents)],
    [ConsentSnapshotResolver, new ConsentSnapshotResolver()],
    [PurposeResolver, new PurposeResolver()],
    [VocabularyResolver, new VocabularyResolver()],
    [ProcessorResolver, new ProcessorResolver(services.processors)],
    [ProcessorTokenResolver, new ProcessorTokenResolver(services.tokens)],
    [TrustedDocumentResolver, new TrustedDocumentResolver(services.trustedDocuments)],
    [DisclosureResolver, new DisclosureResolver(services.disclosures)],
    [AuditResolver, new AuditResolver(services.auditLog)],
    [RefusedReadResolver, new RefusedReadResolver()],
    [PrivacyRequestResolver, new PrivacyRequestResolver(services.requests, services.delivery, services.requestSettings)],
    [NoticeResolver, new NoticeResolver()],
    [RegistrationResolver, new RegistrationResolver(services.registrations)],
    [StatsResolver, new StatsResolver(services.stats)],
  ]);
}

/** type-graphql's container: hands each resolver class its one instance. */
export function resolverContainer(services: Services): ContainerType {
  const instances = resolverInstances(services);
  return {
    get(resolverClass: ResolverClass) {
      const instance = instances.get(resolverClass);
      if (!instance) throw new Error(`no instance for resolver ${resolverClass.name}`);
      return instance;
    },
  };
}
