import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { buildBareSchema, printSortedSchema } from '../src/schema';
import { parseCommandLine } from '../src/common/command-line';
import { runScript } from './cli';

const USAGE = `usage: npm run schema
  writes schema.graphql from the code (test/schema.test.ts fails while the committed file is stale)`;

/** `npm run schema`: writes schema.graphql from the code. A test fails while the committed file is stale. */
runScript(async () => {
  parseCommandLine(USAGE, {});
  await writeFile('schema.graphql', printSortedSchema(await buildBareSchema()));
  console.log('wrote schema.graphql');
});
