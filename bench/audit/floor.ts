import type { Sql } from '../../src/modules/audit/log/sql';

/**
 * The no-sealing floor: the same INSERT, sent by the same AuditService.write over the same kind of pool, into a
 * table of the same shape as audit_event (columns, defaults, checks, primary key, customer index, monthly range
 * partitions with the same bounds) that has no queue trigger and nothing sealing it. It is `audit_event` in schema
 * FLOOR_SCHEMA, reached through the connection's search_path, so that the statement's text is byte for byte the
 * application's. (The partitions' append-only triggers are left out: they fire on UPDATE, DELETE and TRUNCATE only.)
 */

export const FLOOR_SCHEMA = 'audit_floor';

/** The bench database's URL with `search_path` set to the floor's schema first, for the floor's pools. */
export function floorUrl(url: string): string {
  const floor = new URL(url);
  floor.searchParams.set('options', `-c search_path=${FLOOR_SCHEMA},public`);
  return floor.toString();
}

export async function createFloor(sql: Sql): Promise<void> {
  await sql(`CREATE SCHEMA ${FLOOR_SCHEMA}`);
  // Its own sequence, as audit_event has: ids come from nextval in both.
  await sql(`CREATE SEQUENCE ${FLOOR_SCHEMA}.audit_event_ids`);
  await sql(`CREATE TABLE ${FLOOR_SCHEMA}.audit_event (LIKE public.audit_event INCLUDING ALL) PARTITION BY RANGE (occurred_at)`);
  await sql(`ALTER TABLE ${FLOOR_SCHEMA}.audit_event ALTER COLUMN id SET DEFAULT nextval('${FLOOR_SCHEMA}.audit_event_ids')`);
  const partitions = await sql<{ name: string; bound: string }>(
    `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
     FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
     WHERE i.inhparent = 'public.audit_event'::regclass ORDER BY c.relname`,
  );
  for (const { name, bound } of partitions) {
    await sql(`CREATE TABLE ${FLOOR_SCHEMA}.${name} PARTITION OF ${FLOOR_SCHEMA}.audit_event ${bound}`);
  }
}

/** The same rows as audit_event holds now, so that both tables start the cells at the same size. */
export async function copyIntoFloor(sql: Sql): Promise<void> {
  await sql(`INSERT INTO ${FLOOR_SCHEMA}.audit_event SELECT * FROM public.audit_event`);
  await sql(`SELECT setval('${FLOOR_SCHEMA}.audit_event_ids', (SELECT last_value FROM public.audit_event_ids))`);
  await sql(`VACUUM ANALYZE ${FLOOR_SCHEMA}.audit_event`);
  for (const table of ['public.audit_event', 'audit_unsealed', 'audit_leaf', 'audit_tree_node', 'audit_checkpoint'])
    await sql(`VACUUM ANALYZE ${table}`);
}
