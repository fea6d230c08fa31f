import { Client } from 'pg';
import type { QueryRunner } from 'typeorm';
import { poolState } from '../src/db/bounded-pool';
import type { RequestLimits } from '../src/db/database-settings';
import { insertCustomer } from './support/fixtures';
import { postGraphQL, readiness, SERVICE_UNAVAILABLE_ANSWER, waitUntil } from './support/http-answer';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * `/readyz` names what keeps the instance from serving (a pending migration, requests waiting for a pooled
 * connection), and a request that runs out of the server's own time (its pool, lock or statement bound) answers
 * 503 SERVICE_UNAVAILABLE with Retry-After instead of hanging or failing as an internal error.
 */

const PROCESSORS = `{ processors { id } }`;
const UPDATE = `mutation ($input: UpdateProfileInput!) { updateMyProfile(input: $input) { id fullName } }`;

/** A session of its own on the app's database, as another client (or a stuck job) would hold locks. */
async function otherSession(app: TestApp): Promise<Client> {
  const client = new Client({ connectionString: (app.dataSource.options as { url: string }).url });
  await client.connect();
  return client;
}

const LIMITS: RequestLimits = {
  acquireTimeoutMs: 30_000,
  maxWaitingForConnection: 1,
  statementTimeoutMs: 0,
  lockTimeoutMs: 300,
  idleInTransactionTimeoutMs: 30_000,
};

describe('readiness and the server-side bounds of a request', () => {
  let app: TestApp;
  let officer: string;
  beforeAll(async () => {
    app = await startTestApp({ limits: LIMITS });
    officer = await app.tokenFor('privacy_officer');
  });
  afterAll(() => app.close());

  it('is ready when the database answers, every migration ran, no request waits and the audit log is sealed in time', async () => {
    expect(await readiness(app.url)).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'ready', alerts: [], migrations: { pending: [] } }),
    });
  });

  it('is not ready while a migration of this build has not run, and names it', async () => {
    const [latest] = (await app.dataSource.query(`SELECT timestamp, name FROM typeorm_migrations ORDER BY timestamp DESC LIMIT 1`)) as Array<{
      timestamp: string;
      name: string;
    }>;
    await app.dataSource.query(`DELETE FROM typeorm_migrations WHERE name = $1`, [latest.name]);
    try {
      expect(await readiness(app.url)).toEqual({
        status: 503,
        body: expect.objectContaining({
          status: 'degraded',
          alerts: [`migrations: 1 pending (${latest.name})`],
          migrations: { pending: [latest.name] },
        }),
      });
    } finally {
      await app.dataSource.query(`INSERT INTO typeorm_migrations (timestamp, name) VALUES ($1, $2)`, [latest.timestamp, latest.name]);
    }
    expect((await readiness(app.url)).status).toBe(200);
  });

  it('sheds a request at once when the pool is saturated, and is not ready while requests wait for a connection', async () => {
    const held: QueryRunner[] = [];
    let waiting: ReturnType<typeof postGraphQL> | undefined;
    try {
      for (let i = 0; i < 4; i += 1) {
        const runner = app.dataSource.createQueryRunner();
        await runner.connect();
        held.push(runner);
      }
      expect(poolState(app.dataSource)).toMatchObject({ total: 4, idle: 0, waiting: 0, max: 4 });

      // The first request queues for a connection (up to the acquire timeout); the one after it finds the queue full.
      waiting = postGraphQL(app.url, PROCESSORS, { token: officer });
      await waitUntil(() => poolState(app.dataSource)?.waiting === 1, 'the request to wait for a connection');
      expect(await postGraphQL(app.url, PROCESSORS, { token: officer })).toEqual(SERVICE_UNAVAILABLE_ANSWER);
      expect(await readiness(app.url)).toEqual({
        status: 503,
        body: expect.objectContaining({ status: 'degraded', alerts: ['pool: 1 requests wait for a connection (4 of 4 in use)'] }),
      });
    } finally {
      await Promise.all(held.map((runner) => runner.release()));
    }
    // The queued request was served once a connection came free.
    expect(await waiting).toMatchObject({ status: 200, body: { data: { processors: expect.any(Array) } } });
    expect((await readiness(app.url)).status).toBe(200);
  });

  it('answers 503 when a mutation waits longer than the lock timeout for a row another session holds, and changes nothing', async () => {
    const customer = await insertCustomer(app.dataSource);
    const token = await app.customerToken(customer.id);
    const holder = await otherSession(app);
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM customer WHERE id = $1 FOR UPDATE', [customer.id]);
      expect(await postGraphQL(app.url, UPDATE, { token, variables: { input: { fullName: 'Nərgiz Quliyeva' } } })).toEqual(
        SERVICE_UNAVAILABLE_ANSWER,
      );
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    const [stored] = (await app.dataSource.query('SELECT full_name FROM customer WHERE id = $1', [customer.id])) as Array<{ full_name: string }>;
    expect(stored.full_name).toBe(customer.fullName);

    // Once the lock is gone the same request goes through.
    expect(await postGraphQL(app.url, UPDATE, { token, variables: { input: { fullName: 'Nərgiz Quliyeva' } } })).toMatchObject({
      status: 200,
      body: { data: { updateMyProfile: { id: customer.id, fullName: 'Nərgiz Quliyeva' } } },
    });
  });

  it('withholds a read whose audit row cannot be written in time: 503 AUDIT_UNAVAILABLE with Retry-After, no data', async () => {
    const customer = await insertCustomer(app.dataSource);
    const holder = await otherSession(app);
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE audit_event IN ACCESS EXCLUSIVE MODE');
      const read = await postGraphQL(app.url, `query ($id: UUID!) { customer(id: $id) { email } }`, {
        token: officer,
        variables: { id: customer.id },
      });
      expect(read).toEqual({
        status: 503,
        retryAfter: '5',
        body: {
          errors: [
            {
              message: 'The read could not be recorded in the audit log, so no data is returned. Try again later.',
              extensions: { code: 'AUDIT_UNAVAILABLE' },
            },
          ],
        },
      });
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
  });
});

describe('a statement over the statement timeout', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ limits: { ...LIMITS, maxWaitingForConnection: 50, statementTimeoutMs: 300, lockTimeoutMs: 0 } });
  });
  afterAll(() => app.close());

  it('is cancelled by PostgreSQL and answered 503 SERVICE_UNAVAILABLE, not INTERNAL_SERVER_ERROR', async () => {
    const holder = await otherSession(app);
    try {
      await holder.query('BEGIN');
      // The read waits for this lock; with no lock timeout, only the statement timeout ends the wait.
      await holder.query('LOCK TABLE processor IN ACCESS EXCLUSIVE MODE');
      expect(await postGraphQL(app.url, PROCESSORS, { token: await app.tokenFor('analyst') })).toEqual(SERVICE_UNAVAILABLE_ANSWER);
      await holder.query('ROLLBACK');
    } finally {
      await holder.end();
    }
    expect(await postGraphQL(app.url, PROCESSORS, { token: await app.tokenFor('analyst') })).toMatchObject({ status: 200 });
  });
});
