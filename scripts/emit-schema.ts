import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { buildBareSchema, printSortedSchema } from '../src/schema';

/** `npm run schema`: writes schema.graphql from the code. A test fails while the committed file is stale. */
async function main(): Promise<void> {
  await writeFile('schema.graphql', printSortedSchema(await buildBareSchema()));
  console.log('wrote schema.graphql');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
