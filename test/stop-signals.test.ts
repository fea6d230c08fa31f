import { runNode } from './support/run-command';
import { STOP_SIGNALS } from '../src/common/stop-signals';

const RUN_MS = 30_000;

/**
 * A process that listens with `listenForStopSignals` and sends itself `signal` (the kernel hands it over at once;
 * libuv passes it to JavaScript on the loop's next turn), then, in the same turn, `switchFirst` or not, sets the
 * action of its next phase. What it prints says which action ran, or that the signal was lost.
 */
function signalAtTheSwitch(signal: NodeJS.Signals, switchFirst: boolean) {
  const script = `
    const { listenForStopSignals } = require('./src/common/stop-signals.ts');
    const signals = listenForStopSignals((signal) => { console.log('start-up action: ' + signal); process.exit(3); });
    setTimeout(() => {
      ${switchFirst ? '' : `process.kill(process.pid, '${signal}');`}
      signals.handleWith((signal) => { console.log('stop action: ' + signal); process.exit(0); });
      ${switchFirst ? `process.kill(process.pid, '${signal}');` : ''}
      setTimeout(() => { console.log('the signal was lost'); process.exit(4); }, 2000);
    }, 10);`;
  return runNode(['--import', 'tsx', '-e', script], {}, RUN_MS);
}

describe('the stop signals of npm start', () => {
  it.each(STOP_SIGNALS)('are not lost when %s comes as the phase changes: the new phase acts on it', async (signal) => {
    expect(await signalAtTheSwitch(signal, false)).toEqual({ code: 0, stdout: `stop action: ${signal}\n`, stderr: '' });
  });

  it('run the action of the phase they come in', async () => {
    expect(await signalAtTheSwitch('SIGINT', true)).toEqual({ code: 0, stdout: 'stop action: SIGINT\n', stderr: '' });
    const script = `
      const { listenForStopSignals } = require('./src/common/stop-signals.ts');
      listenForStopSignals((signal) => { console.log('start-up action: ' + signal); process.exit(3); });
      process.kill(process.pid, 'SIGTERM');
      setTimeout(() => { console.log('the signal was lost'); process.exit(4); }, 2000);`;
    expect(await runNode(['--import', 'tsx', '-e', script], {}, RUN_MS)).toEqual({ code: 3, stdout: 'start-up action: SIGTERM\n', stderr: '' });
  });
});
