import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import { Disclosure } from './disclosure.entity';

export function createDisclosureLoaders(dataSource: DataSource) {
  const disclosures = dataSource.getRepository(Disclosure);
  return {
    /** Every disclosure of each customer, newest first, live or not. */
    disclosuresByCustomerId: new DataLoader<string, Disclosure[]>(async (customerIds) => {
      const found = await disclosures.find({ where: { customerId: In([...customerIds]) }, order: { createdAt: 'DESC' } });
      const byCustomer = groupBy(found, (disclosure) => disclosure.customerId);
      return customerIds.map((id) => byCustomer.get(id) ?? []);
    }),
  };
}
