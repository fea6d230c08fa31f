import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { UUID_PATTERN } from '../common/patterns';
import { isPurposeCode, type PurposeCode } from '../policy/purposes';
import { ROLES, type Principal, type Role } from './principal';

export const TOKEN_ISSUER = 'privacy-hub';
export const TOKEN_AUDIENCE = 'privacy-hub';
/** Pinned: a token signed with any other algorithm (including `none`) is rejected. */
export const TOKEN_ALGORITHM = 'HS256';
export const DEFAULT_TOKEN_TTL = '15m';

export class InvalidTokenError extends Error {}

export interface TokenClaims {
  role: Role;
  sub: string;
  processorId?: string;
  purposes?: readonly PurposeCode[];
  /** Token id; affiliate tokens carry the id under which the token was issued and can be revoked. */
  jti?: string;
}

export async function signToken(claims: TokenClaims, secret: Uint8Array, ttl: string | number = DEFAULT_TOKEN_TTL): Promise<string> {
  const payload: JWTPayload = { role: claims.role };
  if (claims.processorId !== undefined) payload.processor_id = claims.processorId;
  if (claims.purposes !== undefined) payload.purposes = [...claims.purposes];
  if (claims.jti !== undefined) payload.jti = claims.jti;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: TOKEN_ALGORITHM })
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setSubject(claims.sub)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(secret);
}

/** Verifies signature, algorithm, issuer, audience and expiry, then the shape of the claims for the role. */
export async function verifyToken(token: string, secret: Uint8Array): Promise<Principal> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, secret, {
      algorithms: [TOKEN_ALGORITHM],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('token expired');
    if (error instanceof joseErrors.JOSEError) throw new InvalidTokenError('token invalid');
    throw error;
  }
  return principalFromClaims(payload);
}

function principalFromClaims(payload: JWTPayload): Principal {
  const { role, sub } = payload;
  if (typeof sub !== 'string' || sub === '') throw new InvalidTokenError('token has no subject');
  if (!(ROLES as readonly unknown[]).includes(role)) throw new InvalidTokenError('token has an unknown role');
  switch (role as Role) {
    case 'customer':
      if (!UUID_PATTERN.test(sub)) throw new InvalidTokenError('customer token subject must be a customer id');
      return { role: 'customer', subject: sub, customerId: sub.toLowerCase() };
    case 'affiliate': {
      const processorId = payload.processor_id;
      const purposes = payload.purposes;
      if (typeof processorId !== 'string' || !UUID_PATTERN.test(processorId)) {
        throw new InvalidTokenError('affiliate token must carry a processor_id');
      }
      if (!Array.isArray(purposes) || purposes.length === 0 || !purposes.every(isPurposeCode)) {
        throw new InvalidTokenError('affiliate token must carry a non-empty list of known purposes');
      }
      if (typeof payload.jti !== 'string' || !UUID_PATTERN.test(payload.jti)) {
        throw new InvalidTokenError('affiliate token must carry the id it was issued under');
      }
      return { role: 'affiliate', subject: sub, processorId: processorId.toLowerCase(), purposes, tokenId: payload.jti.toLowerCase() };
    }
    case 'staff':
    case 'analyst':
    case 'privacy_officer':
      return { role: role as 'staff' | 'analyst' | 'privacy_officer', subject: sub };
  }
}
