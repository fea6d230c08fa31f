import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';

/** One line of an import file, as read: the file's line number and its fields, not yet checked. */
export interface SourceRecord {
  line: number;
  fields: Record<string, unknown>;
}

/** A line that could not even be read as a record (malformed JSON, a broken CSV line). */
export interface UnreadableRecord {
  line: number;
  problem: string;
}

export type ImportFormat = 'jsonl' | 'csv';

export function formatOf(path: string, explicit?: string): ImportFormat {
  const format = explicit ?? (path.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
  if (format !== 'csv' && format !== 'jsonl') throw new Error(`unknown format "${format}": use jsonl or csv`);
  return format;
}

/** Streams the records of a file, one at a time, so that memory stays flat whatever the file's size. */
export async function* readRecords(
  path: string,
  format: ImportFormat,
  onBytes: (bytes: number) => void,
): AsyncGenerator<SourceRecord | UnreadableRecord> {
  const stream = createReadStream(path);
  stream.on('data', (chunk) => onBytes(chunk.length));
  if (format === 'jsonl') {
    let line = 0;
    for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
      line += 1;
      // A byte-order mark some editors write would make the first line unreadable JSON.
      const content = line === 1 ? text.replace(/^\uFEFF/, '') : text;
      if (content.trim() === '') continue;
      try {
        const fields: unknown = JSON.parse(content);
        if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
          yield { line, problem: 'not a JSON object' };
        } else {
          yield { line, fields: fields as Record<string, unknown> };
        }
      } catch {
        yield { line, problem: 'malformed JSON' };
      }
    }
    return;
  }
  // relax_column_count: a short or long row is reported as that row's problem instead of stopping the import.
  const parser = stream.pipe(parse({ columns: true, info: true, relax_column_count: true, skip_empty_lines: true, bom: true }));
  // invalid_field_length counts the bad rows so far: a rise marks this row as one.
  let badRows = 0;
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; invalid_field_length: number } }>) {
    if (info.invalid_field_length > badRows) {
      badRows = info.invalid_field_length;
      yield { line: info.lines, problem: 'wrong number of columns' };
    } else {
      yield { line: info.lines, fields: record };
    }
  }
}
