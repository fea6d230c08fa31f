import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { groupBy } from '../../common/group-by';
import { EntityRows } from '../../db/entity-rows';
import { newestFirstRanges, partitionStarts } from '../../db/partitions';
import { AuditEvent } from './audit-event.entity';
import { AuditProofs, type InclusionProof } from './log/audit-proofs';
import { sqlOfDataSource } from './log/sql';
import { readUnderDisclosure, readUnderNoDisclosure, visibleDisclosureCondition, type DisclosureView } from '../../policy/visibility/disclosures';

/** How far back a customer's access log reaches in one answer. */
export const ACCESS_LOG_LIMIT = 100;

/**
 * One page of each customer's reads as `view` shows them, newest first, read from two partial indexes (see the
 * AccessLogWithoutHiddenReads migration): the reads under no disclosure, and the reads under each disclosure the view
 * shows. A read the view hides is never touched, so neither the page nor the time it takes depends on hidden reads.
 * Within each, one branch per partition, newest first, each with constant bounds and its own limit, under one LIMIT:
 * PostgreSQL runs the branches in order and never opens the older months once the newer ones have given enough rows.
 */
function recentReadsLoader(dataSource: DataSource, view: DisclosureView): DataLoader.BatchLoadFn<string, AuditEvent[]> {
  return async (customerIds) => {
    const events = EntityRows.of(dataSource, AuditEvent);
    const ranges = newestFirstRanges('a.occurred_at', await partitionStarts(dataSource, 'audit_event'));
    const newest = (condition: string) =>
      `${ranges
        .map((range) => `(SELECT * FROM audit_event a WHERE ${condition} AND ${range} ORDER BY a.occurred_at DESC, a.id DESC LIMIT $2)`)
        .join(' UNION ALL ')} LIMIT $2`;
    const found = events.fromRows(
      await dataSource.query(
        `SELECT ${events.selectList('r')}
         FROM unnest($1::uuid[]) AS wanted(customer_id)
         CROSS JOIN LATERAL (
           SELECT * FROM (
             (${newest(`a.customer_id = wanted.customer_id AND ${readUnderNoDisclosure('a')}`)})
             UNION ALL
             (SELECT disclosed.* FROM disclosure d CROSS JOIN LATERAL (${newest(readUnderDisclosure('a', 'd'))}) disclosed
              WHERE d.customer_id = wanted.customer_id AND ${visibleDisclosureCondition(view, 'd')})
           ) shown
           ORDER BY shown.occurred_at DESC, shown.id DESC LIMIT $2) r
         ORDER BY r.occurred_at DESC, r.id DESC`,
        [[...customerIds], ACCESS_LOG_LIMIT],
      ),
    );
    const byCustomer = groupBy(found, (event) => event.customerId);
    return customerIds.map((id) => byCustomer.get(id) ?? []);
  };
}

export function createAuditLoaders(dataSource: DataSource) {
  const proofs = new AuditProofs(sqlOfDataSource(dataSource));
  return {
    /** The newest reads of each customer's data as each view shows them: a page is as full as the visible reads allow. */
    recentReadsByCustomerId: {
      ALL: new DataLoader(recentReadsLoader(dataSource, 'ALL')),
      NOT_HIDDEN: new DataLoader(recentReadsLoader(dataSource, 'NOT_HIDDEN')),
    } satisfies Record<DisclosureView, DataLoader<string, AuditEvent[]>>,
    /** Each event's inclusion proof against the latest checkpoint, all of a request's at once. */
    inclusionProofByEventId: new DataLoader<string, InclusionProof | null>((eventIds) => proofs.inclusionProofs(eventIds)),
  };
}
