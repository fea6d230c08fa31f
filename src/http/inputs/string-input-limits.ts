import { MAX_TRUSTED_DOCUMENT_LENGTH } from '../../modules/trusted-documents/trusted-document.input';

/** What a string input may hold. */
export interface StringInputLimit {
  /** The longest value, in characters (code points, as class-validator's MaxLength counts them). */
  maxLength: number;
  /** Free text a person writes in lines: tab, line feed and carriage return are allowed in it. */
  multiline: boolean;
}

/**
 * Every string input not named below: names, references, codes, cursors and ids are all far shorter, and none
 * holds a line break. An input's own MaxLength, where it has one, is at most this (and refuses first).
 */
export const DEFAULT_STRING_INPUT_LIMIT: StringInputLimit = { maxLength: 1_000, multiline: false };

/** A paragraph or two a person writes; the same 2,000 characters as the field's own MaxLength. */
const WRITTEN_TEXT: StringInputLimit = { maxLength: 2_000, multiline: true };

/**
 * The inputs where longer text, or text in lines, is legitimate, by schema coordinate: `Type.field` for an input
 * field, `Type.field(arg:)` for an argument. A coordinate that is not in the schema fails the server's start.
 */
export const STRING_INPUT_EXCEPTIONS: Readonly<Record<string, StringInputLimit>> = {
  // Written for the customer, who reads it (policy §5).
  'RefusalInput.justification': WRITTEN_TEXT,
  // Why the request takes excessive effort; the customer reads it with the fee.
  'FeeInput.justification': WRITTEN_TEXT,
  // Why more time is needed, recorded in the request's history.
  'DeadlineExtensionInput.reason': WRITTEN_TEXT,
  // Why a ground of policy §2 applies, and why the customer must not see it: read by people, in lines.
  'RecordDisclosureInput.justification': WRITTEN_TEXT,
  'RecordDisclosureInput.hiddenReason': WRITTEN_TEXT,
  // A checkpoint document (auditCheckpoint.document) kept outside the database: about 300 characters compact, but
  // it may come back pretty-printed from a file, where JSON's whitespace (tab, line feed, carriage return) is legal.
  'Query.verifyAuditChain(anchor:)': { maxLength: 2_000, multiline: true },
  // A GraphQL document the officer allows for a partner, byte for byte as the partner sends it: written in lines.
  'RegisterTrustedDocumentInput.document': { maxLength: MAX_TRUSTED_DOCUMENT_LENGTH, multiline: true },
};

// Single character classes: a search for one is one pass over the string, whatever it holds. Control characters
// are what they look for, hence the lint exception.
/* eslint-disable no-control-regex */
const CONTROL_CHARACTER = /[\u0000-\u001F\u007F]/;
const CONTROL_CHARACTER_BUT_LINE_BREAKS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/* eslint-enable no-control-regex */

/** More code points than `limit`? Counts only when the UTF-16 length says it might be, and stops past the limit. */
function longerThan(value: string, limit: number): boolean {
  if (value.length <= limit) return false;
  // A code point is at most two UTF-16 units.
  if (value.length > 2 * limit) return true;
  let codePoints = 0;
  for (const _codePoint of value) {
    codePoints += 1;
    if (codePoints > limit) return true;
  }
  return false;
}

/**
 * Why `value` breaks `limit` ("must be …"), or null. NUL cannot be stored by PostgreSQL at all; the other C0
 * controls and DEL have no place in a name, a code or an address, and in written text only as line breaks and
 * tabs. The length is checked first.
 */
export function stringInputProblem(value: string, limit: StringInputLimit): string | null {
  if (longerThan(value, limit.maxLength)) return `must be at most ${limit.maxLength} characters`;
  if (limit.multiline) {
    return CONTROL_CHARACTER_BUT_LINE_BREAKS.test(value) ? 'must not contain control characters other than tab, line feed and carriage return' : null;
  }
  return CONTROL_CHARACTER.test(value) ? 'must not contain control characters (U+0000 to U+001F, U+007F)' : null;
}
