import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The exit code of a bad command line, as the shell's own tools use it. */
const USAGE_EXIT_CODE = 2;

/** A bad command line: `message` and a pointer to --help on stderr, exit code 2. */
export function failUsage(message: string): never {
  console.error(`${message}; run with --help for usage`);
  process.exit(USAGE_EXIT_CODE);
}

/**
 * When the command line asks for help (`--help` or `-h` before any `--`, after which all is positional), prints
 * `usage` on stdout and exits 0 before the script does anything else.
 */
export function answerHelp(usage: string, args = process.argv.slice(2)): void {
  const end = args.indexOf('--');
  if ((end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h')) {
    console.log(usage);
    process.exit(0);
  }
}

/**
 * The script's command line, parsed strictly, after answerHelp: an unknown option or a missing value is one line on
 * stderr and exit code 2.
 */
export function parseCommandLine<T extends Omit<ParseArgsConfig, 'args' | 'strict'>>(usage: string, config: T): ReturnType<typeof parseArgs<T>> {
  const args = process.argv.slice(2);
  answerHelp(usage, args);
  try {
    return parseArgs<T>({ ...config, args, strict: true });
  } catch (error) {
    // node:util's parse errors (ERR_PARSE_ARGS_*) say what is wrong with the command line; anything else is a bug.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) failUsage((error as Error).message);
    throw error;
  }
}
