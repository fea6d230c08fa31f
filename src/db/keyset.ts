import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { decodeCursor, type Page } from '../common/pagination';

export type SortDirectionValue = 'ASC' | 'DESC';

export interface KeysetOptions {
  /** Table and alias of the query's main entity, whose `id` column is the tie-breaker. */
  table: string;
  alias: string;
  /** SQL for the sort key, given an alias of the table. */
  sortKey: (alias: string) => string;
  direction: SortDirectionValue;
  first: number;
  after?: string | null;
}

/**
 * Reads one page in (sort key, id) order, rows strictly after the cursor row. The cursor holds only an id:
 * the cursor row's sort key is read again in SQL, so no value (personal or not) travels in the cursor.
 */
export async function keysetPage<T extends ObjectLiteral & { id: string }>(
  filtered: () => SelectQueryBuilder<T>,
  { table, alias, sortKey, direction, first, after }: KeysetOptions,
): Promise<Page<T>> {
  const query = filtered()
    .orderBy(sortKey(alias), direction)
    .addOrderBy(`${alias}.id`, direction)
    .limit(first + 1);
  if (after) {
    const comparison = direction === 'ASC' ? '>' : '<';
    query.andWhere(
      `(${sortKey(alias)}, ${alias}.id) ${comparison} (SELECT ${sortKey('cursor_row')}, cursor_row.id FROM ${table} cursor_row WHERE cursor_row.id = :afterId)`,
      { afterId: decodeCursor(after) },
    );
  }
  const rows = await query.getMany();
  return {
    rows: rows.slice(0, first),
    hasNextPage: rows.length > first,
    countTotal: () => filtered().getCount(),
  };
}
