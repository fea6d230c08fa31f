import { GraphQLError } from 'graphql';
import { ErrorCode } from '../common/errors';
import { asServiceUnavailable } from '../db/unavailable';
import { ANONYMOUS, type Principal, type PrincipalOf } from './principal';
import { InvalidTokenError, verifyToken } from './tokens';

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.UNAUTHENTICATED, http: { status: 401 } } });
}

/** Whether an affiliate token is the one issued under its id, not revoked and not expired. */
export type ProcessorTokenCheck = (tokenId: string, token: string, processorId: string) => Promise<boolean>;

/** The token check; a check that cannot reach the database answers 503, neither 401 (the token may be fine) nor 500. */
async function isLiveToken(check: ProcessorTokenCheck, principal: PrincipalOf<'affiliate'>, token: string): Promise<boolean> {
  try {
    return await check(principal.tokenId, token, principal.processorId);
  } catch (error) {
    throw asServiceUnavailable(error);
  }
}

/**
 * The principal behind an Authorization header. No header is an anonymous principal; a header that is
 * present but not a valid bearer token fails the whole request with 401, so that no data is returned.
 * Affiliate tokens are also looked up on every request, so that a revocation takes effect on the next one.
 */
export async function authenticate(
  authorization: string | undefined,
  secret: Uint8Array,
  isLiveProcessorToken: ProcessorTokenCheck,
): Promise<Principal> {
  if (authorization === undefined || authorization === '') return ANONYMOUS;
  const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(authorization);
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>".');
  let principal: Principal;
  try {
    principal = await verifyToken(match[1], secret);
  } catch (error) {
    if (error instanceof InvalidTokenError) throw unauthenticated(`Rejected token: ${error.message}.`);
    throw error;
  }
  if (principal.role === 'affiliate' && !(await isLiveToken(isLiveProcessorToken, principal, match[1]))) {
    throw unauthenticated('Rejected token: revoked, expired or never issued.');
  }
  return principal;
}
