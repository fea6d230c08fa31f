import { PrivacyRequestExport } from '../privacy-request-export.entity';
import { buildAccessExport, renderAccessExport } from './access-export';
import type { Fulfil } from './fulfilment';

const HOUR = 3600 * 1000;

/** Prepares the export, downloadable by the customer until it expires (then emptied). */
export const fulfilAccess: Fulfil = async ({ manager, request, settings, now }) => {
  const document = await buildAccessExport(manager, request.customerId, now, request.id);
  await manager.save(
    manager.create(PrivacyRequestExport, {
      requestId: request.id,
      document,
      readable: renderAccessExport(document),
      expiresAt: new Date(now.getTime() + settings.exportTtlHours * HOUR),
      purgedAt: null,
    }),
  );
  return {};
};
