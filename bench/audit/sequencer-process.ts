import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { onExit } from '../cleanup';

export const SEQUENCER_ENV = { databaseUrl: 'BENCH_AUDIT_DATABASE_URL', signingKey: 'BENCH_AUDIT_SIGNING_KEY' } as const;

/** To the sequencer process: seal what is queued now (one sealPending), start its own timer, or stop. */
export type SequencerCommand = { type: 'seal' } | { type: 'start' } | { type: 'stop' };

/** From it: ready (made, not leading yet), the rows one pass sealed, its timer started, or a failure. */
export type SequencerReply = { type: 'ready' } | { type: 'sealed'; rows: number } | { type: 'started' } | { type: 'failed'; message: string };

export interface SequencerProcess {
  pid: number;
  /** One sealPending() in the sequencer process: the rows it sealed. */
  seal(): Promise<number>;
  /** From now on it seals on its own, every intervalMs, as a server's does. */
  startSealing(): Promise<void>;
  /** Asks it to stop (it finishes a batch under way), then kills it if it has not exited in time. Safe to call twice. */
  stop(): Promise<void>;
}

const REPLY_TIMEOUT_MS = 600_000;
const STOP_TIMEOUT_MS = 30_000;

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** The next reply of the given type; a failure reply, an exit or the timeout reject. */
function reply<Type extends SequencerReply['type']>(child: ChildProcess, type: Type): Promise<Extract<SequencerReply, { type: Type }>> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: SequencerReply) => {
      if (message.type === 'failed') {
        done();
        reject(new Error(`the sequencer process failed: ${message.message}`));
      } else if (message.type === type) {
        done();
        resolve(message as Extract<SequencerReply, { type: Type }>);
      }
    };
    const onExit = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`the sequencer process exited (code ${code}, signal ${signal}) before "${type}"`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`the sequencer process sent no "${type}" within ${REPLY_TIMEOUT_MS / 1000} s`));
    }, REPLY_TIMEOUT_MS);
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Starts sequencer-child.ts with tsx as an --import hook, so that the pid read for its CPU is the sequencer's own.
 * Started with the run, so that it runs the code the run started with.
 */
export async function startSequencerProcess(databaseUrl: string, signingKeyPem: string): Promise<SequencerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'sequencer-child.ts')], {
    stdio: ['ignore', 2, 2, 'ipc'],
    env: { ...process.env, NODE_ENV: 'production', [SEQUENCER_ENV.databaseUrl]: databaseUrl, [SEQUENCER_ENV.signingKey]: signingKeyPem },
  });
  child.once(
    'exit',
    onExit(() => child.kill('SIGKILL')),
  );
  const command = (message: SequencerCommand) => child.send(message);
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.connected) command({ type: 'stop' });
      else child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited(child);
      clearTimeout(timer);
    })());
  try {
    await reply(child, 'ready');
  } catch (error) {
    await stop();
    throw error;
  }
  if (child.pid === undefined) throw new Error('the sequencer process has no pid');
  return {
    pid: child.pid,
    seal: async () => {
      const sealed = reply(child, 'sealed');
      command({ type: 'seal' });
      return (await sealed).rows;
    },
    startSealing: async () => {
      const started = reply(child, 'started');
      command({ type: 'start' });
      await started;
    },
    stop,
  };
}
