import { ErrorCode } from '../../common/errors';
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/** Six digits, from a cryptographic source. */
export function newVerificationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/**
 * Keyed with the server's secret, so that a copy of the database alone cannot recover a six-digit code by
 * trying all million of them; bound to the verification row so a hash cannot be moved to another request.
 */
export function hashVerificationCode(key: Uint8Array, verificationId: string, code: string): string {
  return createHmac('sha256', key).update(`${verificationId}:${code}`).digest('hex');
}

function codeMatches(key: Uint8Array, verificationId: string, code: string, storedHash: string): boolean {
  const presented = Buffer.from(hashVerificationCode(key, verificationId, code), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** A code as it is held: its row id (the hash is bound to it), hash, expiry and attempts so far. */
export interface HeldCode {
  id: string;
  codeHash: string;
  expiresAt: Date;
  attempts: number;
  maxAttempts: number;
}

/** What one presented code comes to; `attempts` counts this one. The caller records it and answers. */
export type CodeCheck =
  | { result: 'EXPIRED' }
  | { result: 'WRONG'; attempts: number; attemptsLeft: number }
  | { result: 'EXHAUSTED'; attempts: number }
  | { result: 'MATCHED'; attempts: number };

/** The one rule for every one-time code: expiry first, then each try counts, and the last wrong one allowed ends it. */
export function checkCode(key: Uint8Array, held: HeldCode, code: string, now: Date): CodeCheck {
  if (held.expiresAt <= now) return { result: 'EXPIRED' };
  const attempts = held.attempts + 1;
  if (codeMatches(key, held.id, code, held.codeHash)) return { result: 'MATCHED', attempts };
  const attemptsLeft = held.maxAttempts - attempts;
  return attemptsLeft > 0 ? { result: 'WRONG', attempts, attemptsLeft } : { result: 'EXHAUSTED', attempts };
}

/** The answer to a wrong code, with the tries left: the same for every code. */
export function wrongCode(attemptsLeft: number) {
  return { ok: false as const, code: ErrorCode.VERIFICATION_CODE_INVALID, message: 'The code is wrong.', extensions: { attemptsLeft } };
}
