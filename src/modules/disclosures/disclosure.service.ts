import type { DataSource } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { apiError, ErrorCode } from '../../common/errors';
import { lockCustomerForChange } from '../customers/customer-lookup';
import { Processor } from '../processors/processor.entity';
import { Disclosure } from './disclosure.entity';
import type { RecordDisclosureInput } from './disclosure.input';

export class DisclosureService {
  constructor(private readonly dataSource: DataSource) {}

  record(input: RecordDisclosureInput, createdBy: Actor): Promise<Disclosure> {
    return this.dataSource.transaction(async (manager) => {
      const { processorId, customerId } = input;
      if (!(await manager.existsBy(Processor, { id: processorId }))) throw apiError(ErrorCode.NOT_FOUND, 'No such processor.');
      await lockCustomerForChange(manager, customerId);
      return manager.save(
        manager.create(Disclosure, {
          ground: input.ground,
          reference: input.reference.trim(),
          processorId,
          customerId,
          categories: input.categories,
          justification: input.justification.trim(),
          expiresAt: input.expiresAt,
          revokedAt: null,
          hiddenFromCustomer: input.hiddenFromCustomer,
          hiddenReason: input.hiddenFromCustomer ? (input.hiddenReason?.trim() ?? null) : null,
          createdBy,
        }),
      );
    });
  }

  async revoke(id: string): Promise<Disclosure> {
    const repository = this.dataSource.getRepository(Disclosure);
    const disclosure = await repository.findOneBy({ id });
    if (disclosure === null) throw apiError(ErrorCode.NOT_FOUND, 'No such disclosure.');
    if (disclosure.revokedAt === null) {
      disclosure.revokedAt = new Date();
      await repository.update({ id }, { revokedAt: disclosure.revokedAt });
    }
    return disclosure;
  }
}
