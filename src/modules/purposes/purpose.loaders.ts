import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import type { PurposeCode } from '../../policy/purposes';
import { Purpose } from './purpose.entity';

export function createPurposeLoaders(dataSource: DataSource) {
  const purposes = dataSource.getRepository(Purpose);
  return {
    purposeByCode: new DataLoader<PurposeCode, Purpose | null>(async (codes) => {
      const found = await purposes.findBy({ code: In([...codes]) });
      const byCode = new Map(found.map((purpose) => [purpose.code, purpose]));
      return codes.map((code) => byCode.get(code) ?? null);
    }),
  };
}
