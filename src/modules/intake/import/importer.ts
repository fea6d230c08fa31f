import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { DataSource } from 'typeorm';
import { formatOf, readRecords, type ImportFormat } from './import-record';
import { ImportWriter, type Rejection } from './import-writer';
import type { ProgressReporter, ProgressState } from './progress';
import { checkRecord, type ImportRow, type KnownProcessor } from './validate-record';

export interface ImportOptions {
  file: string;
  format?: ImportFormat;
  /** Rows per transaction. */
  batchSize?: number;
  /** Where rejected lines go, one JSON object per line: the line number, the reason. */
  rejectFile?: string;
  progress: ProgressReporter;
}

export interface ImportSummary {
  rows: number;
  imported: number;
  newCustomers: number;
  consentChanges: number;
  rejected: number;
  rejectFile: string;
  seconds: number;
  rowsPerSecond: number;
}

async function knownProcessors(dataSource: DataSource): Promise<Map<string, KnownProcessor>> {
  const rows = (await dataSource.query(
    `SELECT p.id, p.active, array(SELECT purpose_code FROM processor_purpose pp WHERE pp.processor_id = p.id) AS purposes FROM processor p`,
  )) as Array<{ id: string; active: boolean; purposes: string[] }>;
  return new Map(rows.map((row) => [row.id, { active: row.active, purposes: new Set(row.purposes) }]));
}

/**
 * Streams a JSON Lines or CSV file of customers and their consents into the hub: each batch checked, then
 * written in one transaction; bad rows go to the reject file and never stop the import. Memory stays flat: only
 * one batch is held, and the file's duplicates are tracked in the database.
 */
export async function importCustomers(dataSource: DataSource, options: ImportOptions): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 5000;
  const rejectFile = options.rejectFile ?? `${options.file}.rejects.jsonl`;
  const rejects = createWriteStream(rejectFile);
  const reject = (rejection: Rejection) => rejects.write(`${JSON.stringify(rejection)}\n`);
  const processors = await knownProcessors(dataSource);
  const state: ProgressState = { rows: 0, rejected: 0, bytesRead: 0, totalBytes: (await stat(options.file)).size, startedAt: Date.now() };
  const totals = { imported: 0, newCustomers: 0, consentChanges: 0 };
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const writer = new ImportWriter(runner, `import:${options.file.split('/').at(-1)}`);
    await writer.begin();
    let batch: ImportRow[] = [];
    let unreadable: Rejection[] = [];
    const flush = async () => {
      const result = batch.length > 0 ? await writer.write(batch) : { written: 0, inserted: 0, consentsChanged: 0, rejections: [] };
      // The batch's rejections, found while checking and while writing, go to the reject file in line order.
      const rejections = [...unreadable, ...result.rejections].sort((a, b) => a.line - b.line);
      rejections.forEach(reject);
      state.rejected += rejections.length;
      totals.imported += result.written;
      totals.newCustomers += result.inserted;
      totals.consentChanges += result.consentsChanged;
      batch = [];
      unreadable = [];
    };
    for await (const record of readRecords(options.file, formatOf(options.file, options.format), (bytes) => (state.bytesRead += bytes))) {
      state.rows += 1;
      const checked = 'problem' in record ? { ok: false as const, line: record.line, reason: record.problem } : checkRecord(record, processors);
      if (checked.ok) batch.push(checked.row);
      else unreadable.push({ line: checked.line, reason: checked.reason });
      if (batch.length + unreadable.length >= batchSize) await flush();
      options.progress.update(state);
    }
    await flush();
    options.progress.finish(state);
  } finally {
    await runner.release();
    await new Promise((resolve) => rejects.end(resolve));
  }
  const seconds = (Date.now() - state.startedAt) / 1000;
  return {
    rows: state.rows,
    ...totals,
    rejected: state.rejected,
    rejectFile,
    seconds,
    rowsPerSecond: seconds > 0 ? state.rows / seconds : state.rows,
  };
}
