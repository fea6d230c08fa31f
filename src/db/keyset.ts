import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Page } from '../common/pagination';

export type SortDirectionValue = 'ASC' | 'DESC';

export interface KeysetOptions {
  /** Table and alias of the query's main entity, whose `id` column is the tie-breaker. */
  table: string;
  alias: string;
  /** SQL for the sort key, given an alias of the table. */
  sortKey: (alias: string) => string;
  direction: SortDirectionValue;
  first: number;
  /** The id of the row the page starts after, from a cursor already opened (src/common/cursor-seal.ts); null for the first page. */
  afterId: string | null;
}

/**
 * Reads one page in (sort key, id) order, rows strictly after the cursor row. The cursor holds only an id:
 * the cursor row's sort key is read again in SQL, so no value (personal or not) travels in the cursor. Only a
 * cursor this API issued to the caller gets here, so the row is one the caller was shown.
 */
export async function keysetPage<T extends ObjectLiteral & { id: string }>(
  filtered: () => SelectQueryBuilder<T>,
  { table, alias, sortKey, direction, first, afterId }: KeysetOptions,
): Promise<Page<T>> {
  const query = filtered()
    .orderBy(sortKey(alias), direction)
    .addOrderBy(`${alias}.id`, direction)
    .limit(first + 1);
  if (afterId !== null) {
    const comparison = direction === 'ASC' ? '>' : '<';
    query.andWhere(
      `(${sortKey(alias)}, ${alias}.id) ${comparison} (SELECT ${sortKey('cursor_row')}, cursor_row.id FROM ${table} cursor_row WHERE cursor_row.id = :afterId)`,
      { afterId },
    );
  }
  const rows = await query.getMany();
  return {
    rows: rows.slice(0, first),
    hasNextPage: rows.length > first,
    countTotal: () => filtered().getCount(),
  };
}
