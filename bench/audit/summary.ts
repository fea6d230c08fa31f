import { median } from '../figures';
import type { CellRound, TableKind } from './cells';
import { CLIENT_COUNTS } from './options';
import { lagFigures, type LagFigures } from './seal-lag';

/** The goals: 16 clients at least 3× one client, and ours within 0.8× of the no-sealing floor. */
export const SCALING_GOAL = 3;
export const FLOOR_RATIO_GOAL = 0.8;

export interface CellFigures {
  statementsPerSecond: number;
  rowsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** PostgreSQL CPU per statement over all rounds, ms; null when the server's CPU cannot be read. */
  postgresCpuMs: number | null;
  /** This process (the clients) per statement, ms. */
  clientCpuMs: number;
  /** WAL per statement, KB, over all rounds (ours: with its sealing). */
  walKBPerStatement: number;
  /** The sequencer process's CPU as a share of a core, over the rounds. */
  sequencerShare: number | null;
  disturbed: boolean;
}

export interface ClientsFigures {
  clients: number;
  ours: CellFigures;
  floor: CellFigures;
  /** ours / floor statements per second. */
  ratio: number;
  /** Seal lag pooled over the rounds. */
  lag: LagFigures;
  catchUpSeconds: number;
  /**
   * Median of the rounds: the cell's rows over the cell's seconds plus its catch-up, the rate at which rows can be
   * both appended and sealed (a lower bound: the catch-up leaves part of the machine idle).
   */
  sealedThroughput: number;
  /** Medians of the rounds: the sequencer's rows per second while the clients appended, and after. */
  sealedPerSecondDuring: number;
  sealedPerSecondAfter: number;
}

export interface AppendSummary {
  byClients: ClientsFigures[];
  scaling: { ours: number; floor: number };
  goals: { scaling: boolean; floorRatio: boolean[] };
  disturbedRounds: number;
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

function figuresOf(rounds: CellRound[]): CellFigures {
  const statements = sum(rounds.map((r) => r.statementsPerSecond * r.measured.seconds));
  const seconds = sum(rounds.map((r) => r.measured.seconds));
  const postgres = rounds.map((r) => r.measured.cpu.postgres);
  const sequencer = rounds.map((r) => r.measured.cpu.sequencer);
  return {
    statementsPerSecond: median(rounds.map((r) => r.statementsPerSecond)),
    rowsPerSecond: median(rounds.map((r) => r.rowsPerSecond)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    postgresCpuMs: postgres.every((s) => s !== null) ? (sum(postgres as number[]) * 1000) / statements : null,
    clientCpuMs: (sum(rounds.map((r) => r.measured.cpu.own)) * 1000) / statements,
    walKBPerStatement: sum(rounds.map((r) => (r.walBytesPerStatement * r.statementsPerSecond * r.measured.seconds) / 1024)) / statements,
    sequencerShare: sequencer.every((s) => s !== null) ? sum(sequencer as number[]) / seconds : null,
    disturbed: rounds.some((r) => r.measured.disturbed),
  };
}

export function summarise(rounds: CellRound[]): AppendSummary {
  const of = (kind: TableKind, clients: number) => rounds.filter((r) => r.kind === kind && r.clients === clients);
  const byClients = CLIENT_COUNTS.map((clients): ClientsFigures => {
    const ours = of('ours', clients);
    const oursFigures = figuresOf(ours);
    const floorFigures = figuresOf(of('floor', clients));
    const lags = ours.flatMap((r) => (r.lag === null ? [] : [r.lag]));
    return {
      clients,
      ours: oursFigures,
      floor: floorFigures,
      ratio: oursFigures.statementsPerSecond / floorFigures.statementsPerSecond,
      lag: lagFigures(
        lags.flatMap((lag) => lag.samples),
        sum(lags.map((lag) => lag.unsealed)),
      ),
      catchUpSeconds: median(ours.map((r) => r.catchUpSeconds ?? Number.NaN)),
      sealedThroughput: median(ours.map((r) => (r.rowsPerSecond * r.measured.seconds) / (r.measured.seconds + (r.catchUpSeconds ?? Number.NaN)))),
      sealedPerSecondDuring: median(ours.map((r) => r.sealedPerSecondDuring ?? Number.NaN)),
      sealedPerSecondAfter: median(ours.map((r) => r.sealedPerSecondAfter ?? Number.NaN)),
    };
  });
  const first = byClients[0];
  const last = byClients[byClients.length - 1];
  const scaling = {
    ours: last.ours.statementsPerSecond / first.ours.statementsPerSecond,
    floor: last.floor.statementsPerSecond / first.floor.statementsPerSecond,
  };
  return {
    byClients,
    scaling,
    goals: { scaling: scaling.ours >= SCALING_GOAL, floorRatio: byClients.map((c) => c.ratio >= FLOOR_RATIO_GOAL) },
    disturbedRounds: rounds.filter((r) => r.measured.disturbed).length,
  };
}
