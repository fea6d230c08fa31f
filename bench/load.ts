import autocannon from 'autocannon';
import { clusterCpuSeconds, cpuSeconds, machineCpu } from './proc';

export interface Target {
  name: string;
  url: string;
  /** The server's process, whose CPU each round reads. */
  pid: number;
  headers: Record<string, string>;
  body: string;
}

export interface FirstResponse {
  status: number;
  body: string;
  /** Status line, headers and body as received: the size every later response must have. */
  bytes: number;
}

export interface RoundResult {
  /** Date.now() at the start, to list rounds in the order they ran. */
  startedAt: number;
  seconds: number;
  /** Answers received within the round. */
  requests: number;
  /** Requests sent, including those still in flight when the round ended, which the server completes anyway. */
  sent: number;
  requestsPerSecond: number;
  /** Latency percentiles in ms, over 2xx responses (autocannon leaves the others out). */
  p50: number;
  p99: number;
  non2xx: number;
  /** 2xx answers whose size differs from the first response: GraphQL errors come back as 200. */
  wrongSize: number;
  /** Connection errors and timeouts. */
  errors: number;
  serverCpuSeconds: number;
  /** The bench's PostgreSQL server; null when it does not run on this machine. */
  postgresCpuSeconds: number | null;
  /** This process (the load generator), for the record: it shares the two cores. */
  loadCpuSeconds: number;
  /**
   * CPU that everything else on the machine used meanwhile (other sessions' tests, idle servers): what makes
   * a round untrustworthy. Null when PostgreSQL's share cannot be told apart.
   */
  otherCpuSeconds: number | null;
  /** CPU time the hypervisor withheld from this machine. */
  stealSeconds: number;
}

export interface RoundSettings {
  seconds: number;
  connections: number;
  /** The size of a good answer (the first response's). */
  expectedBytes: number;
  /** Where to read the database's CPU from; null when the server is not on this machine. */
  postmasterPid: number | null;
}

type ResponseListener = (status: number, bytes: number) => void;

/** autocannon's callback form, which (unlike the promise form) hands back the instance for per-response events. */
function fire(options: autocannon.Options, onResponse: ResponseListener): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(options, (error: unknown, result: autocannon.Result) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result),
    );
    instance.on('response', (_client, status, bytes) => onResponse(status, bytes));
  });
}

function baseOptions(target: Target): autocannon.Options {
  return { url: target.url, method: 'POST', headers: target.headers, body: target.body, pipelining: 1, timeout: 10 };
}

/** One request through the same client as the load, keeping its body for the content checks. */
export async function firstResponse(target: Target): Promise<FirstResponse> {
  let body = '';
  let status = 0;
  let bytes = 0;
  await fire(
    {
      ...baseOptions(target),
      connections: 1,
      amount: 1,
      verifyBody: (received) => {
        body = String(received ?? '');
        return true;
      },
    },
    (receivedStatus, receivedBytes) => {
      status = receivedStatus;
      bytes = receivedBytes;
    },
  );
  if (status === 0) throw new Error(`${target.name} did not answer`);
  return { status, body, bytes };
}

function cpuReadings(serverPid: number, postmasterPid: number | null) {
  return {
    server: cpuSeconds(serverPid),
    postgres: postmasterPid === null ? null : clusterCpuSeconds(postmasterPid),
    machine: machineCpu(),
    load: process.cpuUsage(),
  };
}

type Readings = ReturnType<typeof cpuReadings>;

function cpuDifferences(before: Readings, after: Readings) {
  const load = process.cpuUsage(before.load);
  const server = after.server - before.server;
  const postgres = after.postgres !== null && before.postgres !== null ? after.postgres - before.postgres : null;
  const loadSeconds = (load.user + load.system) / 1e6;
  const busy = after.machine.busy - before.machine.busy;
  return {
    serverCpuSeconds: server,
    postgresCpuSeconds: postgres,
    loadCpuSeconds: loadSeconds,
    // Never below zero: the readings are taken a few microseconds apart and rounded to clock ticks.
    otherCpuSeconds: postgres === null ? null : Math.max(0, busy - server - postgres - loadSeconds),
    stealSeconds: after.machine.steal - before.machine.steal,
  };
}

/** Loads one server for `settings.seconds` and reads its figures. */
export async function loadRound(target: Target, settings: RoundSettings): Promise<RoundResult> {
  let wrongSize = 0;
  const startedAt = Date.now();
  const before = cpuReadings(target.pid, settings.postmasterPid);
  const result = await fire({ ...baseOptions(target), connections: settings.connections, duration: settings.seconds }, (status, bytes) => {
    if (status >= 200 && status < 300 && bytes !== settings.expectedBytes) wrongSize += 1;
  });
  const after = cpuReadings(target.pid, settings.postmasterPid);
  return {
    startedAt,
    seconds: result.duration,
    requests: result.requests.total,
    sent: result.requests.sent,
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    wrongSize,
    errors: result.errors,
    ...cpuDifferences(before, after),
  };
}
