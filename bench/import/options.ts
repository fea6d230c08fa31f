import { integer, parseFlags } from '../cli-options';

export interface ImportBenchOptions {
  /** Customers in the generated file; each has two consents. */
  customers: number;
  /** Seed of the generated values: the same seed and count give the same file, byte for byte. */
  seed: number;
  /** Passed to the CLI as --batch-size; undefined leaves the CLI's default. */
  batchSize: number | undefined;
  /** Also measure the baseline: PostgreSQL alone writing the same rows with COPY (false with --no-floor). */
  floor: boolean;
}

export const USAGE =
  'npm run bench:import -- [--customers N] [--batch-size N] [--seed N] [--no-floor]\n' +
  "  defaults: 1000000 customers (two consents each), the CLI's own batch size, seed 42.\n" +
  '  --no-floor: skip the baseline (PostgreSQL alone writing the same rows with COPY, on one connection and on two).\n' +
  '  DATABASE_URL: use that server (databases privacy_hub_bench_import and privacy_hub_bench_import_floor are dropped\n' +
  '  and created); else embedded clusters.';

export function parseOptions(args: string[]): ImportBenchOptions {
  const values = parseFlags(args, {
    customers: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '42' },
    'batch-size': { type: 'string' },
    'no-floor': { type: 'boolean', default: false },
  });
  return {
    customers: integer('customers', values.customers, 1),
    seed: integer('seed', values.seed, 0),
    batchSize: values['batch-size'] === undefined ? undefined : integer('batch-size', values['batch-size'], 1),
    floor: !values['no-floor'],
  };
}
