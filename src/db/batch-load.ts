import type { DataSource, ObjectLiteral } from 'typeorm';
import { groupBy } from '../common/group-by';
import type { EntityRows } from './entity-rows';

/**
 * DataLoader batch functions over hand-written SQL (see EntityRows): one statement per batch, whose only
 * parameter `$1` is the array of keys, and results in key order.
 */

/** One entity or null per key. */
export function oneEach<K, T extends ObjectLiteral>(dataSource: DataSource, rows: EntityRows<T>, sql: string, keyOf: (entity: T) => K) {
  return async (keys: readonly K[]): Promise<Array<T | null>> => {
    const found = rows.fromRows(await dataSource.query<Record<string, unknown>[]>(sql, [keys]));
    const byKey = new Map(found.map((entity) => [keyOf(entity), entity]));
    return keys.map((key) => byKey.get(key) ?? null);
  };
}

/** Every entity of each key, in the statement's order. */
export function manyEach<K, T extends ObjectLiteral>(dataSource: DataSource, rows: EntityRows<T>, sql: string, keyOf: (entity: T) => K) {
  return async (keys: readonly K[]): Promise<T[][]> => {
    const found = rows.fromRows(await dataSource.query<Record<string, unknown>[]>(sql, [keys]));
    const byKey = groupBy(found, keyOf);
    return keys.map((key) => byKey.get(key) ?? []);
  };
}
