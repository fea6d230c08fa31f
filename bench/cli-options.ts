/** What the benchmarks' command lines share: the error a bad option raises and the integer parser. */
export class UsageError extends Error {}

export function integer(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} must be an integer of at least ${min}, got "${raw}"`);
  }
  return value;
}

/** The parsed options, or, for a bad command line, the error and the usage on stderr and exit code 2. */
export function parseOrExit<T>(parse: (args: string[]) => T, args: string[], usage: string): T {
  try {
    return parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${usage}`);
    process.exit(2);
  }
}
