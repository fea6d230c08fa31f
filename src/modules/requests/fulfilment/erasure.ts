import { CURRENT_POLICY_VERSION } from '../../../policy/controller';
import { lockCustomerForChange } from '../../customers/customer-lookup';
import { NoticeKind } from '../notice.entity';
import type { Fulfil } from './fulfilment';
import { queueNotices, recipientsOf } from './notices';

/**
 * Erases the customer in one transaction: every personal field emptied (the database checks that an erased
 * customer holds none), live consents withdrawn with their events, held corrections, exports and code
 * messages emptied, addresses waiting for confirmation removed. Audit events and disclosures stay: they hold ids, never personal values. Each processor
 * that received the customer's data is sent an erasure notice.
 */
export const fulfilErasure: Fulfil = async ({ manager, request, now, actor }) => {
  const customer = await lockCustomerForChange(manager, request.customerId);
  const customerId = customer.id;
  const recipients = await recipientsOf(manager, customerId);

  await manager.query(
    `UPDATE customer SET erased_at = $2, updated_at = $2, email = NULL, phone = NULL, full_name = NULL, date_of_birth = NULL,
       address_street = NULL, address_city = NULL, address_postal_code = NULL, address_country = NULL
     WHERE id = $1`,
    [customerId, now],
  );
  await manager.query(
    `INSERT INTO consent_event (consent_id, status, source, policy_version, occurred_at, actor)
     SELECT id, 'WITHDRAWN', 'ERASURE', $2, $3, $4
     FROM consent WHERE customer_id = $1 AND status = 'GRANTED'`,
    [customerId, CURRENT_POLICY_VERSION, now, actor],
  );
  await manager.query(
    `UPDATE consent SET status = 'WITHDRAWN', source = 'ERASURE', status_changed_at = $2, policy_version = $3, updated_at = $2
     WHERE customer_id = $1 AND status = 'GRANTED'`,
    [customerId, now, CURRENT_POLICY_VERSION],
  );
  await manager.query(`UPDATE privacy_request SET requested_changes = NULL WHERE customer_id = $1`, [customerId]);
  await manager.query(
    `UPDATE privacy_request_export SET document = NULL, readable = NULL, purged_at = $2
     WHERE purged_at IS NULL AND request_id IN (SELECT id FROM privacy_request WHERE customer_id = $1)`,
    [customerId, now],
  );
  await manager.query(
    `UPDATE outbox_message SET body = NULL WHERE customer_id = $1 AND kind IN ('VERIFICATION_CODE', 'EMAIL_CONFIRMATION_CODE', 'EMAIL_IN_USE_NOTICE')`,
    [customerId],
  );
  await manager.query(`DELETE FROM email_confirmation WHERE customer_id = $1`, [customerId]);

  await queueNotices(manager, request, NoticeKind.ERASURE_NOTICE, recipients, { erasedAt: now.toISOString() });
  return { requestedChanges: null };
};
