import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const REPOSITORY = path.join(__dirname, '../..');

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
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
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code, stdout, stderr });
    });
  });
}

export function killRunningCommands(): void {
  for (const child of running) child.kill('SIGKILL');
}
