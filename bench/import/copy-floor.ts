import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { openBenchDatabase, serverFacts } from '../bench-database';
import { atMostOnce, type Cleanup } from '../cleanup';
import { log } from '../log';
import { clusterCpuSeconds, machineCpu } from '../proc';
import { migrate } from './import-database';
import { BENCH_PROCESSOR_IDS, createBenchProcessors } from './processors';
import {
  FRESH_CUSTOMER_COLUMNS,
  FRESH_CUSTOMER_TABLES,
  freshCustomerText,
  type FreshCustomerTable,
  type FreshCustomerText,
} from '../../src/modules/intake/import/fresh-customers';
import { readRecords, type SourceRecord, type UnreadableRecord } from '../../src/modules/intake/import/import-record';
import { checkReadRecord, type KnownProcessor } from '../../src/modules/intake/import/validate-record';
import { storedState, type Check, type StoredState } from './verify';

/**
 * The baseline: PostgreSQL alone writing the rows the first import writes (the customers, their consents and one
 * event per consent), with COPY from files prepared beforehand, into a new database migrated like the import's,
 * so with the same constraints, indexes and foreign keys. No parsing, checking, duplicate tracking or upsert
 * while timed: what the server needs for these rows and nothing else. An importer committing the same batches on
 * as many connections cannot go faster.
 */

/** The floor's own database, apart from the import's; new for each run, as consent_event refuses TRUNCATE and DELETE. */
const FLOOR_PLACE = { database: 'privacy_hub_bench_import_floor', embeddedFolder: 'bench-import-floor-pg' };

const FLOOR_ACTOR = 'bench:import floor';

type TableName = FreshCustomerTable;
const TABLE_ORDER = FRESH_CUSTOMER_TABLES;

/** The bench processors as the importer loads them: active, allowed PERSONALIZATION, as generate.ts expects. */
const FLOOR_PROCESSORS = new Map<string, KnownProcessor>(
  BENCH_PROCESSOR_IDS.map((id) => [id, { active: true, purposes: new Set(['PERSONALIZATION']) }]),
);

/** One record of the file as the lines the importer's COPY of a new customer writes to each table. */
function linesOf(record: SourceRecord | UnreadableRecord): FreshCustomerText {
  const checked = checkReadRecord(record, FLOOR_PROCESSORS);
  if (!checked.ok) throw new Error(`line ${checked.line} of the generated file is not importable: ${checked.reason}`);
  return freshCustomerText([checked.row], FLOOR_ACTOR);
}

/** Where one batch's lines lie in a table's file, in bytes: [start, end). */
interface ByteRange {
  start: number;
  end: number;
}

/** Half of the customers: a file per table, and where each batch lies in each file. */
interface Part {
  files: Record<TableName, string>;
  batches: Array<Record<TableName, ByteRange>>;
}

/** The size of a part's files: where their last batch ends. */
const partBytes = (part: Part) => TABLE_ORDER.reduce((sum, table) => sum + (part.batches.at(-1)?.[table].end ?? 0), 0);

const perTable = <T>(value: (table: TableName) => T): Record<TableName, T> =>
  Object.fromEntries(TABLE_ORDER.map((table) => [table, value(table)])) as Record<TableName, T>;

/** Writes one part's files a batch at a time, waiting for each to drain, so that memory stays flat. */
class PartWriter {
  private readonly part: Part;
  private readonly outs: Record<TableName, WriteStream>;
  private pending = perTable(() => '');
  private pendingCustomers = 0;
  private readonly written = perTable(() => 0);

  constructor(
    dir: string,
    name: string,
    private readonly batchSize: number,
  ) {
    this.part = { files: perTable((table) => path.join(dir, `${name}.${table}.tsv`)), batches: [] };
    this.outs = perTable((table) => createWriteStream(this.part.files[table]));
  }

  async add(lines: Record<TableName, string>): Promise<void> {
    for (const table of TABLE_ORDER) this.pending[table] += lines[table];
    this.pendingCustomers += 1;
    if (this.pendingCustomers === this.batchSize) await this.flush();
  }

  async close(): Promise<Part> {
    if (this.pendingCustomers > 0) await this.flush();
    for (const out of Object.values(this.outs)) out.end();
    await Promise.all(Object.values(this.outs).map((out) => finished(out)));
    return this.part;
  }

  private async flush(): Promise<void> {
    const batch = perTable((table) => {
      const start = this.written[table];
      this.written[table] += Buffer.byteLength(this.pending[table]);
      return { start, end: this.written[table] };
    });
    this.part.batches.push(batch);
    await Promise.all(TABLE_ORDER.filter((table) => !this.outs[table].write(this.pending[table])).map((table) => once(this.outs[table], 'drain')));
    this.pending = perTable(() => '');
    this.pendingCustomers = 0;
  }
}

/**
 * The file's customers as COPY text, in two halves by customer (the first half of the lines, then the rest), each
 * cut into batches from its own start, so that two connections can each take one. When half the customers is not
 * a whole number of batches, each half ends with a short one (not so at the defaults: 1,000,000 customers and the CLI's batch size).
 */
async function prepareParts(file: string, dir: string, customers: number, batchSize: number): Promise<Part[]> {
  const halves = [new PartWriter(dir, 'first-half', batchSize), new PartWriter(dir, 'second-half', batchSize)];
  const firstHalf = Math.ceil(customers / 2);
  let index = 0;
  for await (const record of readRecords(file, 'jsonl', () => {})) {
    await halves[index < firstHalf ? 0 : 1].add(linesOf(record));
    index += 1;
  }
  return Promise.all(halves.map((half) => half.close()));
}

/** COPY's default text format, as the importer writes it. */
const copyStatement = (table: TableName) => `COPY ${table} (${FRESH_CUSTOMER_COLUMNS[table].join(', ')}) FROM STDIN`;

async function copyRange(client: Client, table: TableName, file: string, range: ByteRange): Promise<void> {
  if (range.end === range.start) return;
  // `end` of a read stream is inclusive.
  await pipeline(createReadStream(file, { start: range.start, end: range.end - 1 }), client.query(copyFrom(copyStatement(table))));
}

/** Each batch in its own transaction, as the importer commits each of its batches. */
async function copyBatches(client: Client, parts: readonly Part[]): Promise<void> {
  for (const part of parts) {
    for (const batch of part.batches) {
      await client.query('BEGIN');
      for (const table of TABLE_ORDER) await copyRange(client, table, part.files[table], batch[table]);
      await client.query('COMMIT');
    }
  }
}

/** Both halves on one connection, one after the other; or each half on its own connection, side by side. */
const connectionWork = (parts: readonly Part[], connections: 1 | 2): Part[][] => (connections === 1 ? [[...parts]] : parts.map((part) => [part]));

export interface FloorRun {
  connections: 1 | 2;
  /** From the first COPY to the last COMMIT; the connections are open before. */
  wallSeconds: number;
  /** The whole PostgreSQL server's CPU during the run; null when it does not run on this machine. */
  postgresCpuSeconds: number | null;
  /** CPU of everything else on the machine but this process, as for the import: high marks a disturbed run. */
  otherCpuSeconds: number;
  /** The rows in the floor's database afterwards: a floor that did not write them all has no figure to report. */
  checks: Check[];
}

export interface CopyFloor {
  batchSize: number;
  /** Making the COPY files from the generated file: not timed as part of a run. */
  prepareSeconds: number;
  fileBytes: number;
  database: string;
  runs: FloorRun[];
}

export interface FloorSettings {
  /** The generated JSON Lines file the importer read. */
  file: string;
  /** Where to put the COPY files; they are deleted at the end. */
  dir: string;
  customers: number;
  batchSize: number;
  /** DATABASE_URL, or undefined for an embedded cluster. */
  serverUrl: string | undefined;
  cleanup: Cleanup;
}

const countCheck = (what: string, expected: number, actual: number): Check => ({
  what,
  expected: String(expected),
  actual: String(actual),
  ok: expected === actual,
});

function rowChecks(connections: number, customers: number, state: StoredState): Check[] {
  const label = `floor, ${connections} connection${connections === 1 ? '' : 's'}`;
  return [
    countCheck(`${label}: customers`, customers, state.customers),
    countCheck(`${label}: consents`, 2 * customers, state.consents),
    countCheck(`${label}: consent events`, 2 * customers, state.consentEvents),
  ];
}

async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Readings taken just before and just after the COPY; only their differences mean anything. */
interface Readings {
  at: bigint;
  postgresCpu: number | null;
  machineCpu: number;
  /** This process's CPU: reading the files and sending them is the client's share, not the server's nor another's. */
  benchCpu: number;
}

function readingsNow(postmasterPid: number | null): Readings {
  const bench = process.cpuUsage();
  return {
    at: process.hrtime.bigint(),
    postgresCpu: postmasterPid === null ? null : clusterCpuSeconds(postmasterPid),
    machineCpu: machineCpu().busy,
    benchCpu: (bench.user + bench.system) / 1e6,
  };
}

type Figures = Pick<FloorRun, 'wallSeconds' | 'postgresCpuSeconds' | 'otherCpuSeconds'>;

function figuresBetween(before: Readings, after: Readings): Figures {
  const postgresCpuSeconds = before.postgresCpu === null || after.postgresCpu === null ? null : after.postgresCpu - before.postgresCpu;
  const known = (postgresCpuSeconds ?? 0) + (after.benchCpu - before.benchCpu);
  return {
    wallSeconds: Number(after.at - before.at) / 1e9,
    postgresCpuSeconds,
    otherCpuSeconds: Math.max(0, after.machineCpu - before.machineCpu - known),
  };
}

/**
 * Opens a connection per share of the work, times the writing alone, and closes them. The last readings are taken
 * while the backends still run: an exited backend's CPU reaches the postmaster's figures only once it is reaped.
 */
async function copyOverConnections(url: string, work: readonly Part[][], postmasterPid: number | null): Promise<Figures> {
  const clients = await Promise.all(work.map(() => connect(url)));
  try {
    const before = readingsNow(postmasterPid);
    await Promise.all(clients.map((client, share) => copyBatches(client, work[share])));
    return figuresBetween(before, readingsNow(postmasterPid));
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
}

/** Writes every part into a new database over the given connections, and counts what arrived. */
async function measureOnce(parts: readonly Part[], connections: 1 | 2, settings: FloorSettings): Promise<{ run: FloorRun; database: string }> {
  const database = await openBenchDatabase(settings.serverUrl, () => {}, FLOOR_PLACE);
  const dispose = atMostOnce(database.dispose);
  settings.cleanup.add('dispose of the floor database', dispose);
  try {
    await migrate(database.url);
    await createBenchProcessors(database.url);
    const { postmasterPid } = await serverFacts(database.url);
    const figures = await copyOverConnections(database.url, connectionWork(parts, connections), postmasterPid);
    const checks = rowChecks(connections, settings.customers, await storedState(database.url));
    return { run: { connections, ...figures, checks }, database: database.description };
  } finally {
    await dispose();
  }
}

function describeFloorRun(run: FloorRun, customers: number): void {
  const cpu = run.postgresCpuSeconds === null ? 'n/a' : `${run.postgresCpuSeconds.toFixed(1)} s`;
  const failed = run.checks.filter((check) => !check.ok).length;
  log(
    `floor, ${run.connections} connection(s): ${run.wallSeconds.toFixed(1)} s wall, ${Math.round(customers / run.wallSeconds)} customers/s, ` +
      `PostgreSQL CPU ${cpu}, other CPU ${run.otherCpuSeconds.toFixed(1)} s${failed > 0 ? `, ${failed} row count check(s) FAILED` : ''}`,
  );
}

/** Prepares the COPY files (untimed), then writes them on one connection and on two, each into a new database. */
export async function measureCopyFloor(settings: FloorSettings): Promise<CopyFloor> {
  const dir = path.join(settings.dir, 'copy-floor');
  await mkdir(dir, { recursive: true });
  try {
    const started = Date.now();
    const parts = await prepareParts(settings.file, dir, settings.customers, settings.batchSize);
    const prepareSeconds = (Date.now() - started) / 1000;
    const fileBytes = parts.reduce((sum, part) => sum + partBytes(part), 0);
    log(`floor: COPY files prepared in ${prepareSeconds.toFixed(1)} s (not timed), ${(fileBytes / 1e6).toFixed(0)} MB`);
    const measured: Array<{ run: FloorRun; database: string }> = [];
    for (const connections of [1, 2] as const) {
      log(`floor: PostgreSQL alone, COPY on ${connections} connection(s), into a new database`);
      measured.push(await measureOnce(parts, connections, settings));
      describeFloorRun(measured[measured.length - 1].run, settings.customers);
    }
    return { batchSize: settings.batchSize, prepareSeconds, fileBytes, database: measured[0].database, runs: measured.map((m) => m.run) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
