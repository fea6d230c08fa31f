import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { Locale } from '../../common/locale';
import { ConsentSource, ConsentStatus } from '../consents/consent.enums';
import { recordChange, requireRecipientFor } from '../consents/consent.service';
import { Customer } from '../customers/customer.entity';
import type { EmailConfirmations } from '../customers/email-confirmation';
import { applyProfileChanges, saveProfile } from '../customers/profile-changes';
import type { RegisterCustomerInput } from './registration.input';

export class RegistrationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly emails: EmailConfirmations,
  ) {}

  /**
   * The customer and the consents they ticked, with their evidence, in one transaction: all or nothing. The customer
   * starts without an email: the address given waits for the code sent to it, so a sign-up with an address another
   * customer holds is answered as any other (its holder is told instead) and tells the form nothing.
   */
  register(input: RegisterCustomerInput, actor: Actor): Promise<Customer> {
    return this.dataSource.transaction(async (manager) => {
      const customer = manager.create(Customer, {
        locale: input.locale ?? Locale.AZ,
        email: null,
        erasedAt: null,
        externalRef: input.externalRef?.trim() ?? null,
      });
      applyProfileChanges(customer, input);
      const saved = await saveProfile(manager, customer);
      for (const consent of input.consents ?? []) {
        const target = { customerId: saved.id, purposeCode: consent.purpose, processorId: consent.processorId ?? null };
        if (target.processorId !== null) await requireRecipientFor(manager, target.processorId, target.purposeCode);
        await recordChange(manager, target, ConsentStatus.GRANTED, ConsentSource.SIGN_UP, actor, input.evidence!);
      }
      await this.emails.send(manager, saved.id, input.email);
      return saved;
    });
  }
}
