import type { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../auth/actor';
import { apiError, ErrorCode } from '../../common/errors';
import { answeringUniqueViolation, type UniqueConflict } from '../../db/unique-violation';
import type { PurposeCode } from '../../policy/purposes';
import { Processor, ProcessorCategory, ProcessorPurpose } from './processor.entity';
import type { RegisterProcessorInput, UpdateProcessorInput } from './processor.input';

/** The one unique violation a processor's writes answer as the caller's conflict; any other is a fault. */
const NAME_TAKEN: UniqueConflict = {
  constraint: 'processor_name_unique',
  code: ErrorCode.PROCESSOR_NAME_TAKEN,
  message: 'Another processor already has that name.',
};

export class ProcessorService {
  constructor(private readonly dataSource: DataSource) {}

  list(): Promise<Processor[]> {
    return this.dataSource.getRepository(Processor).find({ order: { name: 'ASC' } });
  }

  register(input: RegisterProcessorInput): Promise<Processor> {
    return this.inTransaction(async (manager) => {
      const processor = manager.create(Processor, {
        name: input.name.trim(),
        kind: input.kind,
        country: input.country,
        agreementAcceptedAt: input.agreementAcceptedAt ?? null,
        trustedAt: null,
        trustedBy: null,
        active: true,
      });
      const saved = await manager.save(processor);
      await replaceAllowedPurposes(manager, saved.id, input.allowedPurposes);
      await replacePermittedCategories(manager, saved.id, input.permittedCategories ?? []);
      return saved;
    });
  }

  update(id: string, input: UpdateProcessorInput): Promise<Processor> {
    return this.inTransaction(async (manager) => {
      const processor = await lockProcessor(manager, id);
      if (input.name !== undefined && input.name !== null) processor.name = input.name.trim();
      if (input.country !== undefined && input.country !== null) processor.country = input.country;
      if (input.agreementAcceptedAt !== undefined) processor.agreementAcceptedAt = input.agreementAcceptedAt;
      if (input.active !== undefined && input.active !== null) processor.active = input.active;
      const saved = await manager.save(processor);
      if (input.allowedPurposes) await replaceAllowedPurposes(manager, id, input.allowedPurposes);
      if (input.permittedCategories) await replacePermittedCategories(manager, id, input.permittedCategories);
      return saved;
    });
  }

  /** Records the specific permission of policy §2, and which privacy officer granted it. */
  setTrust(id: string, grantedBy: Actor | null): Promise<Processor> {
    return this.inTransaction(async (manager) => {
      const processor = await lockProcessor(manager, id);
      processor.trustedAt = grantedBy === null ? null : new Date();
      processor.trustedBy = grantedBy;
      return manager.save(processor);
    });
  }

  private inTransaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return answeringUniqueViolation(NAME_TAKEN, () => this.dataSource.transaction(work));
  }
}

async function lockProcessor(manager: EntityManager, id: string): Promise<Processor> {
  const processor = await manager.findOne(Processor, { where: { id }, lock: { mode: 'pessimistic_write' } });
  if (processor === null) throw apiError(ErrorCode.NOT_FOUND, 'No such processor.');
  return processor;
}

async function replaceAllowedPurposes(manager: EntityManager, processorId: string, purposes: readonly PurposeCode[]) {
  await manager.delete(ProcessorPurpose, { processorId });
  if (purposes.length > 0) {
    await manager.insert(
      ProcessorPurpose,
      purposes.map((purposeCode) => ({ processorId, purposeCode })),
    );
  }
}

async function replacePermittedCategories(manager: EntityManager, processorId: string, categories: readonly string[]) {
  await manager.delete(ProcessorCategory, { processorId });
  if (categories.length > 0) {
    await manager.insert(
      ProcessorCategory,
      categories.map((categoryKey) => ({ processorId, categoryKey })),
    );
  }
}
