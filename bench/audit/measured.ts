import { cpuBetween, cpuDisturbed, readCpu, type CpuSources, type CpuUse } from './cpu';
import { FOREIGN_DISTURBED_SHARE, ForeignActivity } from './foreign-activity';

/** One timed piece of work with what else the machine and the server did meanwhile. */
export interface Measured<T> {
  value: T;
  seconds: number;
  cpu: CpuUse;
  /** Share of samples in which another database of the server was running a statement. */
  foreignShare: number;
  /** Other processes above DISTURBED_SHARE of a core, or other databases busy: not a figure to keep. */
  disturbed: boolean;
}

export interface Surroundings {
  url: string;
  sources: CpuSources;
}

export async function measured<T>({ url, sources }: Surroundings, work: () => Promise<T>): Promise<Measured<T>> {
  const foreign = new ForeignActivity(url);
  await foreign.start();
  try {
    const before = readCpu(sources);
    const value = await work();
    const cpu = cpuBetween(before, readCpu(sources));
    const foreignShare = await foreign.stop();
    return { value, seconds: cpu.seconds, cpu, foreignShare, disturbed: cpuDisturbed(cpu) || foreignShare > FOREIGN_DISTURBED_SHARE };
  } finally {
    await foreign.stop(); // again, harmlessly, when the work failed
  }
}
