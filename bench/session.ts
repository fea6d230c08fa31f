import { rowCounts, serverFacts, type ServerFacts } from './bench-database';
import type { ChildEnvironment } from './children';
import type { Cleanup } from './cleanup';
import { checkedRow, startServers, statementCounts, type Row } from './contenders';
import { measure, type Schedule } from './measure';
import type { BenchOptions } from './options';
import { cpuSeconds, peakRssMiB } from './proc';
import type { RowSummary, ServerSummary } from './report';
import { compareAnswers, type Scene, type Workload } from './workloads';

/**
 * One measured set of rows on one seeded database: count ours' statements, start the servers the rows need,
 * check and compare every first answer, load the rows, and read each server's RSS and CPU before stopping it.
 */

export interface SessionResult {
  rows: RowSummary[];
  servers: ServerSummary[];
  equivalence: string;
  facts: ServerFacts;
  /** Rows added per table during the warm-up and the rounds. */
  rowsWritten: Record<string, number>;
}

function difference(before: Map<string, number>, after: Map<string, number>): Record<string, number> {
  return Object.fromEntries(
    [...after].map(([table, count]) => [table, count - (before.get(table) ?? 0)] as const).filter(([, added]) => added !== 0),
  );
}

export async function runSession(
  workloads: readonly Workload[],
  env: ChildEnvironment,
  scene: Scene,
  options: BenchOptions,
  cleanup: Cleanup,
): Promise<SessionResult> {
  // Before the servers start, so that the counting process is the only traffic.
  const statements = await statementCounts(workloads, env, scene);
  const servers = await startServers([...new Set(workloads.map((w) => w.server))], env, cleanup);
  try {
    const rows: Row[] = [];
    for (const w of workloads) rows.push(await checkedRow(w, servers, scene));
    const compared = compareAnswers(
      rows.map((row) => ({ workload: row.workload, body: row.first.body })),
      scene,
    );
    if (compared.differences.length > 0) throw new Error(`the answers differ: ${compared.summary}`);

    const facts = await serverFacts(env.databaseUrl);
    const schedule: Schedule = { ...options, postmasterPid: facts.postmasterPid };
    const before = await rowCounts(env.databaseUrl);
    await measure(rows, schedule);
    const after = await rowCounts(env.databaseUrl);
    return {
      rows: rows.map((row) => ({
        name: row.workload.name,
        server: row.workload.server,
        shape: row.workload.shape,
        rounds: row.rounds,
        warmup: row.warmup,
        statements: statements.get(row.workload.name) ?? { count: 0, tables: [], note: 'not counted' },
        bytes: row.first.bytes,
      })),
      servers: [...servers.values()].map(({ spec, child }) => ({
        name: spec.name,
        pid: child.pid,
        peakRssMiB: peakRssMiB(child.pid),
        lifetimeCpuSeconds: cpuSeconds(child.pid),
      })),
      equivalence: compared.summary,
      facts,
      rowsWritten: difference(before, after),
    };
  } finally {
    for (const { child } of servers.values()) await child.stop();
  }
}
