import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import { Consent } from './consent.entity';

export function createConsentLoaders(dataSource: DataSource) {
  const consents = dataSource.getRepository(Consent);
  return {
    consentsByCustomerId: new DataLoader<string, Consent[]>(async (customerIds) => {
      const found = await consents.find({
        where: { customerId: In([...customerIds]) },
        order: { purposeCode: 'ASC', createdAt: 'ASC' },
      });
      const byCustomer = groupBy(found, (consent) => consent.customerId);
      return customerIds.map((id) => byCustomer.get(id) ?? []);
    }),
  };
}
