import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import { oneEach } from '../../db/batch-load';
import { EntityRows } from '../../db/entity-rows';
import type { PurposeCode } from '../../policy/purposes';
import { Processor } from './processor.entity';

/** The values of one column of a processor's child table, for each processor, in the column's order. */
function codesEach<T extends string>(dataSource: DataSource, table: string, column: string) {
  return async (processorIds: readonly string[]): Promise<T[][]> => {
    const found = await dataSource.query<Array<{ processor_id: string; code: T }>>(
      `SELECT processor_id, ${column} AS code FROM ${table} WHERE processor_id = ANY($1) ORDER BY ${column}`,
      [processorIds],
    );
    const byProcessor = groupBy(found, (row) => row.processor_id);
    return processorIds.map((id) => (byProcessor.get(id) ?? []).map((row) => row.code));
  };
}

export function createProcessorLoaders(dataSource: DataSource) {
  const processors = EntityRows.of(dataSource, Processor);
  return {
    processorById: new DataLoader<string, Processor | null>(
      oneEach(dataSource, processors, `SELECT ${processors.selectList('p')} FROM processor p WHERE p.id = ANY($1)`, (processor) => processor.id),
    ),
    allowedPurposeCodesByProcessorId: new DataLoader<string, PurposeCode[]>(codesEach(dataSource, 'processor_purpose', 'purpose_code')),
    permittedCategoriesByProcessorId: new DataLoader<string, string[]>(codesEach(dataSource, 'processor_category', 'category_key')),
  };
}
