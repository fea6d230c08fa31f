import { parseArgs, type ParseArgsConfig } from 'node:util';
import { answerHelp } from '../src/common/command-line';
import { splitRecordFlag } from './report-file';

/**
 * What the benchmarks' command lines share: strict flags, the error a bad option raises, the integer parser, --help
 * and --record. Not src/common/command-line.ts's parseCommandLine, which reads process.argv with --record still in it
 * and answers a bad option with one line: a benchmark's answer also gives its usage.
 */
export class UsageError extends Error {}

type Flags = NonNullable<ParseArgsConfig['options']>;
type StrictConfig<Options extends Flags> = { args: string[]; options: Options; strict: true; allowPositionals: false };

/** node:util's parseArgs, strict and without positionals; its complaints about the command line as a UsageError. */
export function parseFlags<Options extends Flags>(args: string[], options: Options): ReturnType<typeof parseArgs<StrictConfig<Options>>>['values'] {
  try {
    return parseArgs<StrictConfig<Options>>({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    // Its ERR_PARSE_ARGS_* errors say what is wrong with the command line; anything else is a bug.
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_')) throw new UsageError((error as Error).message);
    throw error;
  }
}

export function integer(name: string, raw: string, min: number): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} must be an integer of at least ${min}, got "${raw}"`);
  }
  return value;
}

/** What every benchmark's command line takes besides its own options. */
const COMMON_USAGE =
  '  --record: write the report to the committed bench/*results.md; without it, to bench/out/ (ignored by git).\n' + '  --help: this text.';

export interface BenchCommandLine<Options> {
  options: Options;
  /** --record: the report goes to the committed file. */
  record: boolean;
  /** The command line without --record, for the report's "command" line. */
  args: string[];
}

/**
 * A benchmark's command line, read before anything runs: for --help, the usage on stdout and exit code 0; for a bad
 * command line, the error and the usage on stderr and exit code 2.
 */
export function readCommandLine<Options>(parse: (args: string[]) => Options, usage: string, argv = process.argv.slice(2)): BenchCommandLine<Options> {
  const { record, args } = splitRecordFlag(argv);
  answerHelp(`${usage}\n${COMMON_USAGE}`, args);
  try {
    return { options: parse(args), record, args };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${usage}\n${COMMON_USAGE}`);
    process.exit(2);
  }
}
