import type { DataSource } from 'typeorm';
import { createAuditLoaders } from './modules/audit/audit.loaders';
import { createConsentLoaders } from './modules/consents/consent.loaders';
import { createCustomerLoaders } from './modules/customers/customer.loaders';
import { createDisclosureLoaders } from './modules/disclosures/disclosure.loaders';
import { createProcessorLoaders } from './modules/processors/processor.loaders';
import { createRecipientLinkLoaders } from './modules/processors/recipient-links.loaders';
import { createRefusedReadLoaders } from './modules/refusals/refused-read.loaders';
import { createPrivacyRequestLoaders } from './modules/requests/privacy-request.loaders';
import { createProcessorTokenLoaders } from './modules/tokens/processor-token.loaders';
import { createTrustedDocumentLoaders } from './modules/trusted-documents/trusted-document.loaders';

/** Every DataLoader, built afresh for each request so that nothing is cached across requests or principals. */
export function createLoaders(dataSource: DataSource) {
  return {
    ...createCustomerLoaders(dataSource),
    ...createConsentLoaders(dataSource),
    ...createProcessorLoaders(dataSource),
    ...createRecipientLinkLoaders(dataSource),
    ...createDisclosureLoaders(dataSource),
    ...createProcessorTokenLoaders(dataSource),
    ...createTrustedDocumentLoaders(dataSource),
    ...createAuditLoaders(dataSource),
    ...createRefusedReadLoaders(dataSource),
    ...createPrivacyRequestLoaders(dataSource),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
