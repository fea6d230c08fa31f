/** A terminal's Ctrl-C, a service manager's stop, a closed terminal. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export type StopAction = (signal: NodeJS.Signals) => void;

/** What the process's stop signals do from now on. */
export interface StopSignals {
  handleWith(action: StopAction): void;
}

/**
 * One listener per stop signal for the life of the process, calling whatever action the current phase has set.
 * The listeners are never swapped (`process.off`, then `process.on`): when a signal's last listener goes, Node closes
 * its libuv handle, and a signal libuv had already taken for that handle, but not yet handed to JavaScript, is
 * dropped with it. A Ctrl-C that came 0.6 ms before `npm start` swapped its start-up listener for its stop listener
 * was lost so (seen in strace), and the hub ran on, deaf to it.
 */
export function listenForStopSignals(initial: StopAction): StopSignals {
  let current = initial;
  for (const signal of STOP_SIGNALS) process.on(signal, () => current(signal));
  return {
    handleWith: (action) => {
      current = action;
    },
  };
}
