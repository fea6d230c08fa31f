import { Client } from 'pg';
import type { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { insertCustomer, type CustomerRow } from './support/fixtures';
import { startTestApp, TEST_EDGE, type TestApp } from './support/test-app';

/**
 * A request past its deadline gets 503 DEADLINE_EXCEEDED at once; a request whose client left is dropped. Neither
 * leaves audit rows for data no one received, and neither delivers personal data unaudited.
 */

const DEADLINE_MS = 400;
const PAGE = '{ customers(first: 10) { edges { node { id email fullName consents { id } } } } }';

let app: TestApp;
let officer: string;
let customer: CustomerRow;
let locker: Client;

beforeAll(async () => {
  app = await startTestApp({ edge: { ...TEST_EDGE, requestDeadlineMs: DEADLINE_MS } });
  customer = await insertCustomer(app.dataSource);
  officer = await app.tokenFor('privacy_officer');
  locker = new Client({ connectionString: (app.dataSource.options as { url: string }).url });
  await locker.connect();
});
afterAll(async () => {
  await locker.end();
  await app.close();
});

const auditRows = async () =>
  (
    (await app.dataSource.query('SELECT count(*)::int AS count FROM audit_event WHERE customer_id = $1', [customer.id])) as Array<{ count: number }>
  )[0].count;

/** Until the server has no statement running or waiting: the abandoned request has run to its end. */
async function serverIdle(app: TestApp, locker: Client): Promise<void> {
  const pool = (app.dataSource.driver as PostgresDriver).master as Pool;
  for (let quietChecks = 0; quietChecks < 5;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { rows } = await locker.query<{ busy: number }>(
      `SELECT count(*)::int AS busy FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`,
    );
    quietChecks = rows[0].busy === 0 && pool.waitingCount === 0 ? quietChecks + 1 : 0;
  }
}

/** Blocks every read of the customer table until `release`. */
async function lockCustomers(locker: Client): Promise<() => Promise<void>> {
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE customer IN ACCESS EXCLUSIVE MODE');
  return async () => {
    await locker.query('COMMIT');
  };
}

it('the control: the same read within its deadline answers the data and audits it', async () => {
  const before = await auditRows();
  const result = await app.graphql<{ customers: { edges: Array<{ node: { email: string } }> } }>(PAGE, { token: officer });
  expect(result.status).toBe(200);
  expect(result.data?.customers.edges[0].node.email).toBe(customer.email);
  expect(await auditRows()).toBe(before + 1);
});

it('past the deadline: 503 DEADLINE_EXCEEDED with Retry-After and no data; no audit row once the read completes', async () => {
  const before = await auditRows();
  const release = await lockCustomers(locker);
  const response = await fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
    body: JSON.stringify({ query: PAGE }),
  });
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('1');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toEqual({
    errors: [{ message: `The request did not complete within ${DEADLINE_MS} ms.`, extensions: { code: 'DEADLINE_EXCEEDED' } }],
  });
  await release();
  await serverIdle(app, locker);
  expect(await auditRows()).toBe(before);
});

it('a client that disconnects (long before the deadline): its read is dropped and not audited', async () => {
  const patient = await startTestApp();
  const patientCustomer = await insertCustomer(patient.dataSource);
  const patientLocker = new Client({ connectionString: (patient.dataSource.options as { url: string }).url });
  await patientLocker.connect();
  const rowsOf = async () =>
    (
      (await patient.dataSource.query('SELECT count(*)::int AS count FROM audit_event WHERE customer_id = $1', [patientCustomer.id])) as Array<{
        count: number;
      }>
    )[0].count;
  try {
    await disconnectWhileBlocked(patient, patientLocker, rowsOf);
  } finally {
    await patientLocker.end();
    await patient.close();
  }
});

async function disconnectWhileBlocked(app: TestApp, locker: Client, auditRows: () => Promise<number>) {
  const before = await auditRows();
  const release = await lockCustomers(locker);
  const officer = await app.tokenFor('privacy_officer');
  const abort = new AbortController();
  const request = fetch(app.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
    body: JSON.stringify({ query: PAGE }),
    signal: abort.signal,
  });
  // Until the server's statement waits on the lock.
  for (;;) {
    const { rows } = await locker.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0].waiting > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  abort.abort();
  await expect(request).rejects.toMatchObject({ name: 'AbortError' });
  // The client's side rejects at once; the server learns of the disconnect from its socket a moment later. If it
  // has not by the time the read completes, the read is audited and this test fails: it cannot pass by accident.
  await new Promise((resolve) => setTimeout(resolve, 300));
  await release();
  await serverIdle(app, locker);
  expect(await auditRows()).toBe(before);
}

it('verifying the audit log keeps running past the request deadline and the statement timeout, which still stop a page', async () => {
  const slow = await startTestApp({
    edge: { ...TEST_EDGE, requestDeadlineMs: DEADLINE_MS, longRequestDeadlineMs: 60_000 },
    limits: { acquireTimeoutMs: 2_000, maxWaitingForConnection: 50, statementTimeoutMs: 300, lockTimeoutMs: 0, idleInTransactionTimeoutMs: 0 },
  });
  const slowLocker = new Client({ connectionString: (slow.dataSource.options as { url: string }).url });
  await slowLocker.connect();
  try {
    const slowOfficer = await slow.tokenFor('privacy_officer');
    // Verification counts the queue of events to seal: while the queue is locked, it waits.
    await slowLocker.query('BEGIN');
    await slowLocker.query('LOCK TABLE audit_unsealed IN ACCESS EXCLUSIVE MODE');
    const verification = slow.graphql<{ verifyAuditChain: { intact: boolean } }>('{ verifyAuditChain(full: true) { intact } }', {
      token: slowOfficer,
    });
    // Held past both bounds: 3 × the deadline, 4 × the statement timeout.
    await new Promise((resolve) => setTimeout(resolve, 3 * DEADLINE_MS));
    await slowLocker.query('COMMIT');
    const answer = await verification;
    expect(answer.status).toBe(200);
    expect(answer.data?.verifyAuditChain.intact).toBe(true);

    // The same wait on a page: the statement timeout answers 503 first.
    await slowLocker.query('BEGIN');
    await slowLocker.query('LOCK TABLE customer IN ACCESS EXCLUSIVE MODE');
    const page = await slow.graphql(PAGE, { token: slowOfficer });
    await slowLocker.query('COMMIT');
    expect(page.status).toBe(503);
  } finally {
    await slowLocker.end();
    await slow.close();
  }
});
