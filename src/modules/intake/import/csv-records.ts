import { StringDecoder } from 'node:string_decoder';
// From csv-parse/sync itself: the CommonJS build of each entry point has a CsvError class of its own.
import { CsvError, parse } from 'csv-parse/sync';
import { OperatorError } from '../../../common/operator-error';
import type { SourceRecord, UnreadableRecord } from './import-record';

/**
 * The records of a CSV file with a header, where a malformed line costs that line alone. csv-parse, left to skip its
 * own errors, keeps the state of a quote it could not close: an unclosed quote, or text after a closing one, takes
 * every following line into one field, to the end of the file. So the lines are grouped here into records first, a
 * record ending on the first line where its quotes balance (a quote inside a quoted value is doubled, so a whole
 * record holds an even number), and csv-parse reads only whole records. A quote still open MAX_RECORD_LINES lines
 * on, or a group of lines that does not read as one record of the header's width, rejects its first line, and
 * reading goes on from the line after it.
 */

/** A quoted value may run over this many lines at most (an address with line breaks, say). */
export const MAX_RECORD_LINES = 50;

/** Single-line records parsed in one call: csv-parse costs a third as much per line on many lines at once. */
const CHUNK_LINES = 500;

const UNCLOSED = 'a quote on this line is not closed';

const UNCLOSED_QUOTE = `malformed CSV line: ${UNCLOSED} (the next line is read as a new row)`;

/** What the csv-parse errors that one line can cause mean; their messages quote the values, which may be personal. */
const LINE_ERRORS: Record<string, string> = {
  INVALID_OPENING_QUOTE: 'malformed CSV line: a quote inside an unquoted field',
  CSV_INVALID_CLOSING_QUOTE: 'malformed CSV line: text after a closing quote',
};

interface Line {
  number: number;
  text: string;
}

/** The file's lines split on "\n" alone: a "\r" before it stays, since inside a quoted value it is the value's. */
async function* splitLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<Line> {
  const decoder = new StringDecoder('utf8');
  let number = 0;
  let pending = '';
  // A byte-order mark some editors write would become part of the first column's name.
  const emit = (text: string): Line => ({ number: (number += 1), text: number === 1 ? text.replace(/^\uFEFF/, '') : text });
  for await (const chunk of chunks) {
    const parts = (pending + decoder.write(chunk)).split('\n');
    pending = parts.pop() as string;
    for (const text of parts) yield emit(text);
  }
  pending += decoder.end();
  if (pending !== '') yield emit(pending);
}

/** Lines read ahead while a record's end is looked for; those not taken are read again. */
class LineQueue {
  private readonly ahead: Line[] = [];

  constructor(private readonly source: AsyncIterator<Line>) {}

  async peek(index: number): Promise<Line | undefined> {
    while (this.ahead.length <= index) {
      const next = await this.source.next();
      if (next.done) return undefined;
      this.ahead.push(next.value);
    }
    return this.ahead[index];
  }

  take(count: number): Line[] {
    return this.ahead.splice(0, count);
  }

  putBack(lines: Line[]): void {
    this.ahead.unshift(...lines);
  }
}

function hasOddQuotes(text: string): boolean {
  let odd = false;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) odd = !odd;
  return odd;
}

/** The lines of the next record (blank lines between records skipped), or its first line alone if its quote never closes. */
async function nextRecordLines(queue: LineQueue): Promise<{ lines: Line[] } | { unclosed: Line } | null> {
  let first = await queue.peek(0);
  while (first && first.text.trim() === '') {
    queue.take(1);
    first = await queue.peek(0);
  }
  if (!first) return null;
  let open = hasOddQuotes(first.text);
  let count = 1;
  while (open && count < MAX_RECORD_LINES) {
    const next = await queue.peek(count);
    if (!next) break;
    open = !hasOddQuotes(next.text);
    count += 1;
  }
  return open ? { unclosed: queue.take(1)[0] } : { lines: queue.take(count) };
}

/** The record's text: its lines as they were, but for the line break ending the last one ("\r\n" files). */
const recordText = (lines: readonly Line[]) =>
  lines
    .map((line) => line.text)
    .join('\n')
    .replace(/\r$/, '');

/** The fields of each record in `text`, one record per line break outside quotes; throws csv-parse's error. */
const parseFields = (text: string): string[][] => parse(text, { record_delimiter: '\n', relax_column_count: true }) as string[][];

function problemOf(error: unknown): string {
  if (!(error instanceof CsvError)) throw error;
  return LINE_ERRORS[error.code] ?? 'malformed CSV line';
}

function asRecord(line: number, fields: string[], header: readonly string[]): SourceRecord | UnreadableRecord {
  if (fields.length !== header.length) return { line, problem: 'wrong number of columns' };
  return { line, fields: Object.fromEntries(header.map((name, index) => [name, fields[index]])) };
}

/** One record's fields, parsed alone, or why its lines are not one record. */
function parseOne(lines: readonly Line[]): { fields: string[] } | { problem: string } {
  try {
    const records = parseFields(recordText(lines));
    return records.length === 1 ? { fields: records[0] } : { problem: 'malformed CSV line' };
  } catch (error) {
    return { problem: problemOf(error) };
  }
}

/** Single-line records, parsed together; when one of them is malformed, each alone, to name it and keep the others. */
function* parseSingleLines(lines: readonly Line[], header: readonly string[]): Generator<SourceRecord | UnreadableRecord> {
  let records: string[][] | null = null;
  try {
    records = parseFields(lines.map((line) => line.text.replace(/\r$/, '')).join('\n'));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
  }
  if (records !== null && records.length === lines.length) {
    for (const [index, line] of lines.entries()) yield asRecord(line.number, records[index], header);
    return;
  }
  for (const line of lines) {
    const one = parseOne([line]);
    yield 'fields' in one ? asRecord(line.number, one.fields, header) : { line: line.number, problem: one.problem };
  }
}

async function readHeader(queue: LineQueue): Promise<string[] | null> {
  const next = await nextRecordLines(queue);
  if (next === null) return null;
  const lines = 'lines' in next ? next.lines : [next.unclosed];
  const header = 'lines' in next ? parseOne(next.lines) : { problem: UNCLOSED };
  if ('problem' in header) {
    throw new OperatorError(`import: the CSV header (line ${lines[0].number}) cannot be read: ${header.problem}; fix it and import again`);
  }
  return header.fields.map((name) => name.trim());
}

/** The rows of a CSV file under its header line, each numbered by the line it starts on. */
export async function* readCsvRecords(chunks: AsyncIterable<Buffer>): AsyncGenerator<SourceRecord | UnreadableRecord> {
  const queue = new LineQueue(splitLines(chunks));
  const header = await readHeader(queue);
  if (header === null) return;
  let singles: Line[] = [];
  for (let next = await nextRecordLines(queue); next !== null; next = await nextRecordLines(queue)) {
    if ('lines' in next && next.lines.length === 1) {
      singles.push(next.lines[0]);
      if (singles.length < CHUNK_LINES) continue;
    }
    yield* parseSingleLines(singles, header);
    singles = [];
    if ('unclosed' in next) {
      yield { line: next.unclosed.number, problem: UNCLOSED_QUOTE };
    } else if (next.lines.length > 1) {
      const one = parseOne(next.lines);
      if ('fields' in one && one.fields.length === header.length) {
        yield asRecord(next.lines[0].number, one.fields, header);
      } else {
        // The quote that opened this line closes on a later one, yet the lines between make no row: it was never
        // meant to close there. The first line is rejected; the others are read again as rows of their own.
        yield { line: next.lines[0].number, problem: UNCLOSED_QUOTE };
        queue.putBack(next.lines.slice(1));
      }
    }
  }
  yield* parseSingleLines(singles, header);
}
