import { PAGE_SIZE } from './workloads';

/**
 * The raw-SQL floor's statements, one per path of servers/raw-sql.ts: PostgreSQL builds the whole answer, already
 * in the normalised shape of workloads.ts, in one statement. Cast to text so that `pg` hands the string through
 * instead of parsing the JSON.
 */

export interface SqlFloor {
  sql: string;
  /** The statement's parameters from the request's `variables`, or null when they are not valid. */
  params(variables: Record<string, unknown>): unknown[] | null;
}

const customerJson = (alias: string) =>
  `json_build_object('id', ${alias}.id, 'email', ${alias}.email, 'fullName', ${alias}.full_name, 'phone', ${alias}.phone`;

const PAGE_SQL = `
SELECT json_build_object('data', json_build_object('customers',
         coalesce(json_agg(page.customer ORDER BY page.created_at, page.id), '[]'::json)))::text AS body
FROM (
  SELECT c.created_at, c.id, ${customerJson('c')},
    'consents', coalesce((
      SELECT json_agg(json_build_object('purpose', k.purpose_code, 'status', k.status))
      FROM consent k WHERE k.customer_id = c.id), '[]'::json)
  ) AS customer
  FROM customer c
  ORDER BY c.created_at, c.id
  LIMIT $1
) page`;

const ONE_SQL = `
SELECT json_build_object('data', json_build_object('customer',
         (SELECT ${customerJson('c')}) FROM customer c WHERE c.id = $1)))::text AS body`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const SQL_FLOORS: Record<string, SqlFloor> = {
  '/page': {
    sql: PAGE_SQL,
    params: ({ first }) => [typeof first === 'number' && Number.isInteger(first) && first >= 1 && first <= 100 ? first : PAGE_SIZE],
  },
  '/one': {
    sql: ONE_SQL,
    params: ({ id }) => (typeof id === 'string' && UUID.test(id) ? [id] : null),
  },
};
