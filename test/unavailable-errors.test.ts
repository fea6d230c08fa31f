import { Client } from 'pg';
import { createDataSource } from '../src/db/data-source';
import { isDatabaseUnavailable } from '../src/db/unavailable';
import { waitUntil } from './support/http-answer';
import { TEST_ADMIN_URL } from './support/test-database';

/** The run's PostgreSQL server (global setup starts it and names it). */
const serverUrl = () => process.env[TEST_ADMIN_URL]!;

/**
 * What node-postgres throws once a session is gone is classified as the database being unavailable (503 with
 * Retry-After), not as an internal error: these are the errors a request meets when the server stops under it.
 */

async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the work to fail');
}

it('classifies a query on a client that was closed as unavailable', async () => {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  await client.end();
  const error = await errorOf(() => client.query('SELECT 1'));
  expect((error as Error).message).toBe('Client was closed and is not queryable');
  expect(isDatabaseUnavailable(error)).toBe(true);
});

it('does not classify an ordinary SQL error as unavailable', async () => {
  const client = new Client({ connectionString: serverUrl() });
  await client.connect();
  const error = await errorOf(() => client.query('SELECT * FROM no_such_table'));
  await client.end();
  expect(isDatabaseUnavailable(error)).toBe(false);
});

it('classifies the next statement of a transaction whose session was terminated as unavailable', async () => {
  // What a mutation met when the server stopped between two of its statements (test/database-outage, under load):
  // TypeORM releases the query runner when its connection fails, and the transaction's next statement is refused so.
  const dataSource = createDataSource({ url: serverUrl(), poolSize: 1 });
  await dataSource.initialize();
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  try {
    const error = await errorOf(() =>
      dataSource.transaction(async (manager) => {
        const [{ pid }] = (await manager.query('SELECT pg_backend_pid() AS pid')) as Array<{ pid: number }>;
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        await waitUntil(async () => manager.queryRunner!.isReleased, 'the query runner to be released');
        await manager.query('SELECT 1');
      }),
    );
    expect((error as Error).name).toBe('QueryRunnerProviderAlreadyReleasedError');
    expect(isDatabaseUnavailable(error)).toBe(true);
  } finally {
    await admin.end();
    await dataSource.destroy();
  }
});
