import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from './children';

/** The commit measured, and whether the code (the benchmarks' own files aside) differs from it. */
export function codeVersion(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    const changed = git('status', '--porcelain', '--', '.', ':!bench', ':!package.json', ':!package-lock.json', ':!node_modules');
    return `commit ${commit}${changed ? ' plus uncommitted changes' : ''}`;
  } catch {
    return 'not a git checkout';
  }
}

/** The command that reproduces the run, with any password in DATABASE_URL masked. */
export function commandLine(script: string, args: string[]): string {
  const url = process.env.DATABASE_URL;
  let prefix = '';
  if (url) {
    const shown = new URL(url);
    if (shown.password) shown.password = '***';
    prefix = `DATABASE_URL=${shown.toString()} `;
  }
  return `${prefix}npm run ${script}${args.length ? ` -- ${args.join(' ')}` : ''}`;
}
