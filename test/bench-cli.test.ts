import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Cleanup } from '../bench/cleanup';
import { OUT_DIR, RECORD_DIR, reportFile, splitRecordFlag } from '../bench/report-file';

/**
 * The benchmarks' command lines, without running a benchmark (the machine is shared): --help does nothing but print,
 * a bad command line is refused before anything runs, a report goes to the committed bench/*results.md only when
 * --record asks for it; and their shared clean-up, which undoes a run once, in order, however it ends.
 */

const ROOT = path.resolve(__dirname, '..');
const BENCH = path.join(ROOT, 'bench');

/** Every committed report, with its content and modification time. */
function committedReports(): Map<string, { text: string; mtimeMs: number }> {
  return new Map(
    readdirSync(BENCH)
      .filter((name) => name.endsWith('results.md'))
      .map((name) => {
        const file = path.join(BENCH, name);
        return [name, { text: readFileSync(file, 'utf8'), mtimeMs: statSync(file).mtimeMs }] as const;
      }),
  );
}

describe('where a benchmark report goes', () => {
  it('goes to bench/out/ by default and to the committed file with --record', () => {
    expect(reportFile('results.md', false)).toBe(path.join(ROOT, 'bench', 'out', 'results.md'));
    expect(reportFile('results.md', true)).toBe(path.join(ROOT, 'bench', 'results.md'));
    expect(OUT_DIR).toBe(path.join(ROOT, 'bench', 'out'));
    expect(RECORD_DIR).toBe(BENCH);
  });

  it('takes --record out of the command line the benchmark parses', () => {
    expect(splitRecordFlag(['--customers', '1000', '--record'])).toEqual({ record: true, args: ['--customers', '1000'] });
    expect(splitRecordFlag(['--sweep', '100,1000'])).toEqual({ record: false, args: ['--sweep', '100,1000'] });
  });

  it('keeps bench/out/ out of git', () => {
    expect(readFileSync(path.join(ROOT, '.gitignore'), 'utf8').split('\n')).toContain('bench/out/');
  });
});

/** Runs a benchmark's command line with an unreachable DATABASE_URL, so that a run that did start would fail. */
function runBench(script: string, args: string[]) {
  return spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [script, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
  });
}

const BENCHES = [
  ['npm run bench', 'bench/run.ts', /^npm run bench -- /],
  ['npm run bench:import', 'bench/import/run.ts', /npm run bench:import/],
  ['npm run bench:audit', 'bench/audit/run.ts', /npm run bench:audit/],
] as const;

describe('--help on each benchmark', () => {
  it.each(BENCHES)('%s -- --help prints the usage with --record, exits 0 and writes nothing', (_command, script, usage) => {
    const before = committedReports();
    const outExisted = existsSync(OUT_DIR);

    const result = runBench(script, ['--help']);

    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(usage);
    expect(result.stdout).toContain('--record');
    expect(committedReports()).toEqual(before);
    expect(existsSync(OUT_DIR)).toBe(outExisted);
  });
});

describe('a bad command line on each benchmark', () => {
  it.each([
    ['npm run bench', ['--bogus'], 'bench/run.ts', "Unknown option '--bogus'"],
    ['npm run bench', ['--customers', '5'], 'bench/run.ts', '--customers must be an integer of at least 100, got "5"'],
    ['npm run bench', ['--sweep', '1000', '--customers', '2000'], 'bench/run.ts', '--customers and --sweep exclude each other'],
    ['npm run bench:import', ['--bogus', '--record'], 'bench/import/run.ts', "Unknown option '--bogus'"],
    ['npm run bench:import', ['--customers', '0'], 'bench/import/run.ts', '--customers must be an integer of at least 1, got "0"'],
    ['npm run bench:audit', ['--bogus'], 'bench/audit/run.ts', "Unknown option '--bogus'"],
    ['npm run bench:audit', ['--quick', '--verify-events'], 'bench/audit/run.ts', "Option '--verify-events <value>' argument missing"],
  ])('%s -- %j is refused with the error and the usage on stderr, exit code 2, and writes nothing', (command, args, script, error) => {
    const before = committedReports();
    const outExisted = existsSync(OUT_DIR);

    const result = runBench(script, args);

    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(error);
    expect(result.stderr).toContain(`${command} -- [`);
    expect(result.stderr).toContain('--record');
    expect(committedReports()).toEqual(before);
    expect(existsSync(OUT_DIR)).toBe(outExisted);
  });
});

describe("the benchmarks' clean-up", () => {
  /** A step that runs until released, recording when it starts and ends. */
  function heldStep(events: string[], name: string): { run: () => Promise<void>; release: () => void } {
    let release = () => {};
    const run = () =>
      new Promise<void>((resolve) => {
        events.push(`${name}: started`);
        release = () => {
          events.push(`${name}: done`);
          resolve();
        };
      });
    return { run, release: () => release() };
  }

  it('runs every step once, the last added first, when a signal and the end of the run both ask for it', async () => {
    const events: string[] = [];
    const cleanup = new Cleanup();
    const database = heldStep(events, 'drop the database');
    const server = heldStep(events, 'stop the server');
    cleanup.add('drop the database', database.run);
    cleanup.add('stop the server', server.run);

    const bySignal = cleanup.runAll().then(() => events.push('signal: may exit'));
    const byRunEnd = cleanup.runAll().then(() => events.push('run end: may exit'));
    await new Promise(setImmediate);
    // The second caller neither starts the database's step beside the server's nor returns while that one runs.
    expect(events).toEqual(['stop the server: started']);
    server.release();
    await new Promise(setImmediate);
    database.release();
    await Promise.all([bySignal, byRunEnd]);

    expect(events).toEqual([
      'stop the server: started',
      'stop the server: done',
      'drop the database: started',
      'drop the database: done',
      'signal: may exit',
      'run end: may exit',
    ]);
  });

  it('goes on with the other steps when one fails', async () => {
    const ran: string[] = [];
    const cleanup = new Cleanup();
    jest.spyOn(console, 'error').mockImplementation(() => {});
    cleanup.add('stop the cluster', async () => void ran.push('stop the cluster'));
    cleanup.add('drop the database', () => Promise.reject(new Error('connection refused')));

    await cleanup.runAll();

    expect(ran).toEqual(['stop the cluster']);
    expect(console.error).toHaveBeenCalledWith('[bench] cleanup "drop the database" failed:', expect.any(Error));
  });

  /** Runs `script` in a Node process that has loaded bench/cleanup.ts; resolves with its stdout lines, stderr and exit code. */
  function runWithCleanup(
    script: string,
    onLine: (line: string, child: ChildProcess) => void = () => {},
  ): Promise<{ lines: string[]; stderr: string; code: number | null }> {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', `const { Cleanup, onExit } = require('./bench/cleanup');\n${script}`], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      onLine(line, child);
    });
    return new Promise((resolve) => child.once('close', (code) => resolve({ lines, stderr, code })));
  }

  it('on Ctrl-C, exits 130 only once every step has run in order, though the interrupted run ends first', async () => {
    const script = `
      const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
      const step = (name, ms) => async () => { console.log(name + ': started'); await sleep(ms); console.log(name + ': done'); };
      const cleanup = new Cleanup();
      cleanup.add('drop the database', step('drop the database', 20));
      cleanup.add('stop the server', step('stop the server', 300));
      cleanup.runOnSignals();
      // The run works (the interval keeps the process alive) until the signal, and then fails at once, as one does
      // whose server the signal stops; then, as each benchmark's main does, it cleans up and exits.
      const run = new Promise((_, reject) => {
        const work = setInterval(() => {}, 1000);
        process.once('SIGINT', () => {
          clearInterval(work);
          reject(new Error('interrupted'));
        });
      });
      async function main() {
        try {
          await run;
        } finally {
          await cleanup.runAll();
        }
      }
      main().then(() => process.exit(0), () => process.exit(1));
      console.log('ready');`;

    const { lines, stderr, code } = await runWithCleanup(script, (line, child) => {
      if (line === 'ready') child.kill('SIGINT');
    });

    expect(lines).toEqual(['ready', 'stop the server: started', 'stop the server: done', 'drop the database: started', 'drop the database: done']);
    expect(stderr).toBe('[bench] SIGINT: cleaning up (stop the server, drop the database)\n');
    expect(code).toBe(130);
  });

  it('kills what is left on exit, however the process exits, unless it was forgotten', async () => {
    const script = `
      onExit(() => console.log('last resort'));
      const forget = onExit(() => console.log('forgotten'));
      forget();
      process.exit(0);`;

    expect(await runWithCleanup(script)).toEqual({ lines: ['last resort'], stderr: '', code: 0 });
  });
});
