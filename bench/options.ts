import { integer, parseFlags, UsageError } from './cli-options';

export interface BenchOptions {
  /** Customers seeded for the main bench (seedDemo, seed 42). */
  customers: number;
  /** Sizes of the sweep, or null for the main bench. */
  sweep: number[] | null;
  /** Seconds of each measured round. */
  duration: number;
  /** Seconds of load on each row before the rounds. */
  warmup: number;
  rounds: number;
  /** autocannon connections. Each server keeps a database pool of 10, the app's default, whatever this is. */
  connections: number;
}

export const USAGE =
  'npm run bench -- [--customers N] [--duration S] [--connections N] [--warmup S] [--rounds N]\n' +
  'npm run bench -- --sweep N,N,... [--duration S] [--connections N] [--warmup S] [--rounds N]\n' +
  '  defaults: 100000 customers, 3 rounds of 10 s per row after a 3 s warm-up, 10 connections;\n' +
  '  the sweep: a fresh database per size (fast seeder), 2 rounds of 5 s per row after a 2 s warm-up.\n' +
  '  DATABASE_URL: use that server (database privacy_hub_bench is dropped and created); else an embedded one.';

const DEFAULTS = { customers: '100000', duration: '10', connections: '10', warmup: '3', rounds: '3' };
const SWEEP_DEFAULTS = { duration: '5', warmup: '2', rounds: '2' };

// A page needs 50 held customers; some seeded customers are erased, hence the margin.
const MIN_CUSTOMERS = 100;

export function parseOptions(args: string[]): BenchOptions {
  const values = parseFlags(args, {
    customers: { type: 'string' },
    sweep: { type: 'string' },
    duration: { type: 'string' },
    connections: { type: 'string' },
    warmup: { type: 'string' },
    rounds: { type: 'string' },
  });
  const sweep = values.sweep === undefined ? null : values.sweep.split(',').map((size) => integer('sweep', size, MIN_CUSTOMERS));
  if (sweep !== null && values.customers !== undefined) throw new UsageError('--customers and --sweep exclude each other');
  const defaults = sweep === null ? DEFAULTS : { ...DEFAULTS, ...SWEEP_DEFAULTS };
  const value = (name: keyof typeof DEFAULTS) => values[name] ?? defaults[name];
  return {
    customers: integer('customers', value('customers'), MIN_CUSTOMERS),
    sweep,
    duration: integer('duration', value('duration'), 1),
    connections: integer('connections', value('connections'), 1),
    warmup: integer('warmup', value('warmup'), 0),
    rounds: integer('rounds', value('rounds'), 1),
  };
}
