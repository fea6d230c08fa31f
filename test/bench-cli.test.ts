import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { OUT_DIR, RECORD_DIR, reportFile, splitRecordFlag } from '../bench/report-file';

/**
 * The benchmarks' command lines, without running a benchmark (the machine is shared): --help does nothing but print,
 * and a report goes to the committed bench/*results.md only when --record asks for it.
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

describe('--help on each benchmark', () => {
  it.each([
    ['npm run bench', 'bench/run.ts', /^npm run bench -- /],
    ['npm run bench:import', 'bench/import/run.ts', /npm run bench:import/],
    ['npm run bench:audit', 'bench/audit/run.ts', /npm run bench:audit/],
  ])('%s -- --help prints the usage with --record, exits 0 and writes nothing', (_command, script, usage) => {
    const before = committedReports();
    const outExisted = existsSync(OUT_DIR);

    const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [script, '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    });

    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(usage);
    expect(result.stdout).toContain('--record');
    expect(committedReports()).toEqual(before);
    expect(existsSync(OUT_DIR)).toBe(outExisted);
  });
});
