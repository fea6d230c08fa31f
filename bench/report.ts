import type { RoundResult } from './load';
import type { BenchOptions } from './options';

export interface StatementCount {
  count: number;
  /** The table each statement reads or writes first, in order. */
  tables: string[];
}

export interface ServerSummary {
  name: string;
  /** Measured rounds only; the warm-up is counted for failures alone. */
  rounds: RoundResult[];
  warmup: RoundResult | null;
  statements: StatementCount;
  peakRssMiB: number;
  /** utime + stime over the process's whole life: start-up, warm-up and rounds. */
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
  /** Fields resolved per request (keys in the answer), to put the shield's cost per field. */
  fieldsPerResponse: number;
  responseBytes: Record<string, number>;
  /** Whether the three answers hold the same data, or where they differ. */
  equivalence: string;
  /** Rows added per table during the warm-up and the rounds (all servers together). */
  rowsWritten: Record<string, number>;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

function fmt(value: number, digits = 1): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(digits);
}

/** The figures the tables show, derived once. */
interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU ms per request over the measured rounds. */
  serverCpuMs: number;
  postgresCpuMs: number | null;
}

function figuresOf({ rounds }: ServerSummary): Figures {
  const requests = sum(rounds.map((r) => r.requests));
  const postgres = rounds.map((r) => r.postgresCpuSeconds);
  return {
    rps: median(rounds.map((r) => r.requestsPerSecond)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    serverCpuMs: (sum(rounds.map((r) => r.serverCpuSeconds)) * 1000) / requests,
    postgresCpuMs: postgres.every((s) => s !== null) ? (sum(postgres as number[]) * 1000) / requests : null,
  };
}

function failuresOf({ rounds, warmup }: ServerSummary): string {
  const all = warmup ? [warmup, ...rounds] : rounds;
  const non2xx = sum(all.map((r) => r.non2xx));
  const wrongSize = sum(all.map((r) => r.wrongSize));
  const errors = sum(all.map((r) => r.errors));
  const total = non2xx + wrongSize + errors;
  return total === 0 ? '0' : `**${total}** (non-2xx ${non2xx}, wrong size ${wrongSize}, conn. errors ${errors})`;
}

function serverRow(server: ServerSummary, figures: Figures): string {
  const cells = [
    `\`${server.name}\``,
    fmt(figures.rps),
    server.rounds.map((r) => fmt(r.requestsPerSecond)).join(' / '),
    fmt(figures.p50),
    fmt(figures.p99),
    String(server.statements.count),
    failuresOf(server),
    fmt(server.peakRssMiB, 0),
    fmt(server.lifetimeCpuSeconds),
    fmt(figures.serverCpuMs, 2),
    figures.postgresCpuMs === null ? 'n/a' : fmt(figures.postgresCpuMs, 2),
  ];
  return `| ${cells.join(' | ')} |`;
}

function ratio(a: number | null, b: number | null): string {
  return a === null || b === null || b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`;
}

function ratioRow(label: string, a: Figures, b: Figures): string {
  const cells = [label, ratio(a.rps, b.rps), ratio(a.p50, b.p50), ratio(a.p99, b.p99), ratio(a.serverCpuMs, b.serverCpuMs), ratio(a.postgresCpuMs, b.postgresCpuMs)];
  return `| ${cells.join(' | ')} |`;
}

function header(info: RunInfo): string[] {
  const { options } = info;
  return [
    '# privacy-hub benchmark',
    '',
    `- date: ${info.date.toISOString()}; code: ${info.code}`,
    `- machine: nproc ${info.nproc} (${info.cpuModel}), Node ${info.node}, PostgreSQL ${info.postgres} (${info.database})`,
    `- data: ${options.customers.toLocaleString('en-US')} customers (seedDemo, seed 42)`,
    `- load: autocannon in the parent process, ${options.connections} connections, ${options.warmup} s warm-up per server, ` +
      `then ${options.rounds} interleaved rounds of ${options.duration} s per server; each server in its own process, database pool 10`,
    `- request: the privacy officer's page of 50 held customers, all Customer fields with address, consents with purpose code ` +
      `and recipient id/name (${info.fieldsPerResponse.toLocaleString('en-US')} fields per answer; ` +
      `bytes per response incl. headers: ${Object.entries(info.responseBytes).map(([name, bytes]) => `${name} ${bytes}`).join(', ')})`,
    `- answers compared: ${info.equivalence}`,
    `- command: \`${info.command}\``,
    '',
  ];
}

/** Statements `ours` sends that the bare schema does not: work the shield's rules cause (such as audit writes). */
function extraStatements(ours: StatementCount, bare: StatementCount): string[] {
  const remaining = [...bare.tables];
  return ours.tables.filter((table) => {
    const index = remaining.indexOf(table);
    if (index === -1) return true;
    remaining.splice(index, 1);
    return false;
  });
}

function shieldNote(ours: Figures, bare: Figures, fields: number, extra: string[]): string {
  const cpuMs = ours.serverCpuMs - bare.serverCpuMs;
  const postgresMs = ours.postgresCpuMs !== null && bare.postgresCpuMs !== null ? ours.postgresCpuMs - bare.postgresCpuMs : null;
  const writes = extra.length
    ? ` The rules also send ${extra.length} more statement(s) per request (${extra.join(', ')})` +
      (postgresMs === null ? '.' : `, and PostgreSQL spends ${fmt(postgresMs, 2)} ms more CPU per request.`)
    : '';
  return (
    `- graphql-shield: \`ours\` serves ${fmt((1 - ours.rps / bare.rps) * 100)}% fewer requests/s than without the shield, ` +
    `and uses ${fmt(cpuMs, 2)} ms more server CPU per request (${fmt((cpuMs * 1000) / fields, 2)} µs per resolved field).${writes}`
  );
}

/** Every round, in the order run: the place to see which rounds something else on the machine disturbed. */
function roundsTable(servers: ServerSummary[]): string[] {
  const share = (seconds: number | null, round: RoundResult) => (seconds === null ? 'n/a' : `${fmt((seconds / round.seconds) * 100, 0)}%`);
  const rows = servers.flatMap((server) => server.rounds.map((round, index) => ({ index, name: server.name, round })));
  rows.sort((a, b) => a.round.startedAt - b.round.startedAt);
  return [
    '| round | server | req/s | p50 ms | p99 ms | server CPU | PostgreSQL CPU | load generator CPU | other processes |',
    '| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ({ index, name, round }) =>
        `| ${index + 1} | \`${name}\` | ${fmt(round.requestsPerSecond)} | ${fmt(round.p50)} | ${fmt(round.p99)} | ` +
        `${share(round.serverCpuSeconds, round)} | ${share(round.postgresCpuSeconds, round)} | ` +
        `${share(round.loadCpuSeconds, round)} | ${share(round.otherCpuSeconds, round)} |`,
    ),
  ];
}

/** Share of one core, over the measured rounds, of one CPU figure. */
function coreShare(rounds: RoundResult[], seconds: (round: RoundResult) => number): number {
  return sum(rounds.map(seconds)) / sum(rounds.map((r) => r.seconds));
}

function loadNote(servers: ServerSummary[]): string {
  const share = coreShare(servers.flatMap((s) => s.rounds), (r) => r.loadCpuSeconds);
  return `- the load generator itself used ${fmt(share * 100, 0)}% of one core on average during the rounds.`;
}

/** Above this share of a core used by unrelated processes, a server's figures are flagged as disturbed. */
const DISTURBED_SHARE = 0.15;

/** What else ran on the machine during each server's rounds: the benchmark cannot stop it, only report it. */
function noiseNote(servers: ServerSummary[]): string {
  const parts = servers.map((s) => {
    const other = s.rounds.every((r) => r.otherCpuSeconds !== null) ? coreShare(s.rounds, (r) => r.otherCpuSeconds ?? 0) : null;
    const steal = coreShare(s.rounds, (r) => r.stealSeconds);
    const flag = other !== null && other > DISTURBED_SHARE ? ' ⚠ disturbed' : '';
    return `\`${s.name}\` ${other === null ? 'n/a' : `${fmt(other * 100, 0)}%`} (steal ${fmt(steal * 100, 0)}%)${flag}`;
  });
  return `- CPU used by other processes during the rounds, share of one core: ${parts.join(', ')}.`;
}

/** Requests the server handled under load (warm-up and rounds, those in flight at each end included). */
function loadRequests(server: ServerSummary): number {
  return sum([...(server.warmup ? [server.warmup] : []), ...server.rounds].map((r) => r.sent));
}

/**
 * Rows the load added, per table, and per request of the servers whose counted statements touch that table
 * (a read-only page should add none; `ours` writes its audit log of personal-field reads).
 */
function writesNote(rowsWritten: Record<string, number>, servers: ServerSummary[]): string {
  const entries = Object.entries(rowsWritten);
  if (entries.length === 0) return '- rows written during the load: none.';
  const parts = entries.map(([table, rows]) => {
    const writers = servers.filter((s) => s.statements.tables.includes(table));
    const requests = sum(writers.map(loadRequests));
    const per = requests ? ` (${fmt(rows / requests)} per request of ${writers.map((s) => `\`${s.name}\``).join(', ')})` : '';
    return `${table} +${rows.toLocaleString('en-US')}${per}`;
  });
  return `- rows written during the load (warm-up and rounds): ${parts.join(', ')}.`;
}

function statementNotes(servers: ServerSummary[]): string[] {
  return servers.map((s) => `- SQL per request, \`${s.name}\`: ${s.statements.count} (${s.statements.tables.join(', ')})`);
}

/** The report as markdown. `ours`, `ours-without-shield` and `raw-sql` must be among the servers. */
export function renderReport(info: RunInfo, servers: ServerSummary[]): string {
  const figures = new Map(servers.map((s) => [s.name, figuresOf(s)]));
  const statementsOf = (name: string): StatementCount => servers.find((s) => s.name === name)?.statements ?? { count: 0, tables: [] };
  const get = (name: string): Figures => {
    const found = figures.get(name);
    if (!found) throw new Error(`no results for ${name}`);
    return found;
  };
  return [
    ...header(info),
    '| server | req/s (median) | req/s per round | p50 ms | p99 ms | SQL/request | failures | peak RSS MiB | CPU s (whole life) | server CPU ms/request | PostgreSQL CPU ms/request |',
    '| --- | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |',
    ...servers.map((s) => serverRow(s, get(s.name))),
    '',
    '| ratio | req/s | p50 | p99 | server CPU/request | PostgreSQL CPU/request |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ratioRow('`ours` / `raw-sql`', get('ours'), get('raw-sql')),
    ratioRow('`ours` / `ours-without-shield`', get('ours'), get('ours-without-shield')),
    '',
    'Notes:',
    shieldNote(get('ours'), get('ours-without-shield'), info.fieldsPerResponse, extraStatements(statementsOf('ours'), statementsOf('ours-without-shield'))),
    loadNote(servers),
    noiseNote(servers),
    writesNote(info.rowsWritten, servers),
    ...statementNotes(servers),
    '- p50/p99 and req/s are medians of the rounds; CPU per request is over all rounds; PostgreSQL CPU is the whole ' +
      "server's (postmaster and its children), so other databases' work on a shared server counts too. " +
      'Figures swing about ±15% between runs here: compare only within one run.',
    '',
    'Rounds (CPU as a share of one core; "other processes" is what else ran on the machine meanwhile):',
    '',
    ...roundsTable(servers),
    '',
  ].join('\n');
}
