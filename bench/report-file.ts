import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { REPO_ROOT } from './children';

/** Where reports go by default: ignored by git, so that a run on any machine rewrites no committed file. */
export const OUT_DIR = path.join(REPO_ROOT, 'bench', 'out');
/** The committed reports, written only on request: they are the figures the READMEs quote. */
export const RECORD_DIR = path.join(REPO_ROOT, 'bench');

export const RECORD_FLAG = '--record';

/** The command line without --record, which chooses the output and not what is measured, and whether it was given. */
export function splitRecordFlag(args: readonly string[]): { record: boolean; args: string[] } {
  return { record: args.includes(RECORD_FLAG), args: args.filter((arg) => arg !== RECORD_FLAG) };
}

/** The file a report named `name` goes to: bench/out/<name>, or the committed bench/<name> with --record. */
export function reportFile(name: string, record: boolean): string {
  return path.join(record ? RECORD_DIR : OUT_DIR, name);
}

/** Creates the folder of a report file (bench/out/ is not in the repository). */
export async function ensureReportFolder(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
}
