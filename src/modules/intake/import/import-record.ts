import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { readCsvRecords } from './csv-records';

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

export const IMPORT_FORMATS = ['jsonl', 'csv'] as const;

export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export const isImportFormat = (value: string): value is ImportFormat => (IMPORT_FORMATS as readonly string[]).includes(value);

/** The format asked for, else the file's: `.csv` is CSV, anything else JSON Lines. */
export function formatOf(path: string, explicit?: ImportFormat): ImportFormat {
  return explicit ?? (path.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
}

/** Streams the records of a file, one at a time, so that memory stays flat whatever the file's size. */
export async function* readRecords(
  path: string,
  format: ImportFormat,
  onBytes: (bytes: number) => void,
): AsyncGenerator<SourceRecord | UnreadableRecord> {
  const stream = createReadStream(path);
  stream.on('data', (chunk) => onBytes(chunk.length));
  try {
    yield* format === 'jsonl' ? readJsonLines(stream) : readCsvRecords(stream);
  } finally {
    // A reader that stops early (an interrupted import) closes the file here.
    stream.destroy();
  }
}

async function* readJsonLines(stream: NodeJS.ReadableStream): AsyncGenerator<SourceRecord | UnreadableRecord> {
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
}
