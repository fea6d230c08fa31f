import { createHash } from 'node:crypto';

/**
 * The identity of a trusted document: the SHA-256 of its exact text as UTF-8, in lower-case hex, as Apollo's
 * persisted queries and the GraphQL "trusted documents" convention compute it. No normalisation: one character
 * more or less, whitespace included, is another document.
 */
export function documentHash(document: string): string {
  return createHash('sha256').update(document, 'utf8').digest('hex');
}
