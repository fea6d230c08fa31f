import type { EntityManager } from 'typeorm';
import { DeliveryStatus, NoticeKind, Notice } from '../notice.entity';
import type { PrivacyRequest } from '../privacy-request.entity';

/**
 * The processors that received personal data of a customer, from the audit log (every read by a recipient
 * is there); with `fields`, only those that read at least one of them.
 */
export async function recipientsOf(manager: EntityManager, customerId: string, fields?: readonly string[]): Promise<string[]> {
  const rows = (await manager.query(
    `SELECT DISTINCT processor_id FROM audit_event
     WHERE customer_id = $1 AND processor_id IS NOT NULL AND ($2::text[] IS NULL OR fields && $2::text[])
     ORDER BY processor_id`,
    [customerId, fields ?? null],
  )) as Array<{ processor_id: string }>;
  return rows.map((row) => row.processor_id);
}

/** One notice per processor, in the outbox the sender delivers from; the body names fields, never values. */
export async function queueNotices(
  manager: EntityManager,
  request: PrivacyRequest,
  kind: NoticeKind.RECTIFICATION_NOTICE | NoticeKind.ERASURE_NOTICE,
  processorIds: readonly string[],
  body: Record<string, unknown>,
): Promise<void> {
  if (processorIds.length === 0) return;
  await manager.insert(
    Notice,
    processorIds.map((processorId) => ({
      kind,
      channel: 'PROCESSOR' as const,
      customerId: request.customerId,
      processorId,
      requestId: request.id,
      body: { ...body, requestId: request.id, customerId: request.customerId },
      status: DeliveryStatus.PENDING,
    })),
  );
}
