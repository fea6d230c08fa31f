import { Client } from 'pg';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { createLogger } from '../src/logger';
import { AuditSequencer } from '../src/modules/audit/log/audit-sequencer';
import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { verifyCheckpoint } from './support/independent-log-verifier';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Sealing off the request path: a request's audit rows are written without any lock shared with other requests;
 * the sequencer (one per database, by advisory lock) seals them afterwards into signed batches, each event once;
 * a sequencer killed mid-batch leaves nothing half-sealed and a successor seals everything once; the seal lag is
 * shown to the officer and raises a readiness alert past its bound.
 */

let app: TestApp;
let officer: string;
let partnerToken: string;
let customers: CustomerRow[];

const READ = `query ($id: UUID!) { customer(id: $id) { email } }`;

async function readAll(token = partnerToken): Promise<void> {
  for (const customer of customers) {
    const result = await app.graphql<{ customer: { email: string } }>(READ, { token, variables: { id: customer.id } });
    expect(result.data?.customer.email).toBe(customer.email);
  }
}

async function count(sql: string): Promise<number> {
  const [{ count: value }] = (await app.dataSource.query(`SELECT count(*)::int AS count FROM (${sql}) rows`)) as Array<{ count: number }>;
  return value;
}

const checkpoints = async () =>
  (await app.dataSource.query(`SELECT batch::int AS batch, tree_size::int AS "treeSize" FROM audit_checkpoint ORDER BY 1`)) as Array<{
    batch: number;
    treeSize: number;
  }>;

/** Every audit event id with the positions it is sealed at (none, one, or more if something sealed twice). */
async function sealedPositions(): Promise<Array<{ id: string; positions: number[] }>> {
  const rows = (await app.dataSource.query(
    `SELECT e.id::text, coalesce(array_agg(l.tree_index ORDER BY l.tree_index) FILTER (WHERE l.tree_index IS NOT NULL), '{}') AS positions
     FROM audit_event e LEFT JOIN audit_leaf l ON l.event_id = e.id GROUP BY e.id ORDER BY e.id`,
  )) as Array<{ id: string; positions: string[] }>;
  return rows.map((row) => ({ id: row.id, positions: row.positions.map(Number) }));
}

function databaseUrl(): string {
  return (app.dataSource.options as PostgresDataSourceOptions).url!;
}

function anotherSequencer(maxBatch = 10_000): AuditSequencer {
  return new AuditSequencer(databaseUrl(), app.auditSigner, { intervalMs: 3_600_000, maxBatch, lagBoundSeconds: 5 }, createLogger('silent'));
}

/** A session of the test's own, as another instance or a database administrator would have. */
async function session(): Promise<Client> {
  const client = new Client({ connectionString: databaseUrl() });
  await client.connect();
  return client;
}

async function waitFor(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let sequencer: AuditSequencer;

beforeAll(async () => {
  app = await startTestApp();
  // The sequencers here stand for instances: the server's own would hold the lead once it had sealed.
  await app.sequencer.stop();
  sequencer = anotherSequencer();
  officer = await app.tokenFor('privacy_officer');
  const partner = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'], categories: ['contact'] });
  partnerToken = await app.affiliateToken(partner.id, ['PERSONALIZATION']);
  customers = [];
  for (let index = 0; index < 4; index += 1) {
    const customer = await insertCustomer(app.dataSource);
    await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: partner.id });
    customers.push(customer);
  }
});
afterAll(async () => {
  await sequencer.stop();
  await app.close();
});

describe('sealing', () => {
  it('seals the committed reads in one signed batch, each event at one position, and empties the queue', async () => {
    await readAll();
    expect(await count('SELECT 1 FROM audit_unsealed')).toBe(4);
    expect(await checkpoints()).toEqual([]);

    expect(await sequencer.sealPending()).toBe(4);

    expect(await count('SELECT 1 FROM audit_unsealed')).toBe(0);
    expect((await sealedPositions()).map((event) => event.positions)).toEqual([[0], [1], [2], [3]]);
    expect(await checkpoints()).toEqual([{ batch: 1, treeSize: 4 }]);
    const { auditCheckpoint } = (await app.graphql<{ auditCheckpoint: { document: string } }>(`{ auditCheckpoint { document } }`, { token: officer }))
      .data!;
    expect(verifyCheckpoint(auditCheckpoint.document, app.auditSigner.publicKeyPem).treeSize).toBe(4);
    // Nothing new: a pass seals nothing and signs no empty batch.
    expect(await sequencer.sealPending()).toBe(0);
    expect(await checkpoints()).toHaveLength(1);
  });

  it('cuts a long queue into batches of at most maxBatch, each with its checkpoint', async () => {
    await readAll();
    await readAll(officer);
    await sequencer.stop();
    const small = anotherSequencer(3);
    try {
      expect(await small.sealPending()).toBe(8);
    } finally {
      await small.stop();
      sequencer = anotherSequencer();
    }
    expect((await checkpoints()).map((checkpoint) => checkpoint.treeSize)).toEqual([4, 7, 10, 12]);
    expect((await sealedPositions()).every((event) => event.positions.length === 1)).toBe(true);
  });

  it('lets only the lead seal: a second sequencer seals nothing until the leader is gone, then takes over', async () => {
    const leader = sequencer;
    const follower = anotherSequencer();
    try {
      await readAll();
      expect(await leader.sealPending()).toBe(4);
      await readAll();
      expect(await follower.sealPending()).toBe(0);
      expect([leader.isLeader, follower.isLeader]).toEqual([true, false]);
      await leader.stop();
      expect(await follower.sealPending()).toBe(4);
      expect(follower.isLeader).toBe(true);
    } finally {
      await follower.stop();
      sequencer = anotherSequencer();
    }
    expect(await count('SELECT 1 FROM audit_unsealed')).toBe(0);
  });
  it('stops between batches when asked, however long the queue: the rest waits for the next leader', async () => {
    await readAll();
    await readAll(officer);
    await sequencer.stop();
    const small = anotherSequencer(2);
    const before = (await checkpoints()).length;
    try {
      const pass = small.sealPending();
      await small.stop();
      expect(await pass).toBeLessThanOrEqual(2);
    } finally {
      sequencer = anotherSequencer();
    }
    expect((await checkpoints()).length - before).toBeLessThanOrEqual(1);
    expect(await count('SELECT 1 FROM audit_unsealed')).toBeGreaterThanOrEqual(6);
    expect(await sequencer.sealPending()).toBeGreaterThanOrEqual(6);
    expect(await count('SELECT 1 FROM audit_unsealed')).toBe(0);
  });
});

describe('the request path', () => {
  it("does not wait for another request's uncommitted audit rows", async () => {
    const other = await session();
    try {
      // Another request's audit write, in a transaction that has not committed yet (the same statement the server runs).
      await other.query('BEGIN');
      await other.query(
        `INSERT INTO audit_event (occurred_at, request_id, actor_role, actor_subject, customer_id, fields, basis)
         VALUES (now(), gen_random_uuid(), 'privacy_officer', 'privacy_officer:other', $1, '{email}', 'PRIVACY_OFFICER')`,
        [customers[0].id],
      );
      // Under the old chain head this read waited on that transaction's lock until it ended.
      const result = await app.graphql<{ customer: { email: string } }>(READ, { token: partnerToken, variables: { id: customers[1].id } });
      expect(result.status).toBe(200);
      expect(result.data?.customer.email).toBe(customers[1].email);
      expect(await count(`SELECT 1 FROM pg_locks WHERE NOT granted`)).toBe(0);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
  });

  it('does not wait for a sequencer in the middle of a batch', async () => {
    await sequencer.sealPending();
    const blocker = await session();
    try {
      await readAll();
      // SHARE lets the sequencer read the latest checkpoint and dequeue, and stops it at writing the new one.
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE audit_checkpoint IN SHARE MODE');
      const pass = sequencer.sealPending();
      await waitFor(
        async () => (await count(`SELECT 1 FROM pg_locks WHERE NOT granted AND relation = 'audit_checkpoint'::regclass`)) === 1,
        'the sequencer to block',
      );

      const result = await app.graphql<{ customer: { email: string } }>(READ, { token: officer, variables: { id: customers[2].id } });
      expect(result.status).toBe(200);
      expect(result.data?.customer.email).toBe(customers[2].email);

      await blocker.query('COMMIT');
      // The blocked batch holds the four it had dequeued; the read made meanwhile waits for the next one.
      expect(await pass).toBe(4);
      expect(await sequencer.sealPending()).toBe(1);
    } finally {
      await blocker.end();
    }
  });
});

describe('a sequencer killed in the middle of a batch', () => {
  it('leaves nothing half-sealed; its successor seals every event exactly once', async () => {
    await sequencer.sealPending();
    const before = await checkpoints();
    const victim = sequencer;
    const successor = anotherSequencer();
    const blocker = await session();
    try {
      await readAll();
      await readAll(officer);
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE audit_checkpoint IN SHARE MODE');
      const pass = victim.sealPending();
      await waitFor(
        async () => (await count(`SELECT 1 FROM pg_locks WHERE NOT granted AND relation = 'audit_checkpoint'::regclass`)) === 1,
        'the victim to block',
      );
      // It has dequeued the rows and written their leaves and nodes in its transaction; now it dies.
      const [{ pid }] = (
        await blocker.query<{ pid: number }>(`SELECT l.pid FROM pg_locks l WHERE NOT l.granted AND l.relation = 'audit_checkpoint'::regclass`)
      ).rows;
      await blocker.query('SELECT pg_terminate_backend($1)', [pid]);
      // 57P01 admin_shutdown: its session was the one terminated, not some other failure.
      await expect(pass).rejects.toMatchObject({ code: '57P01' });
      await blocker.query('COMMIT');
      expect(victim.isLeader).toBe(false);

      expect(await count('SELECT 1 FROM audit_unsealed')).toBe(8);
      expect(await checkpoints()).toEqual(before);
      expect(await successor.sealPending()).toBe(8);
    } finally {
      await blocker.end();
      await victim.stop();
    }
    sequencer = successor;
    expect((await sealedPositions()).filter((event) => event.positions.length !== 1)).toEqual([]);
    const after = await checkpoints();
    expect(after.map((checkpoint) => checkpoint.batch)).toEqual(after.map((_checkpoint, index) => index + 1));
    const verification = await app.graphql<{ verifyAuditChain: { intact: boolean; unsealedEvents: number } }>(
      `{ verifyAuditChain(full: true) { intact unsealedEvents } }`,
      { token: officer },
    );
    expect(verification.data?.verifyAuditChain).toEqual({ intact: true, unsealedEvents: 0 });
  });
});

describe('the seal lag', () => {
  const STATUS = `{ auditSealStatus { unsealedEvents oldestUnsealedSeconds lagBoundSeconds withinBound latestCheckpoint { treeSize } } }`;
  type Status = {
    unsealedEvents: number;
    oldestUnsealedSeconds: number | null;
    lagBoundSeconds: number;
    withinBound: boolean;
    latestCheckpoint: { treeSize: number } | null;
  };
  let lagging: TestApp;

  beforeAll(async () => {
    lagging = await startTestApp({ sealing: { intervalMs: 3_600_000, maxBatch: 10_000, lagBoundSeconds: 1 } });
  });
  afterAll(() => lagging.close());

  const status = async (target: TestApp) =>
    (await target.graphql<{ auditSealStatus: Status }>(STATUS, { token: await target.tokenFor('privacy_officer') })).data!.auditSealStatus;
  const readiness = async (target: TestApp) => {
    const response = await fetch(target.url.replace(/\/graphql$/, '/readyz'));
    return { status: response.status, body: (await response.json()) as { status: string; alerts: string[] } };
  };

  it('is shown to the officer and, past its bound, is an alert in the readiness state until sealing catches up', async () => {
    const customer = await insertCustomer(lagging.dataSource);
    await lagging.graphql(READ, { token: await lagging.tokenFor('privacy_officer'), variables: { id: customer.id } });
    await waitFor(async () => ((await status(lagging)).oldestUnsealedSeconds ?? 0) > 1, 'the event to wait longer than the bound');

    expect(await status(lagging)).toMatchObject({ unsealedEvents: 1, lagBoundSeconds: 1, withinBound: false, latestCheckpoint: null });
    expect(await readiness(lagging)).toEqual({
      status: 503,
      body: expect.objectContaining({
        status: 'degraded',
        alerts: [expect.stringMatching(/^audit: 1 events wait to be sealed, the oldest for \d+ s \(bound 1 s\)$/)],
      }),
    });

    expect(await lagging.sealAuditLog()).toBe(1);
    expect(await status(lagging)).toEqual({
      unsealedEvents: 0,
      oldestUnsealedSeconds: null,
      lagBoundSeconds: 1,
      withinBound: true,
      latestCheckpoint: { treeSize: 1 },
    });
    expect(await readiness(lagging)).toMatchObject({ status: 200, body: { status: 'ready', alerts: [] } });
  });

  it.each(['staff', 'analyst'] as const)('is not shown to %s (FORBIDDEN)', async (role) => {
    const result = await lagging.graphql(STATUS, { token: await lagging.tokenFor(role) });
    expect(result.data).toEqual({ auditSealStatus: null });
    expect(result.errors?.[0]).toMatchObject({ path: ['auditSealStatus'], extensions: { code: 'FORBIDDEN' } });
  });

  it('is kept under the bound by the background sequencer without anyone asking', async () => {
    const sealing = await startTestApp({ sealing: { intervalMs: 100, maxBatch: 10_000, lagBoundSeconds: 5 } });
    try {
      const customer = await insertCustomer(sealing.dataSource);
      await sealing.graphql(READ, { token: await sealing.tokenFor('privacy_officer'), variables: { id: customer.id } });
      await waitFor(async () => (await status(sealing)).latestCheckpoint?.treeSize === 1, 'the background seal');
      expect(await status(sealing)).toMatchObject({ unsealedEvents: 0, withinBound: true });
    } finally {
      await sealing.close();
    }
  });
});
