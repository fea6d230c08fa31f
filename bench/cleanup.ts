/**
 * Undo steps run in reverse order of registration (servers before the database they use), each at most once,
 * both when the run ends and when it is interrupted: a benchmark must never leave a server or a cluster behind.
 */
export class Cleanup {
  private readonly steps: Array<{ label: string; run: () => Promise<void> }> = [];

  add(label: string, run: () => Promise<void>): void {
    this.steps.push({ label, run });
  }

  async runAll(): Promise<void> {
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
        console.error(`[bench] ${signal}: stopping servers and database`);
        void this.runAll().finally(() => process.exit(130));
      });
    }
  }
}

/** `run` made safe to call more than once (by a step and by the cleanup): later calls wait for the first. */
export function once(run: () => Promise<void>): () => Promise<void> {
  let started: Promise<void> | null = null;
  return () => (started ??= run());
}
