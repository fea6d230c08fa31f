import type { Logger } from '../../logger';
import type { PrivacyRequestService } from './privacy-request.service';
import type { RequestDeliveryService } from './request-delivery.service';

/**
 * The time-driven parts of the procedure, run every `intervalMs`: requests whose code lapsed are refused
 * as IDENTITY_NOT_VERIFIED, access exports past their window are emptied, and email addresses whose code lapsed
 * are forgotten (`forgetLapsedAddresses`). Returns a stop function.
 */
export function startRequestMaintenance(
  requests: PrivacyRequestService,
  delivery: RequestDeliveryService,
  forgetLapsedAddresses: () => Promise<number>,
  logger: Logger,
  intervalMs = 60_000,
): () => void {
  const run = async () => {
    try {
      const lapsed = await requests.lapseExpiredVerifications();
      const purged = await delivery.purgeExpiredExports();
      const forgotten = await forgetLapsedAddresses();
      if (lapsed + purged + forgotten > 0) logger.info({ lapsed, purged, forgotten }, 'request maintenance');
    } catch (error) {
      logger.error({ err: error }, 'request maintenance failed');
    }
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
