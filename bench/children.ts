import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { onExit } from './cleanup';
import { ENV, type ChildMessage, type CountedStatements, type StopMessage } from './servers/child';

export const REPO_ROOT = path.resolve(__dirname, '..');

const MESSAGE_TIMEOUT_MS = 120_000;
const STOP_TIMEOUT_MS = 5_000;

export interface ChildServer {
  pid: number;
  url: string;
  /** Stops the process, by force if it does not exit within a few seconds. Safe to call twice. */
  stop(): Promise<void>;
}

export interface ChildEnvironment {
  databaseUrl: string;
  jwtSecret: string;
  poolSize: number;
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (exited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Asks over IPC (SIGTERM if the channel is gone), then SIGKILL if the child has not exited in time. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (!exited(child)) {
    const stop: StopMessage = { type: 'stop' };
    if (child.connected) child.send(stop);
    else child.kill('SIGTERM');
    if (!(await waitForExit(child, STOP_TIMEOUT_MS))) {
      child.kill('SIGKILL');
      await waitForExit(child, STOP_TIMEOUT_MS);
    }
  }
}

/** The child's first message of the given type; rejects if it exits, fails to start or takes too long. */
function waitForMessage<Type extends ChildMessage['type']>(
  child: ChildProcess,
  label: string,
  type: Type,
): Promise<Extract<ChildMessage, { type: Type }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label}: no "${type}" within ${MESSAGE_TIMEOUT_MS / 1000} s`)), MESSAGE_TIMEOUT_MS);
    child.on('message', (message: ChildMessage) => {
      if (message.type !== type) return;
      clearTimeout(timer);
      resolve(message as Extract<ChildMessage, { type: Type }>);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited before sending "${type}" (code ${code}, signal ${signal})`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * Runs `bench/servers/<entry>.ts` in its own Node process, with tsx as an --import hook rather than through the
 * tsx CLI, so that the PID is the server's own and its /proc figures are the server's. Its output goes to our
 * stderr, keeping stdout for the report.
 */
function spawnEntry(entry: string, env: ChildEnvironment, extraEnv: Record<string, string> = {}): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'bench', 'servers', `${entry}.ts`)], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 2, 2, 'ipc'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      [ENV.databaseUrl]: env.databaseUrl,
      [ENV.jwtSecret]: env.jwtSecret,
      [ENV.poolSize]: String(env.poolSize),
      ...extraEnv,
    },
  });
  // Failures to start reach waitForMessage; a failed stop request ends in SIGKILL. Neither may crash the run.
  child.on('error', (error) => console.error(`[bench] ${entry}: ${error.message}`));
  // Killed on exit, whatever way the parent exits, unless it has exited first.
  child.once(
    'exit',
    onExit(() => child.kill('SIGKILL')),
  );
  return child;
}

/** Starts a server entry (with extra environment variables, say GRAPHILE_ENV) and waits until it listens. */
export async function startChildServer(
  label: string,
  entry: string,
  env: ChildEnvironment,
  extraEnv: Record<string, string> = {},
): Promise<ChildServer> {
  const child = spawnEntry(entry, env, extraEnv);
  try {
    const { url } = await waitForMessage(child, label, 'ready');
    if (child.pid === undefined) throw new Error(`${label} has no process id`);
    return { pid: child.pid, url, stop: () => stopChild(child) };
  } catch (error) {
    await stopChild(child);
    throw error;
  }
}

/** Runs count-statements.ts for the named workloads of ours and returns what it counted. */
export async function countStatementsInChild(env: ChildEnvironment, scene: unknown, workloads: readonly string[]): Promise<CountedStatements[]> {
  const child = spawnEntry('count-statements', env, { [ENV.scene]: JSON.stringify(scene), [ENV.workloads]: workloads.join(',') });
  try {
    return (await waitForMessage(child, 'statement count', 'statements')).counts;
  } finally {
    await stopChild(child);
  }
}
