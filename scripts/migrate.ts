import { parseArgs } from 'node:util';
import { seedReferenceData } from '../src/db/reference-data';
import { runScript, withDatabase } from './with-database';

/** `npm run migrate` brings the database to the latest schema; `npm run migrate -- --revert` undoes the last migration. */
runScript(async () => {
  const { values } = parseArgs({ options: { revert: { type: 'boolean', default: false } } });
  await withDatabase(
    async (dataSource) => {
    if (values.revert) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
      return;
    }
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await seedReferenceData(dataSource);
    console.log(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'already up to date');
    },
    { prepare: false },
  );
});
