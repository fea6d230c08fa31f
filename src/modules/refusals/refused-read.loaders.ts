import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import { EntityRows } from '../../db/entity-rows';
import type { DisclosureView } from '../../policy/visibility/disclosures';
import { visibleRefusalCondition } from '../../policy/visibility/refusals';
import { RefusedRead } from './refused-read.entity';

/** How far back a customer's refused reads reach in one answer. */
export const REFUSED_READS_LIMIT = 100;

export function createRefusedReadLoaders(dataSource: DataSource) {
  return {
    /** Each customer's newest refused reads the view shows, from the index in that order (see the RefusedReads migration). */
    refusedReadsByCustomerId: {
      ALL: new DataLoader(newestRefusedReads(dataSource, 'ALL')),
      NOT_HIDDEN: new DataLoader(newestRefusedReads(dataSource, 'NOT_HIDDEN')),
    } satisfies Record<DisclosureView, DataLoader<string, RefusedRead[]>>,
  };
}

function newestRefusedReads(dataSource: DataSource, view: DisclosureView) {
  return async (customerIds: readonly string[]): Promise<RefusedRead[][]> => {
    const rows = EntityRows.of(dataSource, RefusedRead);
    const found = rows.fromRows(
      await dataSource.query(
        `SELECT ${rows.selectList('r')}
         FROM unnest($1::uuid[]) AS wanted(customer_id)
         CROSS JOIN LATERAL (
           SELECT * FROM refused_read x WHERE x.customer_id = wanted.customer_id AND ${visibleRefusalCondition(view, 'x')}
           ORDER BY x.occurred_at DESC, x.id DESC LIMIT $2) r
         ORDER BY r.occurred_at DESC, r.id DESC`,
        [[...customerIds], REFUSED_READS_LIMIT],
      ),
    );
    const byCustomer = groupBy(found, (refused) => refused.customerId);
    return customerIds.map((id) => byCustomer.get(id) ?? []);
  };
}
