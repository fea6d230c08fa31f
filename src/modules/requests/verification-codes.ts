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

export function codeMatches(key: Uint8Array, verificationId: string, code: string, storedHash: string): boolean {
  const presented = Buffer.from(hashVerificationCode(key, verificationId, code), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
