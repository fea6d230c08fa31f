import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import ts from 'typescript';
import { signToken, type TokenClaims } from '../src/auth/tokens';
import { postGraphQL } from './support/http-answer';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * `npm run build`, then the server as `npm run start:prod` runs it (plain node, the compiled JavaScript) under
 * NODE_ENV=production, on a database it migrates itself: it answers, GraphiQL works for the roles that may explore
 * the schema, introspection stays refused to the others, and it loads no package outside package.json's
 * `dependencies` (test/support/only-dependencies.cjs), so neither tsx nor anything else a production install lacks.
 */

const REPO = resolve(__dirname, '..');
const ONLY_DEPENDENCIES = join(__dirname, 'support', 'only-dependencies.cjs');
const BUILD_TIMEOUT_MS = 120_000;
const START_TIMEOUT_MS = 30_000;
const run = promisify(execFile);

// Inside the repository, not the system's temporary folder: the compiled code finds package.json and node_modules
// above itself, as it does from dist/app/; the developer's own dist/app/ is left alone.
const outDir = join(REPO, 'test-artifacts', `production-build-${randomBytes(4).toString('hex')}`);
const dataDir = mkdtempSync(join(tmpdir(), 'privacy-hub-production-'));
const jwtSecret = randomBytes(32).toString('base64url');
let database: TestDatabase | undefined;
let server: ChildProcess | undefined;
let graphqlUrl: string;
let stderr = '';

/** `npm run start:prod` as [node options..., main script], checked to be plain node of a .js file. */
function startProdCommand(): { nodeOptions: string[]; script: string } {
  const scripts = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const [command, ...args] = scripts['start:prod'].split(/\s+/);
  const script = args.pop();
  if (command !== 'node' || !script?.endsWith('.js')) throw new Error(`start:prod is not \`node <file>.js\`: ${scripts['start:prod']}`);
  return { nodeOptions: args, script };
}

/** tsconfig.build.json's outDir, where start:prod's script must be. */
function configuredOutDir(): string {
  const { config, error } = ts.readConfigFile(join(REPO, 'tsconfig.build.json'), ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  return (config as { compilerOptions: { outDir: string } }).compilerOptions.outDir;
}

/** Resolves with the GraphQL URL from the server's ready line; rejects when it exits or takes too long. */
function readyUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`no ready line within ${START_TIMEOUT_MS} ms:\n${stdout}\n${stderr}`)), START_TIMEOUT_MS);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = /^GraphQL: (http:\/\/\S+)$/m.exec(stdout);
      if (ready) {
        clearTimeout(timer);
        resolveUrl(ready[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before it was ready:\n${stdout}\n${stderr}`));
    });
  });
}

beforeAll(
  async () => {
    await run('npm', ['run', 'build', '--', '--outDir', outDir], { cwd: REPO, timeout: BUILD_TIMEOUT_MS }).catch(
      (error: { stdout?: string; stderr?: string; message: string }) => {
        throw new Error(`npm run build failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`);
      },
    );
    database = await createTestDatabase({ empty: true });
    const { nodeOptions } = startProdCommand();
    server = spawn(process.execPath, [...nodeOptions, '--require', ONLY_DEPENDENCIES, join(outDir, 'src', 'main.js')], {
      cwd: REPO,
      // Nothing of jest's environment (no NODE_OPTIONS that could load a TypeScript loader).
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        JWT_SECRET: jwtSecret,
        HOST: '127.0.0.1',
        PORT: '0',
        DATA_DIR: dataDir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    graphqlUrl = await readyUrl(server);
  },
  BUILD_TIMEOUT_MS + START_TIMEOUT_MS + 20_000,
);

afterAll(async () => {
  if (server && server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((done) => server!.once('exit', done));
    server.kill('SIGTERM');
    const forced = setTimeout(() => server!.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(forced);
  }
  await database?.drop();
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

const token = (role: TokenClaims['role'], sub: string = role) => signToken({ role, sub }, new TextEncoder().encode(jwtSecret));

describe('the compiled server under NODE_ENV=production', () => {
  it('is what npm run start:prod runs: plain node of the JavaScript npm run build emits', () => {
    const { script } = startProdCommand();
    expect(script).toBe(`${configuredOutDir()}/src/main.js`);
    expect(server!.spawnfile).toBe(process.execPath);
    expect(server!.spawnargs.at(-1)).toBe(join(outDir, 'src', 'main.js'));
    expect(existsSync(join(outDir, 'src', 'main.js'))).toBe(true);
  });

  it('answers an operation', async () => {
    const answer = await postGraphQL(graphqlUrl, '{ __typename }');
    expect(answer).toMatchObject({ status: 200, body: { data: { __typename: 'Query' } } });
  });

  it.each(['analyst', 'staff', 'privacy_officer'] as const)(
    "gives the %s role the schema GraphiQL fetches for its autocomplete (GraphiQL's own introspection query)",
    async (role) => {
      const answer = await postGraphQL(graphqlUrl, getIntrospectionQuery(), { token: await token(role) });
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      const schema = buildClientSchema(answer.body.data as IntrospectionQuery);
      expect(Object.keys(schema.getQueryType()!.getFields())).toEqual(expect.arrayContaining(['customers', 'stats']));
      expect(schema.getType('Customer')).toBeDefined();
    },
  );

  it.each([
    ['an anonymous caller', undefined],
    ['a customer', () => token('customer', randomUUID())],
  ])('refuses introspection to %s with INTROSPECTION_DISABLED', async (_who, tokenFor) => {
    const answer = await postGraphQL(graphqlUrl, getIntrospectionQuery(), { token: tokenFor && (await tokenFor()) });
    expect(answer).toEqual({
      status: 403,
      retryAfter: null,
      body: { errors: [{ message: 'Introspection is not available to this principal.', extensions: { code: 'INTROSPECTION_DISABLED' } }] },
    });
  });

  it('serves GraphiQL at /graphiql with the script and stylesheet of the bundle npm run build made', async () => {
    const page = await fetch(new URL('/graphiql', graphqlUrl));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const script = /<script defer src="([^"]+\/app\.js)">/.exec(html)?.[1];
    const stylesheet = /<link rel="stylesheet" href="([^"]+\/app\.css)">/.exec(html)?.[1];
    expect({ script, stylesheet }).toEqual({
      script: expect.stringMatching(/^\/graphiql\/assets\//),
      stylesheet: expect.stringMatching(/^\/graphiql\/assets\//),
    });

    for (const [path, type] of [
      [script!, /javascript/],
      [stylesheet!, /text\/css/],
    ] as const) {
      const asset = await fetch(new URL(path, graphqlUrl));
      expect({ path, status: asset.status, type: asset.headers.get('content-type') }).toEqual({
        path,
        status: 200,
        type: expect.stringMatching(type),
      });
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
  });

  it('runs the operator scripts compiled: migrate finds the database up to date, token issues a token it accepts', async () => {
    const env = { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: database!.url, JWT_SECRET: jwtSecret, DATA_DIR: dataDir };
    const script = (name: string, ...args: string[]) =>
      run(process.execPath, ['--require', ONLY_DEPENDENCIES, join(outDir, 'scripts', `${name}.js`), ...args], {
        cwd: REPO,
        env,
        timeout: START_TIMEOUT_MS,
      });

    expect((await script('migrate')).stdout).toBe('already up to date\n');
    const issued = (await script('token', '--role', 'analyst')).stdout.trim();
    const answer = await postGraphQL(graphqlUrl, '{ __type(name: "Customer") { name } }', { token: issued });
    expect(answer.body).toEqual({ data: { __type: { name: 'Customer' } } });
  });

  // Last: by now the server has started, migrated, answered and served GraphiQL, each of which loads its modules.
  it('has loaded no package outside package.json dependencies (none of tsx, esbuild, GraphiQL)', () => {
    expect(stderr.match(/^only-dependencies: refused .*$/gm) ?? []).toEqual([]);
  });
});
