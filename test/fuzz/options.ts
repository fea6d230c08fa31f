import { randomInt } from 'node:crypto';
import { integer, UsageError } from '../../bench/cli-options';

export interface FuzzOptions {
  seed: number;
  operations: number;
  seconds: number;
  /** Replays this one case of the seed instead of a run. */
  onlyCase?: number;
}

export const USAGE = `usage: npm run fuzz -- [--seed <n>] [--operations <n>] [--seconds <n>] [--case <n>]
  --seed        the run's seed (default: a random one, printed at the start)
  --operations  stop after this many requests (default 20000)
  --seconds     stop after this many seconds (default 300)
  --case        send only case <n> of the seed, to replay a failure`;

export function parseFuzzOptions(args: string[]): FuzzOptions {
  const options: FuzzOptions = { seed: randomInt(0, 2 ** 31), operations: 20_000, seconds: 300 };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (value === undefined) throw new UsageError(`${flag} needs a value`);
    switch (flag) {
      case '--seed':
        options.seed = integer('seed', value, 0);
        break;
      case '--operations':
        options.operations = integer('operations', value, 1);
        break;
      case '--seconds':
        options.seconds = integer('seconds', value, 1);
        break;
      case '--case':
        options.onlyCase = integer('case', value, 0);
        break;
      default:
        throw new UsageError(`unknown option ${flag}`);
    }
  }
  return options;
}
