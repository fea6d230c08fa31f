import { apiError, ErrorCode } from '../../../common/errors';
import { Customer } from '../../customers/customer.entity';
import type { UpdateProfileInput } from '../../customers/customer.input';
import { applyProfileChanges, saveProfile } from '../../customers/profile-changes';
import { OutboxKind } from '../outbox-message.entity';
import type { Fulfil } from './fulfilment';
import { queueNotices, recipientsOf } from './notices';

/**
 * Applies the verified corrections and records which fields changed (not their old values); every processor
 * that read a changed field before is sent a rectification notice.
 */
export const fulfilRectification: Fulfil = async ({ manager, request }) => {
  const customer = await manager.findOne(Customer, { where: { id: request.customerId }, lock: { mode: 'pessimistic_write' } });
  if (customer === null || customer.erasedAt !== null) throw apiError(ErrorCode.CUSTOMER_ERASED, 'The customer has been erased.');
  const changedFields = applyProfileChanges(customer, (request.requestedChanges ?? {}) as UpdateProfileInput);
  await saveProfile(manager, customer);
  const personalChanged = changedFields.filter((field) => field !== 'locale');
  if (personalChanged.length > 0) {
    const readers = await recipientsOf(manager, customer.id, personalChanged);
    await queueNotices(manager, request, OutboxKind.RECTIFICATION_NOTICE, readers, { changedFields: personalChanged });
  }
  return { changedFields, requestedChanges: null };
};
