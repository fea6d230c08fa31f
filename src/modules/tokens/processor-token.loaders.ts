import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import { ProcessorToken } from './processor-token.entity';

export function createProcessorTokenLoaders(dataSource: DataSource) {
  const tokens = dataSource.getRepository(ProcessorToken);
  return {
    tokensByProcessorId: new DataLoader<string, ProcessorToken[]>(async (processorIds) => {
      const found = await tokens.find({ where: { processorId: In([...processorIds]) }, order: { issuedAt: 'DESC' } });
      const byProcessor = groupBy(found, (token) => token.processorId);
      return processorIds.map((id) => byProcessor.get(id) ?? []);
    }),
  };
}
