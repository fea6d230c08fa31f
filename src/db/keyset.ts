import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Page, PageRequest, PageSides } from '../common/pagination';

export type SortDirectionValue = 'ASC' | 'DESC';

/** A bound on the rows a statement reads: their (sort key, id) compared with the cursor row's, read again in SQL. */
export interface CursorBound {
  cursorId: string;
  comparison: '<' | '>' | '<=' | '>=';
}

/** One statement of a keyset page: the rows within every bound, read in `direction`. */
export interface KeysetRead {
  direction: SortDirectionValue;
  bounds: CursorBound[];
}

/**
 * A list's statements, each with the list's own filter and SQL (the customers' is hand-written): the filter is the
 * same in every statement, so no direction reaches a row another would not show.
 */
export interface KeysetSource<R> {
  /** The order of the list. */
  order: SortDirectionValue;
  /** At most `limit` rows within the read, in its direction. */
  rows(read: KeysetRead, limit: number): Promise<R[]>;
  /** Whether any row lies within the read; reads no column of it. */
  exists(read: KeysetRead): Promise<boolean>;
}

const REVERSED: Record<SortDirectionValue, SortDirectionValue> = { ASC: 'DESC', DESC: 'ASC' };
/** Rows past a cursor, read in a direction. */
const PAST: Record<SortDirectionValue, CursorBound['comparison']> = { ASC: '>', DESC: '<' };
const AT_OR_PAST: Record<SortDirectionValue, CursorBound['comparison']> = { ASC: '>=', DESC: '<=' };

/** The first call's promise, for every call: the flag a client selects twice costs one statement. */
function once<V>(answer: () => Promise<V>): () => Promise<V> {
  let answered: Promise<V> | undefined;
  return () => (answered ??= answer());
}

/**
 * Reads one keyset page (the Relay cursor connections spec): the rows strictly between `after` and `before`, the
 * first `size` of them or (backward) the last, read in reverse from `before` with one row more to tell whether more
 * lie beyond, and returned in the list's order. The other flag asks whether any row lies on the far side of the cursor
 * the page was read from, the cursor row included while the caller still sees it; one statement of at most one
 * indexed row, run only when the client selects the flag. Cursors hold only an id (src/common/cursor-seal.ts).
 */
export async function readKeysetPage<R>(request: PageRequest, source: KeysetSource<R>): Promise<PageSides & { rows: R[] }> {
  const { order } = source;
  const bounds: CursorBound[] = [];
  if (request.afterId !== null) bounds.push({ cursorId: request.afterId, comparison: PAST[order] });
  if (request.beforeId !== null) bounds.push({ cursorId: request.beforeId, comparison: PAST[REVERSED[order]] });
  const direction = request.backward ? REVERSED[order] : order;
  const found = await source.rows({ direction, bounds }, request.size + 1);
  const rows = found.slice(0, request.size);
  if (request.backward) rows.reverse();
  const beyondEnd = () => Promise.resolve(found.length > request.size);
  const startId = request.backward ? request.beforeId : request.afterId;
  const behindStart =
    startId === null
      ? () => Promise.resolve(false)
      : once(() => source.exists({ direction: REVERSED[direction], bounds: [{ cursorId: startId, comparison: AT_OR_PAST[REVERSED[direction]] }] }));
  return {
    rows,
    hasNextPage: request.backward ? behindStart : beyondEnd,
    hasPreviousPage: request.backward ? beyondEnd : behindStart,
  };
}

/**
 * The bound as SQL: `rowKey` compared with `cursorKey`, the same key of the cursor row (`cursor_row` in `table`), read
 * in the same statement, so that no value (personal or not) travels in the cursor.
 */
export function cursorCondition(bound: CursorBound, rowKey: string, cursorKey: string, table: string, cursorParameter: string): string {
  return `(${rowKey}) ${bound.comparison} (SELECT ${cursorKey} FROM ${table} cursor_row WHERE cursor_row.id = ${cursorParameter})`;
}

export interface KeysetOptions {
  /** Table and alias of the query's main entity, whose `id` column is the tie-breaker. */
  table: string;
  alias: string;
  /** SQL for the sort key, given an alias of the table. */
  sortKey: (alias: string) => string;
  direction: SortDirectionValue;
  request: PageRequest;
}

/**
 * A keyset page of a TypeORM query in (sort key, id) order. Only a cursor this API issued to the caller gets here, so
 * its row is one the caller was shown.
 */
export async function keysetPage<T extends ObjectLiteral & { id: string }>(
  filtered: () => SelectQueryBuilder<T>,
  { table, alias, sortKey, direction, request }: KeysetOptions,
): Promise<Page<T>> {
  const within = ({ direction: readDirection, bounds }: KeysetRead) => {
    const query = filtered().orderBy(sortKey(alias), readDirection).addOrderBy(`${alias}.id`, readDirection);
    bounds.forEach((bound, index) => {
      const parameter = `cursor${index}`;
      query.andWhere(cursorCondition(bound, `${sortKey(alias)}, ${alias}.id`, `${sortKey('cursor_row')}, cursor_row.id`, table, `:${parameter}`), {
        [parameter]: bound.cursorId,
      });
    });
    return query;
  };
  const page = await readKeysetPage(request, {
    order: direction,
    rows: (read, limit) => within(read).limit(limit).getMany(),
    exists: async (read) => (await within(read).select(`${alias}.id`).limit(1).getRawOne()) !== undefined,
  });
  return { ...page, countTotal: () => filtered().getCount() };
}
