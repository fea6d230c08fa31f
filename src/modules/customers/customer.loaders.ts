import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { Customer } from './customer.entity';

export function createCustomerLoaders(dataSource: DataSource) {
  const customers = dataSource.getRepository(Customer);
  return {
    customerById: new DataLoader<string, Customer | null>(async (ids) => {
      const found = await customers.findBy({ id: In([...ids]) });
      const byId = new Map(found.map((customer) => [customer.id, customer]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
