import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import { AuditEvent } from './audit-event.entity';

/** How far back a customer's access log reaches in one answer. */
export const ACCESS_LOG_LIMIT = 100;

export function createAuditLoaders(dataSource: DataSource) {
  return {
    /** The newest reads of each customer's data, newest first. */
    recentReadsByCustomerId: new DataLoader<string, AuditEvent[]>(async (customerIds) => {
      const found = await dataSource
        .getRepository(AuditEvent)
        .createQueryBuilder('a')
        .where(
          `a.id IN (SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY customer_id ORDER BY chain_position DESC) AS n
                    FROM audit_event WHERE customer_id = ANY(:customerIds)) ranked WHERE n <= :limit)`,
          { customerIds: [...customerIds], limit: ACCESS_LOG_LIMIT },
        )
        .orderBy('a.chain_position', 'DESC')
        .getMany();
      const byCustomer = groupBy(found, (event) => event.customerId);
      return customerIds.map((id) => byCustomer.get(id) ?? []);
    }),
  };
}
