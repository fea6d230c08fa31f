import { lockCustomerForChange } from '../../customers/customer-lookup';
import type { UpdateProfileInput } from '../../customers/customer.input';
import type { EmailConfirmations } from '../../customers/email-confirmation';
import { applyProfileChanges, saveProfile } from '../../customers/profile-changes';
import { NoticeKind } from '../notice.entity';
import type { Fulfil } from './fulfilment';
import { queueNotices, recipientsOf } from './notices';

/**
 * Applies the verified corrections and records which fields changed (not their old values); every processor
 * that read a changed field before is sent a rectification notice. A corrected email goes the way every new
 * address goes: it waits for the code sent to it (its holder is told instead when another customer holds it), and
 * the request completes alike either way. `changedFields` then names `pendingEmail`, the field that changed, never
 * `email`; the processors that read the email are told once the address is confirmed.
 */
export const fulfilRectification =
  (emails: EmailConfirmations): Fulfil =>
  async ({ manager, request }) => {
    const customer = await lockCustomerForChange(manager, request.customerId);
    const { changedFields, emailToConfirm } = applyProfileChanges(customer, (request.requestedChanges ?? {}) as UpdateProfileInput);
    await saveProfile(manager, customer);
    const personalChanged = changedFields.filter((field) => field !== 'locale');
    if (personalChanged.length > 0) {
      const readers = await recipientsOf(manager, customer.id, personalChanged);
      await queueNotices(manager, request, NoticeKind.RECTIFICATION_NOTICE, readers, { changedFields: personalChanged });
    }
    if (emailToConfirm === null) return { changedFields, requestedChanges: null };
    await emails.send(manager, customer.id, emailToConfirm, { requestId: request.id });
    return { changedFields: [...changedFields, 'pendingEmail'], requestedChanges: null };
  };
