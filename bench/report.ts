import { coreShare, failuresOf, figuresOf, fmt, isDisturbed, noiseOf, ratio, share, sum, type Figures } from './figures';
import type { RoundResult } from './load';
import type { BenchOptions } from './options';
import { kindOf, type ServerName, type Shape } from './workloads';

export interface StatementCount {
  count: number;
  /** The table each statement reads or writes first, in order. */
  tables: string[];
  /** How the count was got: counted, or by construction. */
  note: string;
}

export interface RowSummary {
  name: string;
  server: ServerName;
  shape: Shape;
  /** Measured rounds only; the warm-up is counted for failures alone. */
  rounds: RoundResult[];
  warmup: RoundResult | null;
  statements: StatementCount;
  bytes: number;
}

export interface ServerSummary {
  name: ServerName;
  pid: number;
  peakRssMiB: number;
  /** utime + stime over the process's whole life: start-up, warm-up and every row's rounds. */
  lifetimeCpuSeconds: number;
}

export interface RunInfo {
  date: Date;
  nproc: number;
  cpuModel: string;
  node: string;
  postgres: string;
  database: string;
  options: BenchOptions;
  command: string;
  /** Which commit was measured. */
  code: string;
  seed: { consents: number; seconds: number };
  scene: { erasedMoved: number; affiliateConsents: number };
  /** Whether the answers hold the same data, or where they differ. */
  equivalence: string;
  /** Rows added per table during the warm-up and the rounds (all rows together). */
  rowsWritten: Record<string, number>;
}

interface Measured {
  row: RowSummary;
  figures: Figures;
}

/** The row of the given server and kind (page or one customer) that ratios are taken against. */
function baseline(all: Measured[], server: ServerName, shape: Shape): Measured | undefined {
  return all.find((m) => m.row.server === server && kindOf(m.row.shape) === kindOf(shape));
}

function rowLine(m: Measured, all: Measured[]): string {
  const { row, figures } = m;
  const against = (server: ServerName) => ratio(figures.rps, baseline(all, server, row.shape)?.figures.rps ?? null);
  const cells = [
    `\`${row.name}\``,
    fmt(figures.rps),
    row.rounds.map((r) => fmt(r.requestsPerSecond)).join(' / '),
    fmt(figures.p50),
    fmt(figures.p99),
    String(row.statements.count),
    failuresOf(row.rounds, row.warmup),
    fmt(figures.serverCpuMs, 2),
    figures.postgresCpuMs === null ? 'n/a' : fmt(figures.postgresCpuMs, 2),
    against('raw-sql'),
    against('postgraphile'),
  ];
  return `| ${cells.join(' | ')} |`;
}

function header(info: RunInfo, rows: RowSummary[]): string[] {
  const { options } = info;
  return [
    '# privacy-hub benchmark',
    '',
    `- date: ${info.date.toISOString()}; code: ${info.code}`,
    `- machine: nproc ${info.nproc} (${info.cpuModel}), Node ${info.node}, PostgreSQL ${info.postgres} (${info.database})`,
    `- data: ${options.customers.toLocaleString('en-US')} customers (seedDemo, seed 42, ${info.seed.consents.toLocaleString('en-US')} consents, ` +
      `${fmt(info.seed.seconds)} s), plus a trusted "Bench Affiliate" (PERSONALIZATION; contact, identity) with a GRANTED consent from ` +
      `every held customer (${info.scene.affiliateConsents.toLocaleString('en-US')}); ${info.scene.erasedMoved} erased customer(s) moved ` +
      'out of the first page (no row filters erased customers)',
    `- load: autocannon in the parent process, ${options.connections} connections, ${options.warmup} s warm-up per row, then ` +
      `${options.rounds} interleaved rounds of ${options.duration} s per row; each server in its own process, database pool 10`,
    '- page: first 50 customers by (created_at, id) with id, email, fullName, phone and consents (purpose code, status); ' +
      'PostGraphile `allCustomers(first: 50, orderBy: [CREATED_AT_ASC, PRIMARY_KEY_ASC])`; the affiliate asks the same page without ' +
      'consents (affiliates may not read Customer.consents) with `X-Processing-Purpose: PERSONALIZATION`; by id: the first customer, ' +
      '`customer(id:)` / `customerByRowId(rowId:)` with id, email, fullName, phone',
    `- bytes per answer incl. headers: ${rows.map((r) => `${r.name} ${r.bytes}`).join(', ')}`,
    `- answers compared before loading: ${info.equivalence}`,
    `- command: \`${info.command}\``,
    '',
  ];
}

interface Goal {
  label: string;
  value: number | null;
  /** The value must be at least this; null: reported, no goal set. */
  atLeast: number | null;
  rows: Measured[];
}

function goals(all: Measured[], servers: ServerSummary[]): Goal[] {
  const find = (name: string) => all.find((m) => m.row.name === name);
  const rps = (name: string) => find(name)?.figures.rps ?? null;
  const quotient = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
  const rss = (name: ServerName) => servers.find((s) => s.name === name)?.peakRssMiB ?? null;
  const involved = (...names: string[]) => names.flatMap((name) => find(name) ?? []);
  return [
    {
      label: 'officer page / PostGraphile page, req/s',
      value: quotient(rps('ours officer page'), rps('postgraphile page')),
      atLeast: 1.0,
      rows: involved('ours officer page', 'postgraphile page'),
    },
    {
      label: 'affiliate page / officer page, req/s',
      value: quotient(rps('ours affiliate page'), rps('ours officer page')),
      atLeast: 0.8,
      rows: involved('ours affiliate page', 'ours officer page'),
    },
    {
      label: 'affiliate by id / PostGraphile by id, req/s',
      value: quotient(rps('ours affiliate by id'), rps('postgraphile by id')),
      atLeast: 1.0,
      rows: involved('ours affiliate by id', 'postgraphile by id'),
    },
    { label: 'peak RSS, ours / PostGraphile', value: quotient(rss('ours'), rss('postgraphile')), atLeast: null, rows: [] },
  ];
}

function goalLine(goal: Goal): string {
  const verdict =
    goal.value === null
      ? 'n/a'
      : goal.atLeast === null
        ? 'no goal set'
        : `${goal.value >= goal.atLeast ? '**met**' : '**not met**'}${goal.rows.some((m) => isDisturbed(m.row.rounds)) ? ' (⚠ disturbed rounds)' : ''}`;
  const target = goal.atLeast === null ? '–' : `≥ ${goal.atLeast.toFixed(1)}`;
  return `| ${goal.label} | ${goal.value === null ? 'n/a' : `${goal.value.toFixed(2)}×`} | ${target} | ${verdict} |`;
}

/** Requests a row's server handled under load (warm-up and rounds, those in flight at each end included). */
function loadRequests(row: RowSummary): number {
  return sum([...(row.warmup ? [row.warmup] : []), ...row.rounds].map((r) => r.sent));
}

/** Rows the load added, per table, and per request of the rows whose counted statements touch that table. */
function writesNote(rowsWritten: Record<string, number>, rows: RowSummary[]): string {
  const entries = Object.entries(rowsWritten);
  if (entries.length === 0) return '- rows written during the load: none.';
  const parts = entries.map(([table, added]) => {
    const writers = rows.filter((r) => r.statements.tables.includes(table));
    const requests = sum(writers.map(loadRequests));
    const per = requests ? ` (${fmt(added / requests)} per request of ${writers.map((r) => `\`${r.name}\``).join(', ')})` : '';
    return `${table} +${added.toLocaleString('en-US')}${per}`;
  });
  return `- rows written during the load (warm-up and rounds): ${parts.join(', ')}.`;
}

/** Every round, in the order run: the place to see which rounds something else on the machine disturbed. */
export function roundsTable(rows: RowSummary[]): string[] {
  const lines = rows.flatMap((row) => row.rounds.map((round, index) => ({ index, name: row.name, round })));
  lines.sort((a, b) => a.round.startedAt - b.round.startedAt);
  return [
    '| round | row | req/s | p50 ms | p99 ms | server CPU | PostgreSQL CPU | load generator CPU | other processes |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...lines.map(
      ({ index, name, round }) =>
        `| ${index + 1} | \`${name}\` | ${fmt(round.requestsPerSecond)} | ${fmt(round.p50)} | ${fmt(round.p99)} | ` +
        `${share(round.serverCpuSeconds, round)} | ${share(round.postgresCpuSeconds, round)} | ` +
        `${share(round.loadCpuSeconds, round)} | ${share(round.otherCpuSeconds, round)} |`,
    ),
  ];
}

export function loadNote(rows: RowSummary[]): string {
  const load = coreShare(
    rows.flatMap((r) => r.rounds),
    (r) => r.loadCpuSeconds,
  );
  return `- the load generator itself used ${fmt(load * 100, 0)}% of one core on average during the rounds.`;
}

export function noiseNote(rows: RowSummary[]): string {
  return `- CPU used by other processes during the rounds, share of one core: ${rows.map((r) => `\`${r.name}\` ${noiseOf(r.rounds)}`).join(', ')}.`;
}

export function statementNotes(rows: RowSummary[]): string[] {
  return rows.map((r) => `- SQL per request, \`${r.name}\`: ${r.statements.count}, ${r.statements.note} (${r.statements.tables.join(', ')})`);
}

/** The report as markdown. */
export function renderReport(info: RunInfo, rows: RowSummary[], servers: ServerSummary[]): string {
  const all: Measured[] = rows.map((row) => ({ row, figures: figuresOf(row.rounds) }));
  return [
    ...header(info, rows),
    '| row | req/s (median) | req/s per round | p50 ms | p99 ms | SQL/request | failures | server CPU ms/request | PostgreSQL CPU ms/request | req/s × raw-sql | req/s × PostGraphile |',
    '| --- | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
    ...all.map((m) => rowLine(m, all)),
    '',
    'Ratios are to the raw-sql and PostGraphile rows of the same kind (the page, or one customer by id).',
    '',
    '| server process | peak RSS MiB | CPU s (whole life) | rows |',
    '| --- | ---: | ---: | --- |',
    ...servers.map(
      (s) =>
        `| \`${s.name}\` | ${fmt(s.peakRssMiB, 0)} | ${fmt(s.lifetimeCpuSeconds)} | ` +
        `${rows
          .filter((r) => r.server === s.name)
          .map((r) => `\`${r.name}\``)
          .join(', ')} |`,
    ),
    '',
    '| goal | value | target | verdict |',
    '| --- | ---: | ---: | --- |',
    ...goals(all, servers).map(goalLine),
    '',
    'Notes:',
    loadNote(rows),
    noiseNote(rows),
    writesNote(info.rowsWritten, rows),
    ...statementNotes(rows),
    '- p50/p99 and req/s are medians of the rounds; CPU per request is over all rounds; PostgreSQL CPU is the whole ' +
      "server's (postmaster and its children), so other databases' work on a shared server counts too. Peak RSS is per " +
      'server process, over all the rows it served. Figures swing about ±15% between runs here: compare only within one run.',
    '',
    'Rounds (CPU as a share of one core; "other processes" is what else ran on the machine meanwhile):',
    '',
    ...roundsTable(rows),
    '',
  ].join('\n');
}
