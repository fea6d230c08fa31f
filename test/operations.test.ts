import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generate, type CodegenConfig } from '@graphql-codegen/cli';
import { buildSchema, Kind, parse, validate } from 'graphql';
import codegenConfig from '../codegen';

// The codegen CLI's CommonJS build requires yargs 18, which is ESM-only: Jest's module system
// (before Node 24.9) cannot require it. yargs only parses the command line, which generate() never
// does, so a stand-in is enough.
jest.mock('yargs', () => ({
  __esModule: true,
  default: () => {
    throw new Error('yargs is not available in tests');
  },
}));

// The example operations in operations/ must stay valid against the committed SDL, and the
// types generated from them (test/generated/operations.ts) must match what `npm run codegen` writes.
// No database: this only reads files.

const root = resolve(__dirname, '..');
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

  it('test/generated/operations.ts is up to date (run `npm run codegen`)', async () => {
    const config: CodegenConfig & { cwd: string } = { ...codegenConfig, cwd: root, silent: true };
    // saveToFile false: nothing is written, the outputs come back in memory.
    const outputs: { filename: string; content: string }[] = await generate(config, false);
    expect(outputs.map((o) => o.filename).sort()).toEqual(Object.keys(codegenConfig.generates).sort());
    for (const { filename, content } of outputs) {
      const committed = readFileSync(resolve(root, filename), 'utf8');
      expect({ file: filename, content }).toEqual({ file: filename, content: committed });
    }
  });
});
