import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Customers seeded (seed 42). */
  customers: number;
  /** Seconds of each measured round. */
  duration: number;
  /** Seconds of load on each server before the rounds. */
  warmup: number;
  rounds: number;
  /** autocannon connections. Each server keeps a database pool of 10, the app's default, whatever this is. */
  connections: number;
}

export const USAGE =
  'npm run bench -- [--customers N] [--duration S] [--connections N] [--warmup S] [--rounds N]\n' +
  '  defaults: 20000 customers, 3 rounds of 10 s per server after a 3 s warm-up, 10 connections.\n' +
  '  DATABASE_URL: use that server (database privacy_hub_bench is dropped and created); else an embedded one.';

const DEFAULTS = { customers: '20000', duration: '10', connections: '10', warmup: '3', rounds: '3' };

export class UsageError extends Error {}

function integer(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} must be an integer of at least ${min}, got "${raw}"`);
  }
  return value;
}

export function parseOptions(args: string[]): BenchOptions {
  let values: typeof DEFAULTS;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        customers: { type: 'string', default: DEFAULTS.customers },
        duration: { type: 'string', default: DEFAULTS.duration },
        connections: { type: 'string', default: DEFAULTS.connections },
        warmup: { type: 'string', default: DEFAULTS.warmup },
        rounds: { type: 'string', default: DEFAULTS.rounds },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return {
    // A page needs 50 held customers; some seeded customers are erased, hence the margin.
    customers: integer('customers', values.customers, 100),
    duration: integer('duration', values.duration, 1),
    connections: integer('connections', values.connections, 1),
    warmup: integer('warmup', values.warmup, 0),
    rounds: integer('rounds', values.rounds, 1),
  };
}
