import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { buildSchema, Kind, parse, validate } from 'graphql';
import codegenConfig from '../codegen';

// The example operations in operations/ must stay valid against the committed SDL, and the typed client
// generated from them (web/client/generated/) must be what `npm run codegen` writes. No database: this only
// reads files. test/typed-client.test.ts sends each generated document to the server.

const root = resolve(__dirname, '..');
const GENERATED = 'web/client/generated';

const schema = buildSchema(readFileSync(join(root, 'schema.graphql'), 'utf8'));

const operationFiles = (readdirSync(join(root, 'operations'), { recursive: true }) as string[])
  .filter((name) => name.endsWith('.graphql'))
  .sort()
  .map((name) => join('operations', name));

const parsed = operationFiles.map((file) => ({
  file,
  document: parse(readFileSync(join(root, file), 'utf8')),
}));

describe('example operations', () => {
  it('finds the operation files', () => {
    expect(operationFiles.length).toBeGreaterThan(0);
  });

  it.each(parsed)('$file is valid against schema.graphql', ({ document }) => {
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    expect(operations.length).toBeGreaterThan(0);
    expect(operations.filter((o) => !o.name).length).toBe(0);
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
  });

  it('names every operation and fragment once across all files', () => {
    const seen = new Map<string, string[]>();
    for (const { file, document } of parsed) {
      for (const d of document.definitions) {
        if ((d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) && d.name) {
          seen.set(d.name.value, [...(seen.get(d.name.value) ?? []), file]);
        }
      }
    }
    const duplicates = [...seen].filter(([, files]) => files.length > 1);
    expect(duplicates).toEqual([]);
  });

  // generate(config, false) returns the outputs without writing them. It runs in a child process
  // because the codegen CLI needs ESM-only packages (listr2, yargs, ...) that Jest's module system
  // cannot load on Node < 24.9; the child is the ESM build `npm run codegen` uses. About 0.6 s.
  it('web/client/generated/ is up to date (else run `npm run codegen`)', () => {
    const config: CodegenConfig & { cwd: string } = { ...codegenConfig, cwd: root, silent: true };
    const script = `
      import { generate } from '@graphql-codegen/cli';
      const outputs = await generate(JSON.parse(process.argv[1]), false);
      process.stdout.write(JSON.stringify(outputs.map(({ filename, content }) => ({ filename, content }))));
    `;
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(config)], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'], // a codegen error then comes with the thrown error
    });
    const outputs = JSON.parse(stdout) as { filename: string; content: string }[];
    // A file codegen no longer writes (a renamed output) must not linger beside the rest.
    const committedFiles = readdirSync(join(root, GENERATED)).map((name) => `${GENERATED}/${name}`);
    expect(outputs.map((o) => o.filename).sort()).toEqual(committedFiles.sort());
    for (const { filename, content } of outputs) {
      const committed = readFileSync(resolve(root, filename), 'utf8');
      expect({ file: filename, content }).toEqual({ file: filename, content: committed });
    }
  });
});
