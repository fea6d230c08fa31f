import { DISTURBED_SHARE } from '../figures';
import { clusterCpuSeconds, cpuSeconds, machineCpu, type MachineCpu } from '../proc';
import { busiestOthers, processTimes, type ProcessTimes } from './processes';

/**
 * CPU of what a measurement runs on, from /proc as `npm run bench` reads it: this process (the clients, or the
 * sequencer when it runs here), the sequencer's own process, the PostgreSQL cluster, and the rest of the machine,
 * whose share above DISTURBED_SHARE of a core marks the measurement as disturbed; so does as much steal, CPU time the
 * hypervisor gave to other machines (seen here at 74% of a core for a whole cell).
 */

export interface CpuReading {
  at: number;
  own: number;
  sequencer: number | null;
  postgres: number | null;
  machine: MachineCpu;
  processes: ProcessTimes;
  sources: CpuSources;
}

export interface CpuUse {
  seconds: number;
  /** CPU seconds of this process. */
  own: number;
  sequencer: number | null;
  /** The whole cluster: on a shared server, other databases' work counts here (see ForeignActivity). */
  postgres: number | null;
  /** Everything else on the machine; null when PostgreSQL's CPU cannot be read (a server elsewhere). */
  other: number | null;
  steal: number;
  /** The processes behind "other", busiest first ("jest 40%, tsc 12%"); empty when none used 2% of a core. */
  busiest: string;
}

export interface CpuSources {
  sequencerPid: number | null;
  postmasterPid: number | null;
}

export function readCpu(sources: CpuSources): CpuReading {
  const { sequencerPid, postmasterPid } = sources;
  const own = process.cpuUsage();
  return {
    at: performance.now(),
    own: (own.user + own.system) / 1e6,
    sequencer: sequencerPid === null ? null : cpuSeconds(sequencerPid),
    postgres: postmasterPid === null ? null : clusterCpuSeconds(postmasterPid),
    machine: machineCpu(),
    processes: processTimes(),
    sources,
  };
}

/** This process, the sequencer's and the cluster's postmaster (whose children are left out with it). */
function accountedFor({ sequencerPid, postmasterPid }: CpuSources): Set<number> {
  return new Set([process.pid, ...(sequencerPid === null ? [] : [sequencerPid]), ...(postmasterPid === null ? [] : [postmasterPid])]);
}

const difference = (after: number | null, before: number | null) => (after === null || before === null ? null : after - before);

export function cpuBetween(before: CpuReading, after: CpuReading): CpuUse {
  const own = after.own - before.own;
  const sequencer = difference(after.sequencer, before.sequencer);
  const postgres = difference(after.postgres, before.postgres);
  const busy = after.machine.busy - before.machine.busy;
  return {
    seconds: (after.at - before.at) / 1000,
    own,
    sequencer,
    postgres,
    // Never below zero: the readings are rounded to clock ticks.
    other: postgres === null ? null : Math.max(0, busy - own - (sequencer ?? 0) - postgres),
    steal: after.machine.steal - before.machine.steal,
    busiest: busiestOthers(before.processes, after.processes, accountedFor(after.sources), (after.at - before.at) / 1000),
  };
}

/** Share of one core. */
export const coreShare = (seconds: number | null, use: CpuUse): number | null => (seconds === null ? null : seconds / use.seconds);

/** Other processes, or the hypervisor withholding the CPU (steal), above DISTURBED_SHARE of a core. */
export function cpuDisturbed(use: CpuUse): boolean {
  const other = coreShare(use.other, use);
  return (other !== null && other > DISTURBED_SHARE) || use.steal / use.seconds > DISTURBED_SHARE;
}
