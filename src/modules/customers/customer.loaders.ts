import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { oneEach } from '../../db/batch-load';
import { EntityRows } from '../../db/entity-rows';
import { Customer } from './customer.entity';

export function createCustomerLoaders(dataSource: DataSource) {
  const customers = EntityRows.of(dataSource, Customer);
  return {
    customerById: new DataLoader<string, Customer | null>(
      oneEach(dataSource, customers, `SELECT ${customers.selectList('c')} FROM customer c WHERE c.id = ANY($1)`, (customer) => customer.id),
    ),
  };
}
