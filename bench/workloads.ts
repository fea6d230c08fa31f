import type { PurposeCode } from '../src/policy/purposes';

/**
 * Every request the benchmark sends, one entry per row of the report: which server answers it, what is sent
 * (path, body, headers), how many customers a good answer holds, and how to read the customers out of that
 * server's answer so that all answers can be compared in one shape.
 *
 * The page: the first 50 customers in (created_at, id) order, with id, email, fullName, phone and each consent's
 * purpose code and status. No server filters out erased customers (PostGraphile's Amber preset offers no
 * condition on the unindexed erased_at): the bench makes sure the first page holds none (scene.ts), and every
 * answer is checked to be free of errors.
 */

export const PAGE_SIZE = 50;
/** The purpose the affiliate states in X-Processing-Purpose, and the one its consents are given for. */
export const AFFILIATE_PURPOSE: PurposeCode = 'PERSONALIZATION';

export type ServerName = 'raw-sql' | 'postgraphile' | 'ours';

/** What an answer holds: the page with consents, the page without them (affiliates), or one customer by id. */
export type Shape = 'page' | 'page-without-consents' | 'one';

export interface ConsentSummary {
  purpose: string;
  status: string;
}

/** The one shape every answer is normalised to before the answers are compared. */
export interface CustomerSummary {
  id: string;
  email: string | null;
  fullName: string | null;
  phone: string | null;
  consents?: ConsentSummary[];
}

/** What the requests need from the seeded database: tokens and the customer that the by-id requests read. */
export interface Scene {
  officerToken: string;
  affiliateToken: string;
  /** The first customer of the page. */
  customerId: string;
}

export interface Workload {
  /** The row's name in the report. */
  name: string;
  server: ServerName;
  shape: Shape;
  path: string;
  body(scene: Scene): string;
  headers(scene: Scene): Record<string, string>;
  /** The customers in a parsed answer, or null when it has no such list. */
  customers(answer: unknown): CustomerSummary[] | null;
}

export const expectedRows = (shape: Shape): number => (shape === 'one' ? 1 : PAGE_SIZE);
/** Whether the row answers the page or the single-customer call: the ratios compare rows of one kind. */
export const kindOf = (shape: Shape): 'page' | 'one' => (shape === 'one' ? 'one' : 'page');

// ---------------------------------------------------------------------------------------------------------------
// Requests

const OURS_FIELDS = 'id email fullName phone';
const PGL_FIELDS = 'rowId email fullName phone';

const OURS_PAGE = (fields: string) => `query BenchPage($first: Int!) { customers(first: $first) { edges { node { ${fields} } } } }`;
const OURS_ONE = `query BenchOne($id: UUID!) { customer(id: $id) { ${OURS_FIELDS} } }`;
const PGL_PAGE =
  'query BenchPage($first: Int!) { allCustomers(first: $first, orderBy: [CREATED_AT_ASC, PRIMARY_KEY_ASC]) ' +
  `{ nodes { ${PGL_FIELDS} consentsByCustomerId { nodes { purposeCode status } } } } }`;
const PGL_ONE = `query BenchOne($id: UUID!) { customerByRowId(rowId: $id) { ${PGL_FIELDS} } }`;

const graphql = (query: string, variables: Record<string, unknown>): string => JSON.stringify({ query, variables });
const JSON_HEADERS = { 'content-type': 'application/json' };
const bearer = (token: string) => ({ ...JSON_HEADERS, authorization: `Bearer ${token}` });
const asAffiliate = (scene: Scene) => ({ ...bearer(scene.affiliateToken), 'x-processing-purpose': AFFILIATE_PURPOSE });

const pageVariables = { first: PAGE_SIZE };
const oneVariables = (scene: Scene) => ({ id: scene.customerId });

// ---------------------------------------------------------------------------------------------------------------
// Reading answers

type Json = Record<string, unknown>;

function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Json)[key];
  }
  return current;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function person(node: Json, idKey: string): CustomerSummary {
  return { id: String(node[idKey]), email: text(node.email), fullName: text(node.fullName), phone: text(node.phone) };
}

function list(value: unknown): Json[] | null {
  return Array.isArray(value) ? (value as Json[]) : null;
}

/** null (no customer) is an empty list, so that "not found" is a wrong-size answer rather than unreadable. */
function single(value: unknown): Json[] | null {
  if (value === null) return [];
  return typeof value === 'object' && value !== undefined ? [value as Json] : null;
}

const oursPage = (withConsents: boolean) => (answer: unknown) =>
  list(at(answer, 'data', 'customers', 'edges'))?.map((edge) => {
    const node = edge.node as Json;
    const summary = person(node, 'id');
    if (withConsents) {
      summary.consents = (list(node.consents) ?? []).map((c) => ({ purpose: String(at(c, 'purpose', 'code')), status: String(c.status) }));
    }
    return summary;
  }) ?? null;

const pglPage = (answer: unknown) =>
  list(at(answer, 'data', 'allCustomers', 'nodes'))?.map((node) => ({
    ...person(node, 'rowId'),
    consents: (list(at(node, 'consentsByCustomerId', 'nodes')) ?? []).map((c) => ({ purpose: String(c.purposeCode), status: String(c.status) })),
  })) ?? null;

/** The raw floor answers in the normalised shape already. */
const rawPage = (answer: unknown) => list(at(answer, 'data', 'customers')) as CustomerSummary[] | null;
const oneWith = (field: string, idKey: string) => (answer: unknown) => single(at(answer, 'data', field))?.map((node) => person(node, idKey)) ?? null;

// ---------------------------------------------------------------------------------------------------------------
// The rows

export const WORKLOADS: readonly Workload[] = [
  {
    name: 'raw-sql page',
    server: 'raw-sql',
    shape: 'page',
    path: '/page',
    body: () => JSON.stringify({ variables: pageVariables }),
    headers: () => JSON_HEADERS,
    customers: rawPage,
  },
  {
    name: 'postgraphile page',
    server: 'postgraphile',
    shape: 'page',
    path: '/graphql',
    body: () => graphql(PGL_PAGE, pageVariables),
    headers: () => JSON_HEADERS,
    customers: pglPage,
  },
  {
    name: 'ours officer page',
    server: 'ours',
    shape: 'page',
    path: '/graphql',
    body: () => graphql(OURS_PAGE(`${OURS_FIELDS} consents { purpose { code } status }`), pageVariables),
    headers: (scene) => bearer(scene.officerToken),
    customers: oursPage(true),
  },
  {
    name: 'ours affiliate page',
    server: 'ours',
    shape: 'page-without-consents',
    path: '/graphql',
    body: () => graphql(OURS_PAGE(OURS_FIELDS), pageVariables),
    headers: asAffiliate,
    customers: oursPage(false),
  },
  {
    name: 'raw-sql by id',
    server: 'raw-sql',
    shape: 'one',
    path: '/one',
    body: (scene) => JSON.stringify({ variables: oneVariables(scene) }),
    headers: () => JSON_HEADERS,
    customers: oneWith('customer', 'id'),
  },
  {
    name: 'postgraphile by id',
    server: 'postgraphile',
    shape: 'one',
    path: '/graphql',
    body: (scene) => graphql(PGL_ONE, oneVariables(scene)),
    headers: () => JSON_HEADERS,
    customers: oneWith('customerByRowId', 'rowId'),
  },
  {
    name: 'ours affiliate by id',
    server: 'ours',
    shape: 'one',
    path: '/graphql',
    body: (scene) => graphql(OURS_ONE, oneVariables(scene)),
    headers: asAffiliate,
    customers: oneWith('customer', 'id'),
  },
];

export function workload(name: string): Workload {
  const found = WORKLOADS.find((w) => w.name === name);
  if (!found) throw new Error(`no workload named "${name}"`);
  return found;
}

// ---------------------------------------------------------------------------------------------------------------
// Checking and comparing answers

/** Why an answer is not a good one for the workload, or null when it is. */
export function answerProblem(w: Workload, body: string): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `not JSON: ${body.slice(0, 200)}`;
  }
  const errors = at(parsed, 'errors');
  if (errors !== undefined) return `errors: ${JSON.stringify(errors).slice(0, 300)}`;
  const count = w.customers(parsed)?.length;
  const expected = expectedRows(w.shape);
  return count === expected ? null : `expected ${expected} customers, got ${count ?? 'none'}`;
}

/** Consents of one customer as a sorted list: their order is not part of the contract. */
function normalised(customers: CustomerSummary[]): CustomerSummary[] {
  const key = (c: ConsentSummary) => `${c.purpose}\u0000${c.status}`;
  return customers.map((c) => (c.consents ? { ...c, consents: [...c.consents].sort((a, b) => key(a).localeCompare(key(b))) } : c));
}

/** What a workload's answer must hold, given the full page (with consents) as the reference. */
function expectedFor(shape: Shape, page: CustomerSummary[], scene: Scene): CustomerSummary[] {
  const withoutConsents = page.map(({ consents: _consents, ...rest }) => rest);
  if (shape === 'page') return page;
  if (shape === 'page-without-consents') return withoutConsents;
  return withoutConsents.filter((c) => c.id === scene.customerId);
}

function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (JSON.stringify(a) === JSON.stringify(b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return `${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  const left = a as Json;
  const right = b as Json;
  for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) {
    const found = firstDifference(left[key], right[key], `${path}.${key}`);
    if (found) return found;
  }
  return `${path}: values differ`;
}

export interface Answer {
  workload: Workload;
  body: string;
}

/**
 * Compares every answer with the reference page (the first answer of shape 'page', in order, consents as
 * sorted lists), each projected to its workload's shape. Returns a sentence for the report, and the problems.
 */
export function compareAnswers(answers: readonly Answer[], scene: Scene): { summary: string; differences: string[] } {
  const read = (a: Answer) => normalised(a.workload.customers(JSON.parse(a.body)) ?? []);
  const reference = answers.find((a) => a.workload.shape === 'page');
  if (!reference) return { summary: 'not compared (no page with consents among the rows)', differences: [] };
  const page = read(reference);
  const differences = answers.flatMap((answer) => {
    const difference = firstDifference(expectedFor(answer.workload.shape, page, scene), read(answer), '$');
    return difference ? [`\`${answer.workload.name}\` differs from \`${reference.workload.name}\` at ${difference}`] : [];
  });
  const summary = differences.length
    ? differences.join('; ')
    : `all ${answers.length} answers hold the same customers in the same order as \`${reference.workload.name}\` ` +
      '(normalised to id, email, fullName, phone and sorted (purpose, status) consents; affiliate rows without consents, by-id rows its first customer)';
  return { summary, differences };
}
