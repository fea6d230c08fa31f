import { reportFailure } from '../src/common/failure-report';

/** Runs a script's `main`; a failure ends the process with exit code 1 and one line (src/common/failure-report.ts). */
export function runScript(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    reportFailure('error: ', error);
    process.exit(1);
  });
}
