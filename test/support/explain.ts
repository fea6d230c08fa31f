import type { DataSource } from 'typeorm';

/** EXPLAIN ANALYZE's plan, as JSON: every node with the relation it scans, if any, and what it did over its loops. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Actual Loops': number;
  'Actual Rows': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  'Subplans Removed'?: number;
  Plans?: PlanNode[];
}

export async function explainAnalyze(dataSource: DataSource, sql: string, parameters: unknown[]): Promise<PlanNode> {
  const [row] = (await dataSource.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, parameters)) as Array<{
    'QUERY PLAN': Array<{ Plan: PlanNode }>;
  }>;
  return row['QUERY PLAN'][0].Plan;
}

export function planNodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(planNodes)];
}

/** Rows the plan's scans (of relations named `relation*`, or of any) produced or threw away, over all loops. */
export function rowsRead(plan: PlanNode, relation = ''): number {
  return planNodes(plan)
    .filter((node) => node['Relation Name']?.startsWith(relation))
    .reduce(
      (total, node) =>
        total + (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * node['Actual Loops'],
      0,
    );
}
