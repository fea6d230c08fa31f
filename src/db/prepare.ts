import type { DataSource } from 'typeorm';
import { seedReferenceData } from './reference-data';

/** Brings a database to the latest schema and reference data. */
export async function prepareDatabase(dataSource: DataSource): Promise<void> {
  await dataSource.runMigrations({ transaction: 'each' });
  await seedReferenceData(dataSource);
}
