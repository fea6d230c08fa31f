import type { Loaders } from '../loaders';
import type { ConsentFacts, DisclosureFacts, ProcessorFacts } from './decide';

export interface RecipientFacts {
  processor: ProcessorFacts | null;
  consents: ConsentFacts[];
  disclosures: DisclosureFacts[];
}

/**
 * What the decision needs to know about a recipient's read of one customer, through the request's loaders:
 * each fact is read once per request for all customers in it, and never carried over to the next request.
 */
export async function gatherRecipientFacts(loaders: Loaders, processorId: string, customerId: string): Promise<RecipientFacts> {
  const [processor, allowedPurposes, permittedCategories, { consents, disclosures }] = await Promise.all([
    loaders.processorById.load(processorId),
    loaders.allowedPurposeCodesByProcessorId.load(processorId),
    loaders.permittedCategoriesByProcessorId.load(processorId),
    loaders.recipientLinks.load({ processorId, customerId }),
  ]);
  return {
    processor: processor && {
      id: processor.id,
      active: processor.active,
      agreementAccepted: processor.agreementAcceptedAt !== null,
      trusted: processor.trustedAt !== null,
      allowedPurposes,
      permittedCategories,
    },
    consents,
    disclosures,
  };
}
