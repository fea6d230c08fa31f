import type { AuditLogVerification } from '../../src/modules/audit/log/audit-verifier';
import type { SealingSettings } from '../../src/modules/audit/log/sealing-settings';
import { fmt } from '../figures';
import type { CellRound } from './cells';
import { coreShare, type CpuUse } from './cpu';
import type { Measured } from './measured';
import { ROWS_PER_WRITE, type AuditBenchOptions } from './options';
import type { SealingFigures } from './sealing';
import { FLOOR_RATIO_GOAL, SCALING_GOAL, summarise, type AppendSummary } from './summary';

export interface AuditRunInfo {
  /** How the results file names this run's section: one per kind of database. */
  title: string;
  date: Date;
  nproc: number;
  cpuModel: string;
  node: string;
  postgres: string;
  serverSettings: string;
  database: string;
  command: string;
  code: string;
  options: AuditBenchOptions;
  sealing: SealingSettings;
}

export interface AuditRun {
  info: AuditRunInfo;
  cells: CellRound[];
  sealing: SealingFigures;
  /** After the cells: events in audit_event and leaves in the tree (equal when everything written was sealed). */
  afterCells: { events: number; leaves: number };
}

const met = (ok: boolean) => (ok ? '**met**' : '**not met**');
const ms = (value: number) => (Number.isFinite(value) ? fmt(value, 1) : 'n/a');
const pct = (share: number | null) => (share === null ? 'n/a' : `${fmt(share * 100, 0)}%`);
const seconds = (value: number | null) => (value === null ? 'n/a' : `${fmt(value, 1)} s`);
const flag = (disturbed: boolean) => (disturbed ? ' ⚠ disturbed' : '');

function header({ info }: AuditRun): string[] {
  const { options, sealing } = info;
  return [
    `## ${info.title}`,
    '',
    `- Date: ${info.date.toISOString()}; ${info.code}`,
    `- Command: \`${info.command}\``,
    `- Machine: ${info.nproc} vCPUs (${info.cpuModel}), Node ${info.node}`,
    `- PostgreSQL ${info.postgres}: ${info.serverSettings}; ${info.database}`,
    `- Cells: ${options.seconds} s each after ${options.warmupWrites} warm-up writes per client, ${options.rounds} round(s), ${ROWS_PER_WRITE} rows per statement; ` +
      `sequencer settings: intervalMs ${sealing.intervalMs}, maxBatch ${sealing.maxBatch}`,
    '',
  ];
}

function appendSection(summary: AppendSummary): string[] {
  const rows = summary.byClients.map(({ clients, ours, floor, ratio }) =>
    [
      clients,
      fmt(ours.statementsPerSecond),
      fmt(ours.rowsPerSecond),
      fmt(floor.statementsPerSecond),
      fmt(floor.rowsPerSecond),
      `${ratio.toFixed(2)}×`,
      `${ms(ours.p50Ms)} / ${ms(ours.p99Ms)}`,
      `${ms(floor.p50Ms)} / ${ms(floor.p99Ms)}`,
      `${ours.postgresCpuMs === null ? 'n/a' : ms(ours.postgresCpuMs)} / ${floor.postgresCpuMs === null ? 'n/a' : ms(floor.postgresCpuMs)}`,
      `${fmt(ours.walKBPerStatement)} / ${fmt(floor.walKBPerStatement)}`,
      pct(ours.sequencerShare),
      `${flag(ours.disturbed || floor.disturbed).trim() || '—'}`,
    ].join(' | '),
  );
  const ratios = summary.byClients.map((c) => `${c.ratio.toFixed(2)}×`).join(' / ');
  return [
    '### 1–2. Append throughput: sealed (ours) against no sealing (floor)',
    '',
    '| clients | ours statements/s | ours rows/s | floor statements/s | floor rows/s | ours / floor | ours p50 / p99 ms | floor p50 / p99 ms | PostgreSQL CPU ms per statement, ours / floor | WAL KB per statement, ours (with its sealing) / floor | sequencer CPU (share of a core) | |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((row) => `| ${row} |`),
    '',
    "PostgreSQL CPU is the whole cluster's over the measured seconds (for ours it includes the sequencer's backend); " +
      "WAL is the server's, from the start of the cell to its end, for ours to the end of its catch-up, so that it " +
      "includes sealing the cell's rows.",
    '',
    `Scaling 16 clients / 1 client: ours ${summary.scaling.ours.toFixed(2)}×, floor ${summary.scaling.floor.toFixed(2)}×.`,
    '',
    `- Goal: ours at 16 clients ≥ ${SCALING_GOAL}× ours at 1 client: ${summary.scaling.ours.toFixed(2)}× — ${met(summary.goals.scaling)}` +
      ` (the floor itself scales ${summary.scaling.floor.toFixed(2)}× on this machine)`,
    `- Goal: ours ≥ ${FLOOR_RATIO_GOAL}× the floor at 1 / 4 / 16 clients: ${ratios} — ` + summary.goals.floorRatio.map((ok) => met(ok)).join(' / '),
    '',
  ];
}

function lagSection(summary: AppendSummary, sealing: SealingSettings): string[] {
  const rows = summary.byClients.map(
    ({ clients, ours, floor, lag, catchUpSeconds, sealedPerSecondDuring, sealedPerSecondAfter, sealedThroughput }) =>
      `| ${clients} | ${lag.rows.toLocaleString('en-US')} | ${ms(lag.p50Ms)} | **${ms(lag.p99Ms)}** | ${ms(lag.maxMs)} | ${fmt(ours.rowsPerSecond)} | ` +
      `${fmt(sealedPerSecondDuring)} | ${seconds(catchUpSeconds)} | ${fmt(sealedPerSecondAfter)} | ${fmt(sealedThroughput)} ` +
      `(${(sealedThroughput / floor.rowsPerSecond).toFixed(2)}× floor) | ${lag.unsealed} |`,
  );
  const busiest = summary.byClients[summary.byClients.length - 1];
  return [
    '### 3. Seal lag under load (ours cells, all rounds pooled)',
    '',
    '| clients | rows measured | p50 ms | p99 ms | max ms | appended rows/s | sealed rows/s during the cell | catch-up after the cell | sealed rows/s after the cell | rows/s appended and sealed | rows left unsealed |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    '',
    `At 16 clients the p99 is ${ms(busiest.lag.p99Ms)} ms; the /readyz alert bound (lagBoundSeconds) is ${sealing.lagBoundSeconds} s: ` +
      `${busiest.lag.p99Ms <= sealing.lagBoundSeconds * 1000 ? 'within it' : '**beyond it**'}. ` +
      'Lag per row: from the moment its write returned to its client (commit acknowledged) to the moment the checkpoint ' +
      'covering its leaf (the first with tree_size > tree_index) was first seen committed by a watch polling ' +
      "audit_checkpoint every 20 ms, both on the benchmark process's clock; a row is matched to its leaf through its " +
      "request id. Catch-up: from the end of the cell until the queue was empty. Sealed rows/s: the tree's growth as the " +
      "watch saw it, over the cell and over the catch-up. Rows/s appended and sealed: a cell's rows over its seconds " +
      'plus its catch-up (median of rounds), what the append rate of section 1 comes to once its sealing is paid for. ' +
      'While the sequencer seals slower than the clients append, the lag grows with the length of the burst: compare ' +
      'lags of runs with the same --seconds only.',
    '',
  ];
}

/** "3% (steal 0%)", with the busiest other processes when there were any. */
function otherCpu(cpu: CpuUse): string {
  return `${pct(coreShare(cpu.other, cpu))} (steal ${pct(coreShare(cpu.steal, cpu))})${cpu.busiest ? `: ${cpu.busiest}` : ''}`;
}

const cpuSeconds = (seconds: number | null) => (seconds === null ? 'n/a' : `${fmt(seconds, 1)} s`);

/** The CPU of the process doing the work (the sequencer's for a drain, this one's for a verification), PostgreSQL's, the rest. */
function cpuCells(cpu: CpuUse, worker: number | null): string {
  return `${cpuSeconds(worker)} | ${cpuSeconds(cpu.postgres)} | ${otherCpu(cpu)}`;
}

function sealingSection({ drain, rest, full, incremental }: SealingFigures, options: AuditBenchOptions): string[] {
  const drainRow = (label: string, m: Measured<{ rows: number; batches: number }>) =>
    `| ${label} | ${m.value.rows.toLocaleString('en-US')} | ${m.value.batches} | ${fmt(m.seconds, 2)} | **${fmt(m.value.rows / m.seconds)}** | ${cpuCells(m.cpu, m.cpu.sequencer)}${flag(m.disturbed)} |`;
  const verifyRow = (label: string, m: Measured<AuditLogVerification>) =>
    `| ${label} | ${m.value.fromTreeSize.toLocaleString('en-US')} | ${m.value.treeSize.toLocaleString('en-US')} | ${m.value.checkedBatches} | ` +
    `${m.value.checkedEvents.toLocaleString('en-US')} | **${fmt(m.seconds, 2)}** | ${fmt(m.value.checkedEvents / m.seconds)} | ${cpuCells(m.cpu, m.cpu.own)}${flag(m.disturbed)} |`;
  return [
    '### 4. Sequencer throughput',
    '',
    'Rows queued by INSERT … SELECT FROM generate_series into audit_event (the queue trigger queues them) while the ' +
      'sequencer process waits, then one `sealPending()` in it, timed from the command to its answer.',
    '',
    '| drain | rows | batches | seconds | rows/s | sequencer CPU | PostgreSQL CPU | other CPU |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    drainRow('timed drain', drain),
    ...(rest === null ? [] : [drainRow("the rest of the verification's events", rest)]),
    '',
    `### 5. Verification at ${options.verifyEvents.toLocaleString('en-US')} sealed events`,
    '',
    `\`AuditVerifier.verify\`: from zero (\`full: true\`), then, after ${options.incrementalRows.toLocaleString('en-US')} more rows ` +
      'appended through AuditService.write and sealed, from the checkpoint the full check recorded (`full: false`).',
    '',
    '| verification | from tree size | to tree size | batches | events checked | seconds | events/s | verifier (this process) CPU | PostgreSQL CPU | other CPU |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    verifyRow('from zero', full),
    verifyRow('from the last verified checkpoint', incremental),
    '',
  ];
}

function roundsSection(cells: CellRound[]): string[] {
  const rows = cells.map((r, index) => {
    const { cpu } = r.measured;
    return (
      `| ${index + 1} | ${r.round} | ${r.kind} × ${r.clients} | ${fmt(r.statementsPerSecond)} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ` +
      `${fmt(r.walBytesPerStatement / 1024)} | ${r.lag === null ? '—' : ms(r.lag.p99Ms)} | ${r.catchUpSeconds === null ? '—' : seconds(r.catchUpSeconds)} | ` +
      `${r.sealedPerSecondAfter === null ? '—' : fmt(r.sealedPerSecondAfter)} | ${pct(coreShare(cpu.own, cpu))} | ${pct(coreShare(cpu.sequencer, cpu))} | ` +
      `${pct(coreShare(cpu.postgres, cpu))} | ${otherCpu(cpu)} | ` +
      `${pct(r.measured.foreignShare)} |${flag(r.measured.disturbed)} |`
    );
  });
  return [
    '#### Every cell, in the order run',
    '',
    'CPU as a share of one core: the clients (this process), the sequencer process, the PostgreSQL cluster, and ' +
      'everything else on the machine; "other databases": share of samples in which another database of the server ' +
      'was running a statement. A cell with other CPU above 15% of a core or other databases busy in more than 10% of ' +
      'the samples, or steal above 15%, counts as disturbed (marked in the last column), and a run with a disturbed cell is not written to the results file.',
    '',
    '| # | round | cell | statements/s | p50 ms | p99 ms | WAL KB per statement | lag p99 ms | catch-up | sealed rows/s after | clients | sequencer | PostgreSQL | other | other databases | |',
    '|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
  ];
}

export function renderSection(run: AuditRun): string {
  const summary = summarise(run.cells);
  const { afterCells } = run;
  return [
    ...header(run),
    ...appendSection(summary),
    ...lagSection(summary, run.info.sealing),
    ...sealingSection(run.sealing, run.info.options),
    `After the cells: ${afterCells.events.toLocaleString('en-US')} events in audit_event, ${afterCells.leaves.toLocaleString('en-US')} leaves in the tree` +
      `${afterCells.events === afterCells.leaves ? ' (every event sealed)' : ' (**not every event sealed**)'}.`,
    '',
    ...roundsSection(run.cells),
  ].join('\n');
}

/** Whether any measured part of the run was disturbed by other work on the machine or the server. */
export function isDisturbedRun(run: AuditRun): boolean {
  const { drain, rest, full, incremental } = run.sealing;
  return run.cells.some((c) => c.measured.disturbed) || [drain, rest, full, incremental].some((m) => m?.disturbed === true);
}
