import { countStatementsInChild, startChildServer, type ChildEnvironment, type ChildServer } from './children';
import type { Cleanup } from './cleanup';
import { firstResponse, type FirstResponse, type RoundResult, type Target } from './load';
import { log } from './log';
import type { StatementCount } from './report';
import { answerProblem, type Scene, type ServerName, type Workload } from './workloads';

/** The server processes, how each is started, the rows (a workload on a started server) and the checks before any load. */

export interface ServerSpec {
  name: ServerName;
  /** File under bench/servers/, without .ts. */
  entry: string;
  env?: Record<string, string>;
  /** SQL statements per request when not counted (count-statements.ts counts ours), and why. */
  statements?: StatementCount;
}

export const SERVERS: readonly ServerSpec[] = [
  { name: 'raw-sql', entry: 'raw-sql', statements: { count: 1, tables: ['customer'], note: 'by construction' } },
  {
    name: 'postgraphile',
    entry: 'postgraphile',
    env: { GRAPHILE_ENV: 'production' },
    statements: { count: 1, tables: ['customer'], note: 'by construction (PEERS.md), not counted' },
  },
  { name: 'ours', entry: 'app' },
];

export interface RunningServer {
  spec: ServerSpec;
  child: ChildServer;
}

/** One row of the report: a workload loaded on its server. */
export interface Row {
  workload: Workload;
  server: RunningServer;
  target: Target;
  first: FirstResponse;
  warmup: RoundResult | null;
  rounds: RoundResult[];
}

export async function startServers(names: readonly ServerName[], env: ChildEnvironment, cleanup: Cleanup): Promise<Map<ServerName, RunningServer>> {
  const running = new Map<ServerName, RunningServer>();
  for (const spec of SERVERS.filter((s) => names.includes(s.name))) {
    const child = await startChildServer(spec.name, spec.entry, env, spec.env);
    cleanup.add(`stop ${spec.name}`, child.stop);
    log(`${spec.name} listening at ${child.url} (pid ${child.pid})`);
    running.set(spec.name, { spec, child });
  }
  return running;
}

/** The workload's first answer, which must be HTTP 200 with the expected customers and no `errors`. */
export async function checkedRow(workload: Workload, servers: Map<ServerName, RunningServer>, scene: Scene): Promise<Row> {
  const server = servers.get(workload.server);
  if (!server) throw new Error(`${workload.name}: server ${workload.server} is not running`);
  const target: Target = {
    name: workload.name,
    url: new URL(workload.path, server.child.url).toString(),
    pid: server.child.pid,
    headers: workload.headers(scene),
    body: workload.body(scene),
  };
  const first = await firstResponse(target);
  const problem = first.status === 200 ? answerProblem(workload, first.body) : `HTTP ${first.status}: ${first.body.slice(0, 300)}`;
  if (problem) throw new Error(`${workload.name}'s first answer is not good: ${problem}`);
  log(`${workload.name}: first answer good (${first.bytes} bytes)`);
  return { workload, server, target, first, warmup: null, rounds: [] };
}

/** Statements per request of each row: counted for ours (in a separate process), stated for the others. */
export async function statementCounts(rows: readonly Workload[], env: ChildEnvironment, scene: Scene): Promise<Map<string, StatementCount>> {
  const counts = new Map<string, StatementCount>();
  const ours = rows.filter((w) => w.server === 'ours');
  if (ours.length > 0) {
    for (const counted of await countStatementsInChild(
      env,
      scene,
      ours.map((w) => w.name),
    )) {
      counts.set(counted.workload, { count: counted.count, tables: counted.tables, note: 'counted' });
    }
  }
  for (const w of rows) {
    const stated = SERVERS.find((s) => s.name === w.server)?.statements;
    if (!counts.has(w.name) && stated) counts.set(w.name, stated);
  }
  return counts;
}
