import { parseArgs } from 'node:util';
import { importCustomers } from '../src/modules/intake/import/importer';
import { lineProgress, terminalProgress } from '../src/modules/intake/import/progress';
import { runScript, withDatabase } from './with-database';

const USAGE = `npm run import -- <file.jsonl|file.csv> [--format jsonl|csv] [--batch-size 1000] [--writers 2] [--rejects <file>]
  Customers and their consents; see README "Importing customers" for the fields. Bad rows go to <file>.rejects.jsonl.`;

function positiveInteger(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive integer`);
    process.exit(2);
  }
  return value;
}

/** `npm run import`: streams a file of customers and consents into the hub; safe to run again on the same file. */
runScript(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      'batch-size': { type: 'string' },
      writers: { type: 'string' },
      rejects: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.error(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const batchSize = positiveInteger('batch-size', values['batch-size']);
  const writers = positiveInteger('writers', values.writers);
  await withDatabase(async (dataSource) => {
    const summary = await importCustomers(dataSource, {
      file: positionals[0],
      format: values.format as 'jsonl' | 'csv' | undefined,
      batchSize,
      writers,
      rejectFile: values.rejects,
      progress: process.stderr.isTTY ? terminalProgress(process.stderr) : lineProgress((line) => console.error(line)),
    });
    console.log(
      [
        `read ${summary.rows} rows in ${summary.seconds.toFixed(1)} s (${Math.round(summary.rowsPerSecond)} rows/s)`,
        `imported ${summary.imported} (${summary.newCustomers} new customers), ${summary.consentChanges} consent changes with their events`,
        `rejected ${summary.rejected}${summary.rejected > 0 ? `: see ${summary.rejectFile}` : ''}`,
      ].join('\n'),
    );
  });
});
