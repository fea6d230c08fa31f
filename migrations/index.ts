import { CoreSchema1764000000000 } from './1764000000000-CoreSchema';
import { ConsentAccess1764100000000 } from './1764100000000-ConsentAccess';
import { DisclosureReasonRequired1764200000000 } from './1764200000000-DisclosureReasonRequired';
import { PrivacyRequestWorkflow1764300000000 } from './1764300000000-PrivacyRequestWorkflow';
import { AuditChainPerStatement1764400000000 } from './1764400000000-AuditChainPerStatement';
import { CustomerIntake1764500000000 } from './1764500000000-CustomerIntake';
import { ConsentEventByConsent1764600000000 } from './1764600000000-ConsentEventByConsent';
import { RecipientPageOrder1764700000000 } from './1764700000000-RecipientPageOrder';
import { AuditEventWithoutForeignKeys1764800000000 } from './1764800000000-AuditEventWithoutForeignKeys';
import { SealedAuditLog1764900000000 } from './1764900000000-SealedAuditLog';
import { TrustedDocuments1765100000000 } from './1765100000000-TrustedDocuments';
import { AccessLogWithoutHiddenReads1765300000000 } from './1765300000000-AccessLogWithoutHiddenReads';
import { EmailConfirmation1765400000000 } from './1765400000000-EmailConfirmation';
import { OneActorFormat1765500000000 } from './1765500000000-OneActorFormat';
import { RefusedReads1765600000000 } from './1765600000000-RefusedReads';
import { RefusalsUnderHiddenDisclosures1765700000000 } from './1765700000000-RefusalsUnderHiddenDisclosures';

/** Every migration, oldest first. Listed explicitly so that tsx, jest and tsc all load the same set. */
export const MIGRATIONS = [
  CoreSchema1764000000000,
  ConsentAccess1764100000000,
  DisclosureReasonRequired1764200000000,
  PrivacyRequestWorkflow1764300000000,
  AuditChainPerStatement1764400000000,
  CustomerIntake1764500000000,
  ConsentEventByConsent1764600000000,
  RecipientPageOrder1764700000000,
  AuditEventWithoutForeignKeys1764800000000,
  SealedAuditLog1764900000000,
  TrustedDocuments1765100000000,
  AccessLogWithoutHiddenReads1765300000000,
  EmailConfirmation1765400000000,
  OneActorFormat1765500000000,
  RefusedReads1765600000000,
  RefusalsUnderHiddenDisclosures1765700000000,
];
