import { failUsage, parseCommandLine } from '../src/common/command-line';
import { checkImportFile, checkRejectFolder, resolveFromCaller } from '../src/modules/intake/import/import-path';
import { IMPORT_FORMATS, isImportFormat } from '../src/modules/intake/import/import-record';
import { importCustomers, type ImportSummary } from '../src/modules/intake/import/importer';
import { lineProgress, terminalProgress } from '../src/modules/intake/import/progress';
import { runScript, withDatabase } from './with-database';

const USAGE = `npm run import -- <file.jsonl|file.csv> [--format jsonl|csv] [--batch-size 1000] [--writers 2] [--rejects <file>]
  Customers and their consents; see README "Bulk import" for the fields. Paths are from the directory you run npm in.
  Bad rows go to <file>.rejects.jsonl (created only if a row is rejected). Ctrl-C stops after the rows read so far
  are written, prints the summary and exits 130; running the same file again finishes the import.`;

/** The exit status of a shell whose command was stopped by SIGINT (128 + 2). */
const INTERRUPTED_EXIT = 130;

function positiveInteger(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) failUsage(`import: --${name} must be a positive integer`);
  return value;
}

/** How far the run read, then each row read counted once: imported, unchanged or rejected. */
function summaryLines(summary: ImportSummary): string[] {
  const timing = `${summary.rows} rows in ${summary.seconds.toFixed(1)} s (${Math.round(summary.rowsPerSecond)} rows/s)`;
  return [
    summary.interrupted ? `interrupted after ${timing}: the rest of the file was not read; import the same file again to finish` : `read ${timing}`,
    `imported ${summary.imported} (${summary.newCustomers} new customers), unchanged ${summary.unchanged}, ` +
      `${summary.consentChanges} consent changes with their events`,
    `rejected ${summary.rejected}${summary.rejected > 0 ? `: see ${summary.rejectFile}` : ''}`,
  ];
}

/** `npm run import`: streams a file of customers and consents into the hub; safe to run again on the same file. */
runScript(async () => {
  const { values, positionals } = parseCommandLine(USAGE, {
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'batch-size': { type: 'string' },
      writers: { type: 'string' },
      rejects: { type: 'string' },
    },
  });
  if (positionals.length !== 1) failUsage(positionals.length === 0 ? 'import: give the file to import' : 'import: give one file to import');
  const batchSize = positiveInteger('batch-size', values['batch-size']);
  const writers = positiveInteger('writers', values.writers);
  const format = values.format;
  if (format !== undefined && !isImportFormat(format)) failUsage(`import: --format must be one of ${IMPORT_FORMATS.join(', ')}`);
  const file = resolveFromCaller(positionals[0]);
  await checkImportFile(positionals[0], file);
  const givenRejects = values.rejects ?? `${positionals[0]}.rejects.jsonl`;
  const rejectFile = resolveFromCaller(givenRejects);
  await checkRejectFolder(givenRejects, rejectFile);
  await withDatabase(async (dataSource) => {
    // From here Ctrl-C stops the reading and the rows read are still written whole. A second Ctrl-C ends the process
    // at once (nothing listens any more), and the database rolls back the batches it cuts short.
    const interruption = new AbortController();
    process.once('SIGINT', () => {
      console.error('import: stopping: writing the rows read so far (Ctrl-C again stops at once)');
      interruption.abort();
    });
    const summary = await importCustomers(dataSource, {
      file,
      format,
      batchSize,
      writers,
      rejectFile,
      progress: process.stderr.isTTY ? terminalProgress(process.stderr) : lineProgress((line) => console.error(line)),
      signal: interruption.signal,
    });
    console.log(summaryLines(summary).join('\n'));
    if (summary.interrupted) process.exitCode = INTERRUPTED_EXIT;
  });
});
