import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPOSITORY = path.join(__dirname, '../..');

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** What a child process wrote and how it ended, once it has closed. */
export function outputOf(child: ChildProcess): Promise<CommandResult & { signal: NodeJS.Signals | null }> {
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The children still running, for `killRunningCommands` in afterAll. */
const running = new Set<ChildProcess>();

/**
 * Runs `args` (e.g. `['--import', 'tsx', 'src/main.ts']`) with node in the repository, the given environment on top
 * of this one without DATABASE_URL and OTEL_*, and kills it after `timeoutMs`.
 */
export function runNode(args: string[], env: Record<string, string>, timeoutMs: number): Promise<CommandResult> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !['DATABASE_URL', 'TEST_DATABASE_URL', 'LOG_LEVEL'].includes(name) && !name.startsWith('OTEL_')),
  );
  const child = spawn(process.execPath, args, { cwd: REPOSITORY, env: { ...inherited, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return outputOf(child).then(({ code, stdout, stderr }) => {
    clearTimeout(timer);
    running.delete(child);
    return { code, stdout, stderr };
  });
}

export function killRunningCommands(): void {
  for (const child of running) child.kill('SIGKILL');
}
