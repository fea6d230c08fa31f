import type { Principal } from '../auth/principal';
import { isPurposeCode, type PurposeCode } from './purposes';

export const PURPOSE_HEADER = 'x-processing-purpose';

export type PurposeResolution =
  | { ok: true; purpose: PurposeCode | null }
  | { ok: false; code: 'PURPOSE_UNKNOWN' | 'PURPOSE_REQUIRED' | 'PURPOSE_NOT_ALLOWED'; message: string };

/**
 * The purpose a request is made for. A recipient states it in X-Processing-Purpose unless its token has a
 * single purpose; a purpose outside the token's scope fails the whole request, not field by field.
 */
export function resolveRequestPurpose(principal: Principal, header: string | undefined): PurposeResolution {
  const stated = header?.trim() || undefined;
  if (stated !== undefined && !isPurposeCode(stated)) {
    return { ok: false, code: 'PURPOSE_UNKNOWN', message: 'X-Processing-Purpose names no purpose of the policy.' };
  }
  if (principal.role !== 'affiliate') return { ok: true, purpose: stated ?? null };
  if (stated === undefined) {
    if (principal.purposes.length === 1) return { ok: true, purpose: principal.purposes[0] };
    return { ok: false, code: 'PURPOSE_REQUIRED', message: 'This token has several purposes: state one in X-Processing-Purpose.' };
  }
  if (!principal.purposes.includes(stated)) {
    return { ok: false, code: 'PURPOSE_NOT_ALLOWED', message: `This token is not scoped to ${stated}.` };
  }
  return { ok: true, purpose: stated };
}
