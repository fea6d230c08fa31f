import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

const MAIN = path.join(__dirname, '../../src/main.ts');

/** `npm start` as a child (one node process, so that its pid is the server's), as a terminal runs it. */
export interface HubProcess {
  pid: number;
  /** Resolves with the GraphQL URL once the server listens; rejects when the process exits first. */
  ready: Promise<string>;
  /** The `msg` of every JSON log line so far, and the other lines as they are. */
  messages(): string[];
  /** The exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  running(): boolean;
}

/**
 * Starts `src/main.ts` with the embedded database (no DATABASE_URL) in `dataDir`, on a free port. It leads its own
 * process group, as a terminal's foreground job does: `process.kill(-pid, 'SIGINT')` is a terminal's Ctrl-C.
 */
export function startHub(dataDir: string, env: Record<string, string>, timeoutMs: number): HubProcess {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !['DATABASE_URL', 'TEST_DATABASE_URL'].includes(name) && !name.startsWith('OTEL_')),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: { ...inherited, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const lines: string[] = [];
  const collect = (chunk: Buffer) => lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no GraphQL URL within ${timeoutMs} ms:\n${lines.join('\n')}`)), timeoutMs);
    child.stdout.on('data', () => {
      const announced = lines.map((line) => /^GraphQL: (\S+)$/.exec(line)?.[1]).find(Boolean);
      if (announced) {
        clearTimeout(timer);
        resolve(announced);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before listening:\n${lines.join('\n')}`));
    });
  });
  // Whoever awaits it sees the rejection; a hub that is never awaited as ready must not fail the run.
  ready.catch(() => {});
  return {
    pid: child.pid!,
    ready,
    messages: () =>
      lines.map((line) => {
        try {
          return (JSON.parse(line) as { msg: string }).msg;
        } catch {
          return line;
        }
      }),
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
  };
}
