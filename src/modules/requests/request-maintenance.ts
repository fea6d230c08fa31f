import type { Logger } from '../../logger';
import type { PrivacyRequestService } from './privacy-request.service';
import type { RequestDeliveryService } from './request-delivery.service';

/**
 * The time-driven parts of the procedure, run every `intervalMs`: requests whose code lapsed are refused
 * as IDENTITY_NOT_VERIFIED, access exports past their window are emptied, email addresses whose code lapsed
 * are forgotten (`forget.addresses`), and so are refused reads past their retention (`forget.refusedReads`).
 * Returns a stop function.
 */
export function startRequestMaintenance(
  requests: PrivacyRequestService,
  delivery: RequestDeliveryService,
  forget: { addresses: () => Promise<number>; refusedReads: () => Promise<number> },
  logger: Logger,
  intervalMs = 60_000,
): () => void {
  const run = async () => {
    try {
      const lapsed = await requests.lapseExpiredVerifications();
      const purged = await delivery.purgeExpiredExports();
      const forgotten = await forget.addresses();
      const refusalsForgotten = await forget.refusedReads();
      if (lapsed + purged + forgotten + refusalsForgotten > 0) logger.info({ lapsed, purged, forgotten, refusalsForgotten }, 'request maintenance');
    } catch (error) {
      logger.error({ err: error }, 'request maintenance failed');
    }
  };
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
