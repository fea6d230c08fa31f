import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../children';

/**
 * What the measured code is: the commit, and the uncommitted state of src/ and migrations/. Others commit to this
 * checkout while a run goes on (a change to the sequencer once landed between the start of a run and the start of
 * its sequencer process), so a run compares the fingerprint at its start with the one after its sequencer process
 * has loaded, and does not go on measuring two versions of the code.
 */
export function codeFingerprint(): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    return createHash('sha256')
      .update(git('rev-parse', 'HEAD'))
      .update(git('diff', 'HEAD', '--', 'src', 'migrations'))
      .update(git('ls-files', '--others', '--exclude-standard', '--', 'src', 'migrations'))
      .digest('hex');
  } catch {
    return 'not a git checkout';
  }
}
