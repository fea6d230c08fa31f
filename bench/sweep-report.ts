import { failuresOf, figuresOf, fmt, isDisturbed, noiseOf } from './figures';
import { loadNote, noiseNote, roundsTable, statementNotes, type RunInfo } from './report';
import type { SessionResult } from './session';
import type { SeedSummary } from './seed';
import type { SceneFacts } from './scene';

/** The size sweep's report: per size, ours' officer and affiliate pages, and whether the affiliate's p50 held. */

export interface SizeResult {
  size: number;
  seed: SeedSummary;
  scene: SceneFacts;
  session: SessionResult;
}

export type SweepInfo = Omit<RunInfo, 'seed' | 'scene' | 'equivalence' | 'rowsWritten'>;

/** The affiliate's p50 at the largest size may be at most this many times its p50 at the smallest. */
const P50_GROWTH_LIMIT = 1.5;
const AFFILIATE_ROW = 'ours affiliate page';

function sizeSection(result: SizeResult): string[] {
  const { session, seed, scene } = result;
  const rss = session.servers.map((s) => `${s.name} ${fmt(s.peakRssMiB, 0)} MiB`).join(', ');
  return [
    `## ${result.size.toLocaleString('en-US')} customers`,
    '',
    `- seeded in ${fmt(seed.seconds)} s (${seed.consents.toLocaleString('en-US')} company consents); the affiliate holds ` +
      `${scene.affiliateConsents} consents (the first page's customers only); peak RSS ${rss}`,
    `- answers compared: ${session.equivalence}`,
    '',
    '| row | req/s (median) | p50 ms | p99 ms | SQL/request | failures | server CPU ms/request | PostgreSQL CPU ms/request | other processes |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |',
    ...session.rows.map((row) => {
      const f = figuresOf(row.rounds);
      const cells = [
        `\`${row.name}\``,
        fmt(f.rps),
        fmt(f.p50),
        fmt(f.p99),
        String(row.statements.count),
        failuresOf(row.rounds, row.warmup),
        fmt(f.serverCpuMs, 2),
        f.postgresCpuMs === null ? 'n/a' : fmt(f.postgresCpuMs, 2),
        noiseOf(row.rounds),
      ];
      return `| ${cells.join(' | ')} |`;
    }),
    '',
    ...statementNotes(session.rows),
    '',
    '<details><summary>rounds</summary>',
    '',
    ...roundsTable(session.rows),
    '',
    '</details>',
    '',
  ];
}

function p50Goal(results: SizeResult[]): string {
  const rowAt = (result: SizeResult | undefined) => result?.session.rows.find((r) => r.name === AFFILIATE_ROW);
  const p50At = (result: SizeResult | undefined) => {
    const row = rowAt(result);
    return row ? figuresOf(row.rounds).p50 : null;
  };
  const smallest = results[0];
  const largest = results[results.length - 1];
  const [small, large] = [p50At(smallest), p50At(largest)];
  const disturbed = [smallest, largest].some((result) => {
    const row = rowAt(result);
    return row !== undefined && isDisturbed(row.rounds);
  });
  if (small === null || large === null || small === 0 || results.length < 2)
    return '- goal (affiliate p50 at the largest size ≤ 1.5× the smallest): n/a';
  const growth = large / small;
  return (
    `- goal: the affiliate's p50 at ${largest.size.toLocaleString('en-US')} customers (${fmt(large)} ms) is ${growth.toFixed(2)}× ` +
    `its p50 at ${smallest.size.toLocaleString('en-US')} (${fmt(small)} ms); limit ${P50_GROWTH_LIMIT}×: ` +
    `**${growth <= P50_GROWTH_LIMIT ? 'met' : 'not met'}**${disturbed ? ' (⚠ disturbed rounds)' : ''}`
  );
}

export function renderSweepReport(info: SweepInfo, results: SizeResult[]): string {
  const { options } = info;
  const allRows = results.flatMap((r) => r.session.rows.map((row) => ({ ...row, name: `${r.size} ${row.name}` })));
  return [
    '# privacy-hub size sweep',
    '',
    `- date: ${info.date.toISOString()}; code: ${info.code}`,
    `- machine: nproc ${info.nproc} (${info.cpuModel}), Node ${info.node}, PostgreSQL ${info.postgres} (${info.database}, a fresh database per size)`,
    `- sizes: ${results.map((r) => r.size.toLocaleString('en-US')).join(', ')} customers, fast bench seeder (bench/seed.ts: ` +
      'generate_series, 2 company consents each, every 1000th customer erased); a trusted affiliate with GRANTED consents from the ' +
      "first page's 50 customers only (a recipient with few customers in a big table)",
    `- load: autocannon in the parent process, ${options.connections} connections, ${options.warmup} s warm-up per row, then ` +
      `${options.rounds} interleaved rounds of ${options.duration} s per row; ours in its own process, database pool 10`,
    '- rows: `ours officer page` (50 customers with consents) and `ours affiliate page` (the same 50 without consents, ' +
      '`X-Processing-Purpose: PERSONALIZATION`)',
    `- command: \`${info.command}\``,
    '',
    p50Goal(results),
    '',
    ...results.flatMap(sizeSection),
    'Notes:',
    loadNote(allRows),
    noiseNote(allRows),
    '- p50/p99 and req/s are medians of the rounds. Figures swing about ±15% between runs here: compare only within one run.',
    '',
  ].join('\n');
}
