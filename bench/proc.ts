import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Linux process figures from /proc; the benchmark runs on Linux only. */

/** Clock ticks per second of /proc/<pid>/stat's times; 100 on every usual kernel, asked once anyway. */
const CLOCK_TICKS = ((): number => {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
})();

interface CpuTimes {
  /** utime + stime of the process itself (all its threads). */
  own: number;
  /** cutime + cstime: children it has waited for. */
  children: number;
}

/** The fields after the command name, which is in parentheses and may itself hold spaces or parentheses. */
function statFields(pid: number): { comm: string; rest: string[] } | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null; // gone between listing and reading
  }
  const close = stat.lastIndexOf(')');
  return { comm: stat.slice(stat.indexOf('(') + 1, close), rest: stat.slice(close + 2).split(' ') };
}

function cpuTimesOf(rest: string[]): CpuTimes {
  // rest[0] is field 3 (state), so utime (field 14) is rest[11].
  const [utime, stime, cutime, cstime] = rest.slice(11, 15).map(Number);
  return { own: (utime + stime) / CLOCK_TICKS, children: (cutime + cstime) / CLOCK_TICKS };
}

/** CPU seconds a process has used so far, user plus system. */
export function cpuSeconds(pid: number): number {
  const fields = statFields(pid);
  if (!fields) throw new Error(`process ${pid} is gone`);
  return cpuTimesOf(fields.rest).own;
}

/** Peak resident set size in MiB (VmHWM). */
export function peakRssMiB(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM for process ${pid}`);
  return Number(match[1]) / 1024;
}

/**
 * CPU seconds of one PostgreSQL cluster: the postmaster, its exited children (its cutime, once reaped) and its
 * live children (backends, background workers). Only differences of two readings mean anything.
 */
export function clusterCpuSeconds(postmasterPid: number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const fields = statFields(pid);
    if (!fields) continue;
    const times = cpuTimesOf(fields.rest);
    if (pid === postmasterPid) total += times.own + times.children;
    else if (Number(fields.rest[1]) === postmasterPid) total += times.own; // rest[1] is field 4, ppid
  }
  return total;
}

/**
 * The postmaster of the server a backend belongs to, or null when that backend is not a PostgreSQL process
 * of this machine (a server elsewhere, whose pid may name an unrelated local process).
 */
export function postmasterOf(backendPid: number): number | null {
  const backend = statFields(backendPid);
  if (backend?.comm !== 'postgres') return null;
  const postmaster = Number(backend.rest[1]); // rest[1] is field 4, ppid
  return statFields(postmaster)?.comm === 'postgres' ? postmaster : null;
}

export interface MachineCpu {
  /** CPU seconds all cores spent running something, since boot. */
  busy: number;
  /** CPU seconds the hypervisor gave to other machines while this one wanted to run. */
  steal: number;
}

export function machineCpu(): MachineCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  // cpu user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return { busy: (user + nice + system + irq + softirq) / CLOCK_TICKS, steal: steal / CLOCK_TICKS };
}
