import type { DataSource } from 'typeorm';
import { createConsentLoaders } from './modules/consents/consent.loaders';
import { createCustomerLoaders } from './modules/customers/customer.loaders';
import { createProcessorLoaders } from './modules/processors/processor.loaders';
import { createPurposeLoaders } from './modules/purposes/purpose.loaders';

/** Every DataLoader, built afresh for each request so that nothing is cached across requests or principals. */
export function createLoaders(dataSource: DataSource) {
  return {
    ...createCustomerLoaders(dataSource),
    ...createConsentLoaders(dataSource),
    ...createPurposeLoaders(dataSource),
    ...createProcessorLoaders(dataSource),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
