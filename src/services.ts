import type { DataSource } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { authenticate } from './auth/authenticate';
import type { Principal } from './auth/principal';
import { signToken } from './auth/tokens';
import { CursorSeal } from './common/cursor-seal';
import { poolState } from './db/bounded-pool';
import type { Loaders } from './loaders';
import type { Logger } from './logger';
import { AuditService } from './modules/audit/audit.service';
import { RefusedReadService } from './modules/refusals/refused-read.service';
import { AuditLog } from './modules/audit/log/audit-log';
import { AuditSequencer } from './modules/audit/log/audit-sequencer';
import type { CheckpointSigner } from './modules/audit/log/checkpoint-signer';
import { DEFAULT_SEALING_SETTINGS, type SealingSettings } from './modules/audit/log/sealing-settings';
import { ConsentService } from './modules/consents/consent.service';
import { CustomerService } from './modules/customers/customer.service';
import { EmailConfirmations } from './modules/customers/email-confirmation';
import { ProfileService } from './modules/customers/profile.service';
import { DisclosureService } from './modules/disclosures/disclosure.service';
import { RegistrationService } from './modules/intake/registration.service';
import { ProcessorService } from './modules/processors/processor.service';
import { fulfilAccess } from './modules/requests/fulfilment/access';
import { fulfilErasure } from './modules/requests/fulfilment/erasure';
import { fulfilRectification } from './modules/requests/fulfilment/rectification';
import { PrivacyRequestService } from './modules/requests/privacy-request.service';
import { RequestDeliveryService } from './modules/requests/request-delivery.service';
import { DEFAULT_REQUEST_SETTINGS, type RequestSettings } from './modules/requests/request-settings';
import { StatsService } from './modules/stats/stats.service';
import { ProcessorTokenService } from './modules/tokens/processor-token.service';
import { TrustedDocumentService } from './modules/trusted-documents/trusted-document.service';
import { Metrics } from './observability/metrics';
import { DEFAULT_K } from './policy/k-anonymity';

export interface ServiceSettings {
  dataSource: DataSource;
  /** Signs tokens and keys the one-time codes and the cursors. */
  jwtSecret: Uint8Array;
  logger: Logger;
  /** DEFAULT_REQUEST_SETTINGS when omitted. */
  requestSettings?: RequestSettings;
  /** The k of k-anonymity for analysts' aggregates; DEFAULT_K when omitted. */
  statsK?: number;
  /** Signs the audit log's checkpoints. */
  auditSigner: CheckpointSigner;
  /** DEFAULT_SEALING_SETTINGS when omitted. */
  sealing?: SealingSettings;
  /** How many days a refused read is kept; DEFAULT_REFUSED_READ_RETENTION_DAYS when omitted. */
  refusedReadRetentionDays?: number;
}

/** Every service of one hub instance, each built once; the schema's resolvers, the server and the maintenance job share them. */
export interface Services {
  /** The pool the services, the request loaders and the readiness check use. */
  dataSource: DataSource;
  logger: Logger;
  /** The principal behind a request's Authorization header; a partner token is checked against its record on each request. */
  authenticate(authorization: string | undefined, loaders: Loaders): Promise<Principal>;
  /** Signs a customer token as `npm run token -- --role customer` does; only the cabinet's demo sign-in issues one. */
  signCustomerToken(customerId: string, ttl: string): Promise<string>;
  requestSettings: RequestSettings;
  /** How the audit log is sealed; the readiness check judges the backlog by it. */
  sealing: SealingSettings;
  customers: CustomerService;
  profiles: ProfileService;
  emailConfirmations: EmailConfirmations;
  consents: ConsentService;
  processors: ProcessorService;
  tokens: ProcessorTokenService;
  trustedDocuments: TrustedDocumentService;
  disclosures: DisclosureService;
  registrations: RegistrationService;
  requests: PrivacyRequestService;
  delivery: RequestDeliveryService;
  stats: StatsService;
  /** The sealed audit log: checkpoints, proofs, verification. */
  auditLog: AuditLog;
  /** Writes each request's personal-field reads before its answer leaves. */
  auditWrites: AuditService;
  /** The reads recipients were refused, for the customer to see, kept for a while only. */
  refusedReads: RefusedReadService;
  /** Seals the audit log while this instance holds the lead; on a session of its own, outside the pool. */
  sequencer: AuditSequencer;
  metrics: Metrics;
  /** Seals the cursors pages hand out; keyed from the server secret. */
  cursorSeal: CursorSeal;
}

/** The composition root: the one place each service is built and given what it depends on. */
export function createServices({
  dataSource,
  jwtSecret,
  logger,
  requestSettings = DEFAULT_REQUEST_SETTINGS,
  statsK = DEFAULT_K,
  auditSigner,
  sealing = DEFAULT_SEALING_SETTINGS,
  refusedReadRetentionDays,
}: ServiceSettings): Services {
  const metrics = new Metrics(() => poolState(dataSource));
  // One-time codes to new email addresses are keyed with the server secret, as privacy requests' codes are.
  const emailConfirmations = new EmailConfirmations(jwtSecret, requestSettings, logger);
  const tokens = new ProcessorTokenService(dataSource, jwtSecret);
  return {
    dataSource,
    logger,
    authenticate: (authorization, loaders) =>
      authenticate(authorization, jwtSecret, (id, token, processorId) => tokens.isLive(id, token, processorId, loaders)),
    signCustomerToken: (customerId, ttl) => signToken({ role: 'customer', sub: customerId }, jwtSecret, ttl),
    requestSettings,
    sealing,
    customers: new CustomerService(dataSource),
    profiles: new ProfileService(dataSource, emailConfirmations),
    emailConfirmations,
    consents: new ConsentService(dataSource),
    processors: new ProcessorService(dataSource),
    tokens,
    trustedDocuments: new TrustedDocumentService(dataSource),
    disclosures: new DisclosureService(dataSource),
    registrations: new RegistrationService(dataSource, emailConfirmations),
    requests: new PrivacyRequestService(dataSource, requestSettings, jwtSecret, logger, {
      ACCESS: fulfilAccess,
      RECTIFICATION: fulfilRectification(emailConfirmations),
      ERASURE: fulfilErasure,
    }),
    delivery: new RequestDeliveryService(dataSource),
    stats: new StatsService(dataSource, statsK),
    auditLog: new AuditLog(dataSource, auditSigner, sealing),
    auditWrites: new AuditService(dataSource, metrics.auditWrites),
    refusedReads: new RefusedReadService(dataSource, refusedReadRetentionDays),
    sequencer: new AuditSequencer((dataSource.options as PostgresDataSourceOptions).url!, auditSigner, sealing, logger),
    metrics,
    cursorSeal: CursorSeal.fromSecret(jwtSecret),
  };
}
