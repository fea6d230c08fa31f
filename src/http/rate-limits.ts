import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ErrorCode } from '../common/errors';
import { sendHttpError } from './http-errors';

/** At most `points` requests per `seconds`, counted in a window that opens at a key's first request. */
export interface Quota {
  points: number;
  seconds: number;
}

export interface RateLimitSettings {
  enabled: boolean;
  /** Requests without a token, per client address. */
  anonymous: Quota;
  /** Requests with a token, per token (whether or not it turns out valid). */
  token: Quota;
  /** Rejected tokens per client address; past it, every request with a token from that address waits out the window. */
  failedAuthentication: Quota;
}

/**
 * A personal cabinet makes a few requests per page view and a partner's batch job a few per second; sign-up and
 * staff tools run behind one staff token. Bad tokens get 10 tries a minute per address before the address is refused.
 */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  enabled: true,
  anonymous: { points: 120, seconds: 60 },
  token: { points: 600, seconds: 10 },
  failedAuthentication: { points: 10, seconds: 60 },
};

function limiter({ points, seconds }: Quota): RateLimiterMemory {
  return new RateLimiterMemory({ points, duration: seconds });
}

const retryAfterSeconds = (refusal: RateLimiterRes) => String(Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));

/** The address the request came from; behind a proxy, Express's `trust proxy` decides what `req.ip` is. */
const addressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/**
 * Rate limits for /graphql, kept in this process's memory (rate-limiter-flexible): each instance counts its own
 * callers, so N instances behind a balancer admit up to N times a quota. Over a quota: 429 RATE_LIMITED with
 * Retry-After, before the token is verified or any database work is done.
 */
export class RequestRateLimits {
  private readonly anonymous: RateLimiterMemory;
  private readonly token: RateLimiterMemory;
  private readonly failedAuthentication: RateLimiterMemory;

  constructor(private readonly settings: RateLimitSettings) {
    this.anonymous = limiter(settings.anonymous);
    this.token = limiter(settings.token);
    this.failedAuthentication = limiter(settings.failedAuthentication);
  }

  middleware(): RequestHandler {
    return async (req, res, next) => {
      if (!this.settings.enabled) return next();
      const authorization = req.headers.authorization;
      try {
        if (!authorization) {
          await this.anonymous.consume(addressOf(req));
        } else {
          const failures = await this.failedAuthentication.get(addressOf(req));
          if (failures && failures.consumedPoints >= this.settings.failedAuthentication.points) throw failures;
          // Keyed by a digest: the limiter's memory holds no usable token.
          await this.token.consume(createHash('sha256').update(authorization).digest('base64url'));
        }
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) return next(refusal);
        return sendHttpError(res, 429, ErrorCode.RATE_LIMITED, 'Too many requests; retry after the time in Retry-After.', {
          'Retry-After': retryAfterSeconds(refusal),
        });
      }
      next();
    };
  }

  /** A request's token was rejected (401): counts against its address. */
  recordFailedAuthentication(req: Request): void {
    if (!this.settings.enabled) return;
    // Past the quota consume() rejects; the next request from the address is refused by middleware() anyway.
    this.failedAuthentication.consume(addressOf(req)).catch(() => {});
  }
}
