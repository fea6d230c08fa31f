import { apiError, ErrorCode } from '../../../common/errors';
import type { CheckpointDocument } from './checkpoint-signer';

const TEXT_FIELDS = ['origin', 'rootHash', 'issuedAt', 'keyId', 'signature'] as const;

/** A checkpoint document as a client sends it back (an anchor kept outside the database), checked for shape only. */
export function parseCheckpointDocument(text: string): CheckpointDocument {
  const invalid = () =>
    apiError(ErrorCode.BAD_USER_INPUT, 'anchor is not a checkpoint document: give the JSON of auditCheckpoint.document unchanged.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const document = parsed as Record<string, unknown>;
  if (!Number.isSafeInteger(document.treeSize) || (document.treeSize as number) < 1) throw invalid();
  if (TEXT_FIELDS.some((field) => typeof document[field] !== 'string')) throw invalid();
  return {
    origin: document.origin as string,
    treeSize: document.treeSize as number,
    rootHash: document.rootHash as string,
    issuedAt: document.issuedAt as string,
    keyId: document.keyId as string,
    signature: document.signature as string,
  };
}
