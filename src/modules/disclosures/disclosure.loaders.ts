import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import { manyEach } from '../../db/batch-load';
import { EntityRows } from '../../db/entity-rows';
import { Disclosure } from './disclosure.entity';

export function createDisclosureLoaders(dataSource: DataSource) {
  const disclosures = dataSource.getRepository(Disclosure);
  const disclosureRows = new EntityRows(dataSource, Disclosure);
  return {
    /** Disclosures of each customer in force now (not revoked, not expired); read afresh on every request. */
    liveDisclosuresByCustomerId: new DataLoader<string, Disclosure[]>(
      manyEach(
        dataSource,
        disclosureRows,
        `SELECT ${disclosureRows.selectList('d')} FROM disclosure d
         WHERE d.customer_id = ANY($1) AND d.revoked_at IS NULL AND d.expires_at > now()`,
        (disclosure) => disclosure.customerId,
      ),
    ),
    /** Every disclosure of each customer, newest first, live or not. */
    disclosuresByCustomerId: new DataLoader<string, Disclosure[]>(async (customerIds) => {
      const found = await disclosures.find({ where: { customerId: In([...customerIds]) }, order: { createdAt: 'DESC' } });
      const byCustomer = groupBy(found, (disclosure) => disclosure.customerId);
      return customerIds.map((id) => byCustomer.get(id) ?? []);
    }),
  };
}
