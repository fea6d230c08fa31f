import { readFile, writeFile } from 'node:fs/promises';

/**
 * bench/audit-results.md holds one section per kind of database (the embedded cluster, the DATABASE_URL server), so
 * that a run on one replaces its own section and keeps the other's. Sections are delimited by HTML comments.
 */

const TITLE = [
  '# Audit log: append path and sealing',
  '',
  'Written by `npm run bench:audit` (bench/audit/); each section is replaced by the next undisturbed run on that kind of',
  'database. Ours: `AuditService.write` of 50 rows into audit_event while an `AuditSequencer` (default settings) seals',
  'in a process of its own. Floor: the same statement into a table of the same shape (schema audit_floor) with no',
  'queue trigger and nothing sealing. Medians of the rounds; every cell is listed at the end of its section.',
  '',
].join('\n');

const begin = (key: string) => `<!-- bench:audit section ${key} -->`;
const end = (key: string) => `<!-- /bench:audit section ${key} -->`;

export type SectionKey = 'embedded' | 'database-url';

/** The section order in the file, whichever run came first. */
const ORDER: readonly SectionKey[] = ['embedded', 'database-url'];

function sectionOf(text: string, key: SectionKey): string | null {
  const from = text.indexOf(begin(key));
  const to = text.indexOf(end(key));
  return from === -1 || to === -1 ? null : text.slice(from, to + end(key).length);
}

export async function writeSection(file: string, key: SectionKey, body: string): Promise<void> {
  const existing = await readFile(file, 'utf8').catch(() => '');
  const sections = ORDER.map((k) => (k === key ? `${begin(k)}\n${body.trimEnd()}\n${end(k)}` : sectionOf(existing, k))).filter(
    (section): section is string => section !== null,
  );
  await writeFile(file, `${TITLE}\n${sections.join('\n\n')}\n`);
}
