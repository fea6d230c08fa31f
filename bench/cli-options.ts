import { answerHelp } from '../src/common/command-line';

/** What the benchmarks' command lines share: the error a bad option raises and the integer parser. */
export class UsageError extends Error {}

export function integer(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} must be an integer of at least ${min}, got "${raw}"`);
  }
  return value;
}

/** What every benchmark's command line takes besides its own options. */
const COMMON_USAGE =
  '  --record: write the report to the committed bench/*results.md; without it, to bench/out/ (ignored by git).\n' +
  '  --help: this text.';

/**
 * The parsed options; for --help, the usage on stdout and exit code 0, before anything runs; for a bad command line,
 * the error and the usage on stderr and exit code 2.
 */
export function parseOrExit<T>(parse: (args: string[]) => T, args: string[], usage: string): T {
  answerHelp(`${usage}\n${COMMON_USAGE}`, args);
  try {
    return parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${usage}\n${COMMON_USAGE}`);
    process.exit(2);
  }
}
