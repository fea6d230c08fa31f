import { isDeepStrictEqual } from 'node:util';

/**
 * The one logical request every server answers: the privacy officer's page of 50 held customers, oldest first
 * (created_at, id), every Customer field including the address, and each consent with its purpose code and
 * recipient id and name. Erased customers are filtered out because even the officer gets an error (not a null)
 * for their personal fields, and the benchmark must compare error-free answers.
 */
export const PAGE_SIZE = 50;

export const PAGE_QUERY = `query BenchCustomerPage($first: Int!) {
  customers(first: $first, filter: { erased: false }) {
    edges { node {
      id createdAt updatedAt locale erasedAt email phone fullName dateOfBirth
      address { street city postalCode country }
      consents { id status statusChangedAt source policyVersion purpose { code } recipient { id name } }
    } }
  }
}`;

export const REQUEST_BODY = JSON.stringify({ query: PAGE_QUERY, variables: { first: PAGE_SIZE } });

/** GraphQL's DateTime scalar prints `toISOString()`; the same text from SQL, so the bodies can be compared. */
const iso = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The raw-SQL baseline: PostgreSQL builds the whole response, in the GraphQL response's shape and key order, in
 * one statement. Cast to text so that `pg` hands the string through instead of parsing the JSON.
 */
export const PAGE_SQL = `
SELECT json_build_object('data', json_build_object('customers', json_build_object('edges',
         coalesce(json_agg(json_build_object('node', page.node) ORDER BY page.created_at, page.id), '[]'::json))))::text AS body
FROM (
  SELECT c.created_at, c.id, json_build_object(
    'id', c.id,
    'createdAt', ${iso('c.created_at')},
    'updatedAt', ${iso('c.updated_at')},
    'locale', upper(c.locale),
    'erasedAt', ${iso('c.erased_at')},
    'email', c.email,
    'phone', c.phone,
    'fullName', c.full_name,
    'dateOfBirth', c.date_of_birth,
    'address', CASE WHEN num_nonnulls(c.address_street, c.address_city, c.address_postal_code, c.address_country) = 0 THEN NULL
               ELSE json_build_object('street', c.address_street, 'city', c.address_city,
                                      'postalCode', c.address_postal_code, 'country', c.address_country) END,
    'consents', coalesce((
      SELECT json_agg(json_build_object(
               'id', k.id, 'status', k.status, 'statusChangedAt', ${iso('k.status_changed_at')}, 'source', k.source,
               'policyVersion', k.policy_version,
               'purpose', json_build_object('code', k.purpose_code),
               'recipient', CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'name', p.name) END)
             ORDER BY k.purpose_code, k.created_at)
      FROM consent k LEFT JOIN processor p ON p.id = k.processor_id
      WHERE k.customer_id = c.id), '[]'::json)
  ) AS node
  FROM customer c
  WHERE c.erased_at IS NULL
  ORDER BY c.created_at, c.id
  LIMIT $1
) page`;

interface PageNode {
  id: string;
  consents: Array<{ id: string }> | null;
}

interface PageResponse {
  data?: { customers?: { edges?: Array<{ node: PageNode }> } | null } | null;
  errors?: unknown[];
}

/** Why a response body is not a good page, or null when it is. */
export function pageProblem(body: string): string | null {
  let parsed: PageResponse;
  try {
    parsed = JSON.parse(body) as PageResponse;
  } catch {
    return `not JSON: ${body.slice(0, 200)}`;
  }
  if (parsed.errors !== undefined) return `errors: ${JSON.stringify(parsed.errors).slice(0, 300)}`;
  const count = parsed.data?.customers?.edges?.length;
  return count === PAGE_SIZE ? null : `expected ${PAGE_SIZE} customers, got ${count ?? 'none'}`;
}

/**
 * The page with each customer's consents in id order: consents of one purpose given at sign-up share their
 * created_at, so the servers may list them in different orders without answering differently.
 */
function normalised(body: string): PageResponse {
  const parsed = JSON.parse(body) as PageResponse;
  for (const { node } of parsed.data?.customers?.edges ?? []) {
    node.consents?.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return parsed;
}

/** The first JSON path where two values differ, or null when they are equal. */
function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (isDeepStrictEqual(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
    const found = firstDifference(left[key], right[key], `${path}.${key}`);
    if (found) return found;
  }
  return `${path}: values differ`;
}

/** Where two servers' pages differ in content (ignoring the order of equal-key consents), or null. */
export function pageDifference(a: string, b: string): string | null {
  return firstDifference(normalised(a), normalised(b), '$');
}

/** Whether the other servers answered with the same data as the first (`ours`), or where they differ. */
export function equivalence(answers: ReadonlyArray<{ name: string; body: string }>): string {
  const [ours, ...others] = answers;
  const differences = others
    .map((other) => ({ name: other.name, difference: pageDifference(ours.body, other.body) }))
    .filter(({ difference }) => difference !== null);
  if (differences.length === 0) return `all ${answers.length} answers hold the same data (consents compared as sets)`;
  return differences.map(({ name, difference }) => `${name} differs from ours at ${difference}`).join('; ');
}

/** Every key in the answer's `data` is one resolved field. */
export function countFields(value: unknown): number {
  if (Array.isArray(value)) return value.reduce((total: number, item: unknown) => total + countFields(item), 0);
  if (typeof value !== 'object' || value === null) return 0;
  return Object.values(value).reduce((total: number, item: unknown) => total + 1 + countFields(item), 0);
}
