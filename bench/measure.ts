import type { Row } from './contenders';
import { loadRound, type RoundResult } from './load';
import { log } from './log';

/** The load schedule: a warm-up per row, then rounds in which the rows run rotated (A B C, B C A, C A B). */

export interface Schedule {
  warmup: number;
  rounds: number;
  duration: number;
  connections: number;
  /** Where to read the database's CPU from; null when the server is not on this machine. */
  postmasterPid: number | null;
}

/** One line per round on stderr, with the CPU figures, so that a disturbed round can be told from the others. */
function describeRound(result: RoundResult): string {
  const share = (seconds: number | null) => (seconds === null ? 'n/a' : `${Math.round((seconds / result.seconds) * 100)}%`);
  return (
    `${Math.round(result.requestsPerSecond)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms; CPU (share of a core): ` +
    `server ${share(result.serverCpuSeconds)}, PostgreSQL ${share(result.postgresCpuSeconds)}, ` +
    `load generator ${share(result.loadCpuSeconds)}, other ${share(result.otherCpuSeconds)}`
  );
}

export async function measure(rows: Row[], schedule: Schedule): Promise<void> {
  const settings = (row: Row, seconds: number) => ({
    seconds,
    connections: schedule.connections,
    expectedBytes: row.first.bytes,
    postmasterPid: schedule.postmasterPid,
  });
  if (schedule.warmup > 0) {
    for (const row of rows) {
      log(`warm-up ${row.workload.name} (${schedule.warmup} s)`);
      row.warmup = await loadRound(row.target, settings(row, schedule.warmup));
    }
  }
  for (let round = 0; round < schedule.rounds; round += 1) {
    const shift = round % rows.length;
    for (const row of [...rows.slice(shift), ...rows.slice(0, shift)]) {
      const result = await loadRound(row.target, settings(row, schedule.duration));
      row.rounds.push(result);
      log(`round ${round + 1}/${schedule.rounds} ${row.workload.name}: ${describeRound(result)}`);
    }
  }
}
