import { integer, parseFlags } from '../cli-options';

export interface AuditBenchOptions {
  /** Measured seconds of each append cell (one kind of table, one client count, one round). */
  seconds: number;
  /** Rounds of every cell, run interleaved; the report gives the median of rounds. */
  rounds: number;
  /**
   * Unmeasured writes per client before each cell: open the pool's connections and compile, in each session, the
   * queue trigger's function. Few, because an ours cell's warm-up rows must be sealed before it is measured.
   */
  warmupWrites: number;
  /** Sealed events when the full verification is timed. */
  verifyEvents: number;
  /** Rows queued, with the sequencer stopped, for the timed drain (at most verifyEvents: they are its first rows). */
  sealRows: number;
  /** Rows appended and sealed after the full verification, for the one from the last verified checkpoint. */
  incrementalRows: number;
  quick: boolean;
}

export const CLIENT_COUNTS = [1, 4, 16] as const;

/** Rows per AuditService.write: one page of customers, what one request of the API audits. */
export const ROWS_PER_WRITE = 50;

/**
 * An ours cell appends faster than the sequencer seals, and the next cell waits until its backlog is sealed (10 to
 * 40 s per 10 s cell here): the catch-up is most of the run's nine minutes.
 */
const DEFAULTS = { seconds: 10, rounds: 3, warmupWrites: 5, verifyEvents: 1_000_000, sealRows: 200_000, incrementalRows: 10_000 };
/** A smoke run: every step once, on small numbers, in about a minute. */
const QUICK = { seconds: 2, rounds: 1, warmupWrites: 2, verifyEvents: 20_000, sealRows: 10_000, incrementalRows: 1_000 };

export const USAGE =
  'npm run bench:audit -- [--seconds S] [--rounds N] [--verify-events N] [--quick]\n' +
  '  defaults: 10 s per cell, 3 rounds, 1000000 events for the verification, 200000 rows for the sequencer drain.\n' +
  '  --quick: 2 s, 1 round, 20000 events (a smoke run; the given options still win).\n' +
  '  DATABASE_URL: use that server (database privacy_hub_bench_audit is dropped and created); else an embedded cluster.';

export function parseOptions(args: string[]): AuditBenchOptions {
  const values = parseFlags(args, {
    seconds: { type: 'string' },
    rounds: { type: 'string' },
    'verify-events': { type: 'string' },
    quick: { type: 'boolean', default: false },
  });
  const base = values.quick ? QUICK : DEFAULTS;
  const verifyEvents = values['verify-events'] === undefined ? base.verifyEvents : integer('verify-events', values['verify-events'], 1);
  return {
    seconds: values.seconds === undefined ? base.seconds : integer('seconds', values.seconds, 1),
    rounds: values.rounds === undefined ? base.rounds : integer('rounds', values.rounds, 1),
    warmupWrites: base.warmupWrites,
    verifyEvents,
    // The drain's rows are the verification's first ones, so that the log verified has exactly verifyEvents events.
    sealRows: Math.min(base.sealRows, verifyEvents),
    incrementalRows: base.incrementalRows,
    quick: values.quick,
  };
}
