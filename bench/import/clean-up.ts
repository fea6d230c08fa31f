import { Cleanup } from '../cleanup';
import { log } from '../log';

/**
 * The benchmark's undo steps (../cleanup.ts), run once whoever asks first: a signal, or the run ending or
 * failing. Both wait for the same run of the steps, so that neither exits while the other still stops the
 * importer, drops the database or stops the cluster.
 */
export function cleanupOnSignals(): { cleanup: Cleanup; cleanUp: () => Promise<void> } {
  const cleanup = new Cleanup();
  let cleaned: Promise<void> | undefined;
  const cleanUp = () => (cleaned ??= cleanup.runAll());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the import, removing the database and the generated file`);
      void cleanUp().finally(() => process.exit(130));
    });
  }
  return { cleanup, cleanUp };
}
