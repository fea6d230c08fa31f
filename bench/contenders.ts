import { countStatementsInChild, startChildServer, type ChildEnvironment, type ChildServer } from './children';
import type { Cleanup } from './cleanup';
import { firstResponse, type FirstResponse, type RoundResult, type Target } from './load';
import { log } from './log';
import type { StatementCount } from './report';
import { pageProblem } from './workload';

/** The three servers the benchmark compares, how each is started, and the checks before any load. */

export interface ServerSpec {
  name: string;
  /** File under bench/servers/, without .ts. */
  entry: string;
  shield: boolean;
  /** Whether it speaks GraphQL behind a token (the raw baseline does neither). */
  graphql: boolean;
}

/** `ours` first: the ratios and the comparison of answers are against it. */
export const SERVERS: readonly ServerSpec[] = [
  { name: 'ours', entry: 'app', shield: true, graphql: true },
  { name: 'ours-without-shield', entry: 'app', shield: false, graphql: true },
  { name: 'raw-sql', entry: 'raw-sql', shield: false, graphql: false },
];

export interface Running {
  name: string;
  child: ChildServer;
  target: Target;
  first: FirstResponse;
  warmup: RoundResult | null;
  rounds: RoundResult[];
}

/** The statements one request sends; the raw baseline sends its one statement by construction. */
export async function statementCounts(env: Omit<ChildEnvironment, 'shield'>): Promise<Map<string, StatementCount>> {
  const counts = new Map<string, StatementCount>();
  for (const spec of SERVERS) {
    const counted = spec.graphql ? await countStatementsInChild(spec.name, { ...env, shield: spec.shield }) : { count: 1, tables: ['customer'] };
    counts.set(spec.name, { count: counted.count, tables: counted.tables });
  }
  return counts;
}

/**
 * Whether the server really has (or lacks) the shield: without it, an anonymous request for customers is
 * answered (with no rows); with it, it is refused. Guards the shield-removal trick in shield-switch.ts.
 */
async function checkShield(spec: ServerSpec, url: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ customers(first: 1) { edges { node { id } } } }' }),
  });
  const refused = ((await response.json()) as { errors?: unknown[] }).errors !== undefined;
  if (refused !== spec.shield) throw new Error(`${spec.name}: the shield is ${refused ? 'on' : 'off'}, expected ${spec.shield ? 'on' : 'off'}`);
}

/** Starts the server, then checks its first answer: 200, 50 customers, no `errors`. */
export async function startChecked(spec: ServerSpec, env: Omit<ChildEnvironment, 'shield'>, token: string, cleanup: Cleanup): Promise<Running> {
  const child = await startChildServer(spec.name, spec.entry, { ...env, shield: spec.shield });
  cleanup.add(`stop ${spec.name}`, child.stop);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (spec.graphql) {
    headers.authorization = `Bearer ${token}`;
    await checkShield(spec, child.url);
  }
  const target: Target = { name: spec.name, url: child.url, pid: child.pid, headers };
  const first = await firstResponse(target);
  const problem = first.status === 200 ? pageProblem(first.body) : `HTTP ${first.status}: ${first.body.slice(0, 300)}`;
  if (problem) throw new Error(`${spec.name}'s first response is not a good page: ${problem}`);
  log(`${spec.name} ready at ${child.url} (pid ${child.pid}, ${first.bytes} bytes per answer)`);
  return { name: spec.name, child, target, first, warmup: null, rounds: [] };
}
