import type { DataSource } from 'typeorm';
import { apiError } from '../../common/errors';
import { lockCustomerForChange } from './customer-lookup';
import type { Customer } from './customer.entity';
import type { UpdateProfileInput } from './customer.input';
import type { EmailConfirmations } from './email-confirmation';
import { applyProfileChanges, saveProfile } from './profile-changes';

/** The customer's own changes to their profile (policy §4), a new email address through its confirmation. */
export class ProfileService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly emails: EmailConfirmations,
  ) {}

  /** The fields given change now; a new email waits for the code sent to it, answered alike whoever holds it. */
  update(customerId: string, input: UpdateProfileInput): Promise<Customer> {
    return this.dataSource.transaction(async (manager) => {
      const customer = await lockCustomerForChange(manager, customerId);
      const { emailToConfirm } = applyProfileChanges(customer, input);
      const saved = await saveProfile(manager, customer);
      if (emailToConfirm !== null) await this.emails.send(manager, customerId, emailToConfirm, { limited: true });
      return saved;
    });
  }

  /** Applies the address waiting for `code`; a refused code is counted (committed) before it is reported. */
  async confirmEmail(customerId: string, code: string): Promise<Customer> {
    const outcome = await this.dataSource.transaction((manager) => this.emails.confirm(manager, customerId, code));
    if (!outcome.ok) throw apiError(outcome.code, outcome.message, outcome.extensions);
    return outcome.customer;
  }
}
