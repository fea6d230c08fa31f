import { seedReferenceData } from '../src/db/reference-data';
import { parseCommandLine } from '../src/common/command-line';
import { runScript, withDatabase } from './with-database';

const USAGE = `usage: npm run migrate [-- --revert]
  brings the database (DATABASE_URL, or the embedded one) to the latest schema and its reference data
  --revert  undoes the last migration instead`;

/** `npm run migrate` brings the database to the latest schema; `npm run migrate -- --revert` undoes the last migration. */
runScript(async () => {
  const { values } = parseCommandLine(USAGE, { options: { revert: { type: 'boolean', default: false } } });
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
