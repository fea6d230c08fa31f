import { openBenchDatabase } from './bench-database';
import type { ChildEnvironment } from './children';
import { atMostOnce, type Cleanup } from './cleanup';
import { log } from './log';
import type { BenchOptions } from './options';
import { setUpScene } from './scene';
import { seedDatabase } from './seed';
import { runSession } from './session';
import type { SizeResult } from './sweep-report';
import { workload } from './workloads';

/** `npm run bench -- --sweep 10000,100000,1000000`: ours' officer and affiliate pages on a fresh database per size. */

export const SWEEP_WORKLOADS = ['ours officer page', 'ours affiliate page'].map(workload);

export async function runSweep(
  sizes: number[],
  options: BenchOptions,
  env: Omit<ChildEnvironment, 'databaseUrl'>,
  jwtSecret: Uint8Array,
  cleanup: Cleanup,
): Promise<{ results: SizeResult[]; database: string; postgres: string }> {
  const results: SizeResult[] = [];
  let database = '';
  let postgres = '';
  for (const size of sizes) {
    const opened = await openBenchDatabase(process.env.DATABASE_URL, () => {});
    const dispose = atMostOnce(opened.dispose);
    cleanup.add(`dispose of the bench database (${size})`, dispose);
    try {
      database = opened.description;
      const seed = await seedDatabase(opened.url, size, 'fast');
      log(`${size}: seeded ${size} customers (${seed.consents} consents) in ${seed.seconds.toFixed(1)} s`);
      const { scene, facts } = await setUpScene(opened.url, jwtSecret, 'first-page');
      const session = await runSession(SWEEP_WORKLOADS, { ...env, databaseUrl: opened.url }, scene, options, cleanup);
      postgres = session.facts.version;
      results.push({ size, seed, scene: facts, session });
    } finally {
      await dispose();
    }
  }
  return { results, database, postgres };
}
