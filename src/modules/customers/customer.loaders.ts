import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { oneEach } from '../../db/batch-load';
import { EntityRows } from '../../db/entity-rows';
import { Customer } from './customer.entity';
import { waitingConfirmation } from './email-confirmation';

export function createCustomerLoaders(dataSource: DataSource) {
  const customers = EntityRows.of(dataSource, Customer);
  return {
    customerById: new DataLoader<string, Customer | null>(
      oneEach(dataSource, customers, `SELECT ${customers.selectList('c')} FROM customer c WHERE c.id = ANY($1)`, (customer) => customer.id),
    ),
    /** The address waiting for its code, per customer; null when none waits. */
    pendingEmailByCustomerId: new DataLoader<string, string | null>(async (ids) => {
      const rows = (await dataSource.query(
        `SELECT e.customer_id, e.address FROM email_confirmation e WHERE e.customer_id = ANY($1) AND ${waitingConfirmation('e')}`,
        [ids],
      )) as Array<{ customer_id: string; address: string }>;
      const byCustomer = new Map(rows.map((row) => [row.customer_id, row.address]));
      return ids.map((id) => byCustomer.get(id) ?? null);
    }),
  };
}
