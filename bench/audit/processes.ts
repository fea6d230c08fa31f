import { readdirSync, readFileSync } from 'node:fs';

/**
 * Per-process CPU of the whole machine, to name what disturbed a measurement ("jest 60%") rather than only say that
 * something did. Children that exited within the measurement are not seen: their CPU shows in "other" unnamed.
 */

/** USER_HZ, 100 on every usual Linux kernel (bench/proc.ts asks getconf, and has found nothing else here). */
const CLOCK_TICKS = 100;

interface ProcessTime {
  name: string;
  parent: number;
  seconds: number;
}

export type ProcessTimes = Map<number, ProcessTime>;

export function processTimes(): ProcessTimes {
  const times: ProcessTimes = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone between listing and reading
    }
    const close = stat.lastIndexOf(')');
    const rest = stat.slice(close + 2).split(' ');
    // rest[0] is field 3 (state): ppid is rest[1], utime and stime rest[11] and rest[12].
    times.set(Number(entry), {
      name: stat.slice(stat.indexOf('(') + 1, close),
      parent: Number(rest[1]),
      seconds: (Number(rest[11]) + Number(rest[12])) / CLOCK_TICKS,
    });
  }
  return times;
}

/** The processes, other than the excluded ones and their children, that used most CPU between two readings. */
export function busiestOthers(before: ProcessTimes, after: ProcessTimes, excluded: ReadonlySet<number>, wallSeconds: number): string {
  const used = new Map<string, number>();
  for (const [pid, time] of after) {
    if (excluded.has(pid) || excluded.has(time.parent)) continue;
    const seconds = time.seconds - (before.get(pid)?.seconds ?? 0);
    if (seconds > 0) used.set(time.name, (used.get(time.name) ?? 0) + seconds);
  }
  return [...used]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .filter(([, seconds]) => seconds / wallSeconds >= 0.02)
    .map(([name, seconds]) => `${name} ${Math.round((seconds / wallSeconds) * 100)}%`)
    .join(', ');
}
