import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import { Consent, ConsentEvent } from './consent.entity';

export function createConsentLoaders(dataSource: DataSource) {
  const consents = dataSource.getRepository(Consent);
  const events = dataSource.getRepository(ConsentEvent);
  return {
    /** Every consent of each customer, granted or withdrawn, as stored at the moment of the request. */
    consentsByCustomerId: new DataLoader<string, Consent[]>(async (customerIds) => {
      const found = await consents.find({
        where: { customerId: In([...customerIds]) },
        order: { purposeCode: 'ASC', createdAt: 'ASC' },
      });
      const byCustomer = groupBy(found, (consent) => consent.customerId);
      return customerIds.map((id) => byCustomer.get(id) ?? []);
    }),
    consentEventsByConsentId: new DataLoader<string, ConsentEvent[]>(async (consentIds) => {
      const found = await events.find({ where: { consentId: In([...consentIds]) }, order: { occurredAt: 'ASC', id: 'ASC' } });
      const byConsent = groupBy(found, (event) => event.consentId);
      return consentIds.map((id) => byConsent.get(id) ?? []);
    }),
  };
}
