import { apiError, ErrorCode } from '../../common/errors';
import { documentHash } from '../../modules/trusted-documents/document-hash';
import type { AdmissionCheck } from './admission';

export interface TrustedDocumentLookup {
  /** Whether a document, by its hash, is one of the processor's live trusted documents. */
  isTrusted(processorId: string, hash: string): Promise<boolean>;
}

/**
 * Holds the tokens of a processor restricted to trusted documents to the operations registered for it: any
 * other document is refused before a field resolves (403 OPERATION_NOT_TRUSTED), so nothing is read or audited.
 * The restriction flag comes with the processor the token check already read for the request (a primed
 * loader), so an unrestricted processor costs no statement here; a restricted one costs the hash lookup.
 */
export function trustedDocuments(documents: TrustedDocumentLookup): AdmissionCheck {
  // After parsing and validation: a text that fails either is refused as such, and could never have been registered.
  return async ({ contextValue, source }) => {
    const { principal } = contextValue;
    if (principal.role !== 'affiliate') return;
    const processor = await contextValue.loaders.processorById.load(principal.processorId);
    // A processor that is gone has no documents: refused like a restricted one.
    if (processor !== null && !processor.trustedDocumentsOnly) return;
    if (processor !== null && (await documents.isTrusted(processor.id, documentHash(source)))) return;
    throw apiError(ErrorCode.OPERATION_NOT_TRUSTED, 'This partner may send only the operations registered for it as trusted documents.', {
      http: { status: 403 },
    });
  };
}
