import type { RoundResult } from './load';

/** Figures derived from a row's rounds, shared by the main report and the sweep's. */

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
export const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

export function fmt(value: number, digits = 1): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(digits);
}

export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU ms per request over the measured rounds. */
  serverCpuMs: number;
  postgresCpuMs: number | null;
}

export function figuresOf(rounds: RoundResult[]): Figures {
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

/** Non-2xx answers, answers of another size than the first, and connection errors, warm-up included. */
export function failuresOf(rounds: RoundResult[], warmup: RoundResult | null): string {
  const all = warmup ? [warmup, ...rounds] : rounds;
  const non2xx = sum(all.map((r) => r.non2xx));
  const wrongSize = sum(all.map((r) => r.wrongSize));
  const errors = sum(all.map((r) => r.errors));
  const total = non2xx + wrongSize + errors;
  return total === 0 ? '0' : `**${total}** (non-2xx ${non2xx}, wrong size ${wrongSize}, conn. errors ${errors})`;
}

/** Share of one core, over the rounds, of one CPU figure. */
export function coreShare(rounds: RoundResult[], seconds: (round: RoundResult) => number): number {
  return sum(rounds.map(seconds)) / sum(rounds.map((r) => r.seconds));
}

/** Above this share of a core used by unrelated processes, a row's figures are flagged as disturbed. */
export const DISTURBED_SHARE = 0.15;

/** What else ran on the machine during the rounds, as a share of one core; null when it cannot be told. */
export function otherShare(rounds: RoundResult[]): number | null {
  return rounds.every((r) => r.otherCpuSeconds !== null) ? coreShare(rounds, (r) => r.otherCpuSeconds ?? 0) : null;
}

export function isDisturbed(rounds: RoundResult[]): boolean {
  const other = otherShare(rounds);
  return other !== null && other > DISTURBED_SHARE;
}

/** "12% (steal 0%) ⚠ disturbed": the benchmark cannot stop other work on the machine, only report it. */
export function noiseOf(rounds: RoundResult[]): string {
  const other = otherShare(rounds);
  const steal = coreShare(rounds, (r) => r.stealSeconds);
  return `${other === null ? 'n/a' : `${fmt(other * 100, 0)}%`} (steal ${fmt(steal * 100, 0)}%)${isDisturbed(rounds) ? ' ⚠ disturbed' : ''}`;
}

export function ratio(a: number | null, b: number | null): string {
  return a === null || b === null || b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`;
}

export const share = (seconds: number | null, round: RoundResult): string =>
  seconds === null ? 'n/a' : `${fmt((seconds / round.seconds) * 100, 0)}%`;
