/** How the audit log is sealed: how often, in batches of at most how many rows, and the lag that raises an alert. */
export interface SealingSettings {
  /** How long the sequencer waits between passes (and a successor at most before it takes over). */
  intervalMs: number;
  /** The most rows one batch (one checkpoint) seals. */
  maxBatch: number;
  /** An unsealed row older than this is an alert in the readiness state. */
  lagBoundSeconds: number;
}

export const DEFAULT_SEALING_SETTINGS: SealingSettings = { intervalMs: 1000, maxBatch: 10_000, lagBoundSeconds: 5 };
