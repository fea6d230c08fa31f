import { MigrationExecutor, type DataSource } from 'typeorm';
import { seedReferenceData } from './reference-data';

/**
 * The key of the session-level advisory lock under which a database is prepared. TypeORM's migration runner
 * takes no lock of its own: instances started at the same moment on an empty database each ran the first
 * migration, and all but one died on its CREATE TABLE.
 */
const PREPARE_LOCK_KEY = 0x70687562; // "phub"

/**
 * Brings a database to the latest schema and reference data, one preparer at a time: the others wait for the
 * lock, then find nothing pending. The lock is held on the connection that runs the migrations, so a pool of one
 * connection is enough, and it goes with the session if the process dies.
 */
export async function prepareDatabase(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [PREPARE_LOCK_KEY]);
    try {
      const migrations = new MigrationExecutor(dataSource, runner);
      migrations.transaction = 'each';
      await migrations.executePendingMigrations();
      await seedReferenceData(runner);
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [PREPARE_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
