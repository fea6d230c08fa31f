import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { CustomerVisibility } from '../policy/visibility/customers';
import { apiError, ErrorCode } from './errors';
import { UUID_PATTERN } from './patterns';

/**
 * What a cursor is good for. A cursor names a row, and the next page is read from that row's position: honoured
 * for any row, it would let a caller place rows it may not see. So the API honours only cursors it issued, for
 * the same list, to a caller who sees the same rows, in the same order.
 */
export interface CursorBinding {
  /** The paged field, e.g. `Query.customers`. */
  list: string;
  /** Whose rows the caller sees (see `cursorScope`). */
  scope: string;
  /** The sort, field and direction, e.g. `CREATED_AT ASC`. */
  order: string;
}

/** The paging arguments that carry a cursor. */
export type CursorArgument = 'after' | 'before';

/** The cursors of one page request: those it reads from, and those it hands out. */
export interface PageCursors {
  /**
   * The id a cursor argument names; null without a cursor. Refuses, before anything is read, a cursor not sealed for
   * this binding, naming the argument it came in.
   */
  open(cursor: string | null | undefined, argument: CursorArgument): string | null;
  /** The cursor of the row `id`, sealed for this binding. */
  of(id: string): string;
}

const VERSION = 'v2';
/** HKDF's info: the cursor key is the server secret's, and no other use of that secret can produce it. */
const KEY_LABEL = 'privacy-hub cursor v2';
/** HMAC-SHA256 cut to 128 bits (RFC 2104 allows half): a forger has to guess them, one request at a time. */
const TAG_BYTES = 16;

/** The caller's visibility as a cursor scope: staff and the privacy officer see every customer, a recipient its own. */
export function cursorScope(visibility: CustomerVisibility): string {
  switch (visibility.scope) {
    case 'ALL':
      return 'ALL';
    case 'SELF':
      return `SELF:${visibility.customerId}`;
    case 'RECIPIENT':
      return `RECIPIENT:${visibility.processorId}`;
    case 'NONE':
      return 'NONE';
  }
}

/** One answer for every cursor refused, whatever it holds: the id inside is never looked up. */
function notIssued(argument: CursorArgument) {
  return apiError(ErrorCode.BAD_USER_INPUT, 'The cursor is not one this API issued.', { argumentName: argument });
}

/**
 * Seals cursors with an HMAC over (version, list, scope, order, id), keyed from the server secret. The id travels
 * in the clear (it is the id of a row the caller was shown); nothing else does, and no sort value at all.
 */
export class CursorSeal {
  private constructor(private readonly key: Buffer) {}

  static fromSecret(secret: Uint8Array): CursorSeal {
    return new CursorSeal(Buffer.from(hkdfSync('sha256', secret, new Uint8Array(0), KEY_LABEL, 32)));
  }

  for(binding: CursorBinding): PageCursors {
    return {
      open: (cursor, argument) => (cursor === null || cursor === undefined ? null : this.open(binding, cursor, argument)),
      of: (id) => this.seal(binding, id),
    };
  }

  private seal({ list, scope, order }: CursorBinding, id: string): string {
    const tag = createHmac('sha256', this.key)
      .update(JSON.stringify([VERSION, list, scope, order, id]))
      .digest()
      .subarray(0, TAG_BYTES);
    return Buffer.from(`${VERSION}:${id}:${tag.toString('base64url')}`).toString('base64url');
  }

  /** Compares the whole cursor with the one this binding would issue, so that no other spelling of it passes either. */
  private open(binding: CursorBinding, cursor: string, argument: CursorArgument): string {
    const id = Buffer.from(cursor, 'base64url').toString().split(':')[1] ?? '';
    if (!UUID_PATTERN.test(id)) throw notIssued(argument);
    const presented = Buffer.from(cursor);
    const issued = Buffer.from(this.seal(binding, id));
    if (presented.length !== issued.length || !timingSafeEqual(presented, issued)) throw notIssued(argument);
    return id;
  }
}
