import type { EntityManager } from 'typeorm';
import { apiError, ErrorCode } from '../../common/errors';
import { Customer } from './customer.entity';

/**
 * The customer a change is about, locked (FOR UPDATE) until the caller's transaction ends: an erasure locks the
 * row too, so none can commit between this check and the change. NOT_FOUND when there is no such customer,
 * CUSTOMER_ERASED once erased: nothing more is done with an erased customer's data (policy §5).
 */
export async function lockCustomerForChange(manager: EntityManager, customerId: string): Promise<Customer> {
  const customer = await manager.findOne(Customer, { where: { id: customerId }, lock: { mode: 'pessimistic_write' } });
  if (customer === null) throw apiError(ErrorCode.NOT_FOUND, 'No such customer.');
  if (customer.erasedAt !== null) throw apiError(ErrorCode.CUSTOMER_ERASED, 'The customer has been erased.');
  return customer;
}
