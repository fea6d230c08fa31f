import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import { manyEach } from '../../db/batch-load';
import { EntityRows } from '../../db/entity-rows';
import { Consent, ConsentEvent } from './consent.entity';

export function createConsentLoaders(dataSource: DataSource) {
  const consents = new EntityRows(dataSource, Consent);
  const events = dataSource.getRepository(ConsentEvent);
  return {
    /** Every consent of each customer, granted or withdrawn, as stored at the moment of the request. */
    consentsByCustomerId: new DataLoader<string, Consent[]>(
      manyEach(
        dataSource,
        consents,
        `SELECT ${consents.selectList('k')} FROM consent k WHERE k.customer_id = ANY($1) ORDER BY k.purpose_code, k.created_at`,
        (consent) => consent.customerId,
      ),
    ),
    consentEventsByConsentId: new DataLoader<string, ConsentEvent[]>(async (consentIds) => {
      const found = await events.find({ where: { consentId: In([...consentIds]) }, order: { occurredAt: 'ASC', id: 'ASC' } });
      const byConsent = groupBy(found, (event) => event.consentId);
      return consentIds.map((id) => byConsent.get(id) ?? []);
    }),
  };
}
