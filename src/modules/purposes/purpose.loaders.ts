import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { oneEach } from '../../db/batch-load';
import { EntityRows } from '../../db/entity-rows';
import type { PurposeCode } from '../../policy/purposes';
import { Purpose } from './purpose.entity';

export function createPurposeLoaders(dataSource: DataSource) {
  const purposes = new EntityRows(dataSource, Purpose);
  return {
    purposeByCode: new DataLoader<PurposeCode, Purpose | null>(
      oneEach(dataSource, purposes, `SELECT ${purposes.selectList('p')} FROM purpose p WHERE p.code = ANY($1)`, (purpose) => purpose.code),
    ),
  };
}
