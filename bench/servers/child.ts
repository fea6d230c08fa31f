/**
 * Plumbing shared by the entry files that the benchmark starts as child processes: settings come in through
 * the environment, results go back over the IPC channel, and a server never outlives the parent.
 */

export const ENV = {
  databaseUrl: 'BENCH_DATABASE_URL',
  jwtSecret: 'BENCH_JWT_SECRET',
  poolSize: 'BENCH_POOL_SIZE',
  /** count-statements.ts: the Scene (tokens, customer id) as JSON, and the names of the workloads to count. */
  scene: 'BENCH_SCENE',
  workloads: 'BENCH_WORKLOADS',
} as const;

export interface ChildSettings {
  databaseUrl: string;
  /** The same bytes as `loadJwtSecret` makes of a configured JWT_SECRET. */
  jwtSecret: Uint8Array;
  poolSize: number;
}

export interface StartedServer {
  url: string;
  stop(): Promise<void>;
}

/** Sent once the server listens. */
export interface ReadyMessage {
  type: 'ready';
  url: string;
}

/** The statements one request of a workload sent. */
export interface CountedStatements {
  workload: string;
  count: number;
  /** The table each statement reads or writes first, in order. */
  tables: string[];
}

/** Sent by count-statements.ts. */
export interface StatementsMessage {
  type: 'statements';
  counts: CountedStatements[];
}

export type ChildMessage = ReadyMessage | StatementsMessage;

/** Sent by the parent: stop the server and exit. */
export interface StopMessage {
  type: 'stop';
}

function isStopMessage(message: unknown): message is StopMessage {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'stop';
}

/** Resolves once the message is handed over, so that the process may exit right after. */
export function sendToParent(message: ChildMessage): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) {
    console.error(JSON.stringify(message)); // run by hand, without the benchmark
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    send(message, undefined, undefined, (error: Error | null) => (error ? reject(error) : resolve()));
  });
}

export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: this file is started by bench/run.ts`);
  return value;
}

export function readSettings(): ChildSettings {
  return {
    databaseUrl: required(ENV.databaseUrl),
    jwtSecret: new TextEncoder().encode(required(ENV.jwtSecret)),
    poolSize: Number(required(ENV.poolSize)),
  };
}

/** Starts the server, reports it ready, and stops it on a signal or when the parent goes away. */
export function serve(start: (settings: ChildSettings) => Promise<StartedServer>): void {
  const run = async () => {
    const server = await start(readSettings());
    let stopping = false;
    const stop = async (code: number) => {
      if (stopping) return;
      stopping = true;
      await server.stop().catch((error: unknown) => console.error(error));
      process.exit(code);
    };
    // The parent asks over IPC rather than by SIGTERM: Apollo Server installs SIGTERM/SIGINT handlers of its
    // own (outside NODE_ENV=test), and two handlers stopping the same server made the exit take seconds.
    process.on('message', (message: unknown) => {
      if (isStopMessage(message)) void stop(0);
    });
    process.on('SIGTERM', () => void stop(0));
    process.on('SIGINT', () => void stop(0));
    // The IPC channel closes when the parent dies, even by SIGKILL: no orphaned server keeps a port and a pool.
    process.on('disconnect', () => void stop(0));
    await sendToParent({ type: 'ready', url: server.url });
  };
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
