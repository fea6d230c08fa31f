export interface ProgressState {
  rows: number;
  rejected: number;
  bytesRead: number;
  totalBytes: number;
  startedAt: number;
}

export interface ProgressReporter {
  update(state: ProgressState): void;
  finish(state: ProgressState): void;
}

const clock = (seconds: number) => {
  if (!Number.isFinite(seconds)) return '--:--';
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
};

function rate(state: ProgressState, now: number): number {
  const seconds = (now - state.startedAt) / 1000;
  return seconds > 0 ? state.rows / seconds : 0;
}

/** A bar redrawn in place on a terminal: rows, rows/s and the time left, estimated from the bytes read. */
export function terminalProgress(stream: NodeJS.WriteStream, intervalMs = 200): ProgressReporter {
  let last = 0;
  const draw = (state: ProgressState, now: number) => {
    const share = state.totalBytes > 0 ? Math.min(1, state.bytesRead / state.totalBytes) : 0;
    const width = 30;
    const filled = Math.round(share * width);
    const elapsed = (now - state.startedAt) / 1000;
    const eta = share > 0 ? (elapsed / share) * (1 - share) : Number.POSITIVE_INFINITY;
    stream.write(
      `\r[${'='.repeat(filled)}${' '.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ` +
        `${state.rows.toLocaleString('en')} rows, ${Math.round(rate(state, now)).toLocaleString('en')} rows/s, ` +
        `${state.rejected.toLocaleString('en')} rejected, ETA ${clock(eta)}   `,
    );
  };
  return {
    update(state) {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      draw(state, now);
    },
    finish(state) {
      // As it stands: all of the file once read to the end, less when the import was interrupted.
      draw(state, Date.now());
      stream.write('\n');
    },
  };
}

/** Plain lines, every `intervalMs`, for logs and pipes. */
export function lineProgress(write: (line: string) => void, intervalMs = 5000): ProgressReporter {
  let last = Date.now();
  return {
    update(state) {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      write(`read ${state.rows} rows (${Math.round(rate(state, now))} rows/s), ${state.rejected} rejected`);
    },
    finish() {},
  };
}
