import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { killRunningCommands, REPOSITORY, runNode } from './support/run-command';

/**
 * package.json's scripts that run a program of ours with node and the tsx loader, by name: `npm run <name> -- --help`
 * runs `<file> --help`.
 */
const { scripts } = JSON.parse(readFileSync(path.join(REPOSITORY, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const ours = Object.entries(scripts)
  .map(([name, command]) => [name, /^node --import tsx (\S+\.ts)$/.exec(command)?.[1]] as const)
  .filter((entry): entry is readonly [string, string] => entry[1] !== undefined);

const HELP_TIMEOUT_MS = 60_000;

/** What a script that did some work would have changed: the committed schema, the repository's top level, the bundle. */
async function observableState(): Promise<unknown> {
  const schema = path.join(REPOSITORY, 'schema.graphql');
  const graphiql = path.join(REPOSITORY, 'dist/graphiql');
  return {
    schema: await readFile(schema, 'utf8'),
    schemaModified: (await stat(schema)).mtimeMs,
    topLevel: (await readdir(REPOSITORY)).sort(),
    graphiql: existsSync(graphiql) ? (await readdir(graphiql)).sort() : null,
  };
}

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'privacy-hub-help-'));
  await chmod(dataDir, 0o755);
});

afterAll(async () => {
  killRunningCommands();
  await rm(dataDir, { recursive: true, force: true });
});

it('covers every command of ours in package.json', () => {
  expect(ours.map(([name]) => name).sort()).toEqual(
    [
      'bench',
      'bench:audit',
      'bench:import',
      'build:graphiql',
      'build:web',
      'fuzz',
      'import',
      'migrate',
      'schema',
      'seed:demo',
      'start',
      'token',
    ].sort(),
  );
});

describe.each(ours)('npm run %s -- --help', (name, file) => {
  it(
    'prints its usage on stdout, exits 0 and changes nothing',
    async () => {
      const before = await observableState();
      const result = await runNode(['--import', 'tsx', file, '--help'], { DATA_DIR: dataDir }, HELP_TIMEOUT_MS);
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      expect(result.stdout.split('\n')[0]).toMatch(name === 'start' ? /^(usage: )?npm start/ : new RegExp(`^(usage: )?npm run ${name}( |$)`));
      expect(await observableState()).toEqual(before);
      // No database was opened: the embedded one would have been created here.
      expect(await readdir(dataDir)).toEqual([]);
    },
    HELP_TIMEOUT_MS,
  );

  it(
    'refuses an unknown option in one line with exit code 2',
    async () => {
      const result = await runNode(['--import', 'tsx', file, '--no-such-option'], { DATA_DIR: dataDir }, HELP_TIMEOUT_MS);
      expect(result.code).toBe(2);
      // The line that names the option; the usage may follow it, a stack may not.
      expect(result.stderr.split('\n')[0]).toContain('--no-such-option');
      expect(result.stderr).not.toMatch(/^\s+at /m);
    },
    HELP_TIMEOUT_MS,
  );
});
