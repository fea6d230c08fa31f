import type { Logger } from '../../logger';
import type { PrivacyRequestService, RequestDeliveryService } from './privacy-request.service';

/**
 * The time-driven parts of the procedure, run every `intervalMs`: requests whose code lapsed are refused
 * as IDENTITY_NOT_VERIFIED, and access exports past their window are emptied. Returns a stop function.
 */
export function startRequestMaintenance(
  requests: PrivacyRequestService,
  delivery: RequestDeliveryService,
  logger: Logger,
  intervalMs = 60_000,
): () => void {
  const run = async () => {
    try {
      const lapsed = await requests.lapseExpiredVerifications();
      const purged = await delivery.purgeExpiredExports();
      if (lapsed + purged > 0) logger.info({ lapsed, purged }, 'request maintenance');
    } catch (error) {
      logger.error({ err: error }, 'request maintenance failed');
    }
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
