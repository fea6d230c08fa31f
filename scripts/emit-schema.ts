import { writeFile } from 'node:fs/promises';
import { buildBareSchema, printSortedSchema } from '../src/schema';
import { runScript } from './with-database';

/** `npm run schema`: writes schema.graphql from the code. A test fails while the committed file is stale. */
runScript(async () => {
  await writeFile('schema.graphql', printSortedSchema(await buildBareSchema()));
  console.log('wrote schema.graphql');
});
