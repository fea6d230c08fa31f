import { AuditEvent } from '../modules/audit/audit-event.entity';
import { Consent, ConsentEvent } from '../modules/consents/consent.entity';
import { Customer } from '../modules/customers/customer.entity';
import { EmailConfirmation } from '../modules/customers/email-confirmation.entity';
import { Disclosure } from '../modules/disclosures/disclosure.entity';
import { Processor, ProcessorCategory, ProcessorPurpose } from '../modules/processors/processor.entity';
import { Purpose } from '../modules/purposes/purpose.entity';
import { RefusedRead } from '../modules/refusals/refused-read.entity';
import { Notice } from '../modules/requests/notice.entity';
import { PrivacyRequestExport } from '../modules/requests/privacy-request-export.entity';
import { PrivacyRequest, PrivacyRequestEvent, RequestVerification } from '../modules/requests/privacy-request.entity';
import { ProcessorToken } from '../modules/tokens/processor-token.entity';
import { TrustedDocument } from '../modules/trusted-documents/trusted-document.entity';

export const ENTITIES = [
  Customer,
  EmailConfirmation,
  Purpose,
  Processor,
  ProcessorPurpose,
  ProcessorCategory,
  ProcessorToken,
  TrustedDocument,
  Consent,
  ConsentEvent,
  PrivacyRequest,
  PrivacyRequestEvent,
  RequestVerification,
  PrivacyRequestExport,
  Notice,
  Disclosure,
  AuditEvent,
  RefusedRead,
];
