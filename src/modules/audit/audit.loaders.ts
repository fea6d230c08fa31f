import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import { EntityRows } from '../../db/entity-rows';
import { newestFirstRanges, partitionStarts } from '../../db/partitions';
import { AuditEvent } from './audit-event.entity';
import { AuditProofs, type InclusionProof } from './log/audit-proofs';
import { sqlOfDataSource } from './log/sql';

/** How far back a customer's access log reaches in one answer. */
export const ACCESS_LOG_LIMIT = 100;

export function createAuditLoaders(dataSource: DataSource) {
  const proofs = new AuditProofs(sqlOfDataSource(dataSource));
  return {
    /**
     * The newest reads of each customer's data, newest first. One branch per partition, newest first, each with
     * constant bounds and its own limit, under one LIMIT: PostgreSQL runs the branches in order and never opens the
     * older months once the newer ones have given enough rows, whatever it estimates a customer's reads to be.
     */
    recentReadsByCustomerId: new DataLoader<string, AuditEvent[]>(async (customerIds) => {
      const events = EntityRows.of(dataSource, AuditEvent);
      const branches = newestFirstRanges('a.occurred_at', await partitionStarts(dataSource, 'audit_event')).map(
        (range) =>
          `(SELECT * FROM audit_event a WHERE a.customer_id = wanted.customer_id AND ${range} ORDER BY a.occurred_at DESC, a.id DESC LIMIT $2)`,
      );
      const found = events.fromRows(
        await dataSource.query(
          `SELECT ${events.selectList('r')}
           FROM unnest($1::uuid[]) AS wanted(customer_id)
           CROSS JOIN LATERAL (${branches.join(' UNION ALL ')} LIMIT $2) r
           ORDER BY r.occurred_at DESC, r.id DESC`,
          [[...customerIds], ACCESS_LOG_LIMIT],
        ),
      );
      const byCustomer = groupBy(found, (event) => event.customerId);
      return customerIds.map((id) => byCustomer.get(id) ?? []);
    }),
    /** Each event's inclusion proof against the latest checkpoint, all of a request's at once. */
    inclusionProofByEventId: new DataLoader<string, InclusionProof | null>((eventIds) => proofs.inclusionProofs(eventIds)),
  };
}
