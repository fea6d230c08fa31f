import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import type { PurposeCode } from '../../policy/purposes';
import { Processor, ProcessorCategory, ProcessorPurpose } from './processor.entity';

export function createProcessorLoaders(dataSource: DataSource) {
  const processors = dataSource.getRepository(Processor);
  const processorPurposes = dataSource.getRepository(ProcessorPurpose);
  const processorCategories = dataSource.getRepository(ProcessorCategory);
  return {
    processorById: new DataLoader<string, Processor | null>(async (ids) => {
      const found = await processors.findBy({ id: In([...ids]) });
      const byId = new Map(found.map((processor) => [processor.id, processor]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    allowedPurposeCodesByProcessorId: new DataLoader<string, PurposeCode[]>(async (ids) => {
      const found = await processorPurposes.find({ where: { processorId: In([...ids]) }, order: { purposeCode: 'ASC' } });
      const byProcessor = groupBy(found, (row) => row.processorId);
      return ids.map((id) => (byProcessor.get(id) ?? []).map((row) => row.purposeCode));
    }),
    permittedCategoriesByProcessorId: new DataLoader<string, string[]>(async (ids) => {
      const found = await processorCategories.find({ where: { processorId: In([...ids]) }, order: { categoryKey: 'ASC' } });
      const byProcessor = groupBy(found, (row) => row.processorId);
      return ids.map((id) => (byProcessor.get(id) ?? []).map((row) => row.categoryKey));
    }),
  };
}
