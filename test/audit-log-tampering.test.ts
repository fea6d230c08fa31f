import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { CheckpointSigner } from '../src/modules/audit/log/checkpoint-signer';
import { leafColumns, leafHashOf, type LeafSource } from '../src/modules/audit/log/leaf';
import { insertConsent, insertCustomer, insertProcessor, type CustomerRow } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Tampering of every kind with the sealed audit log is detected by `verifyAuditChain` and named: an event changed
 * (with or without its stored leaf hash), deleted, inserted around the queue, moved to another position; a leaf
 * removed or added; a checkpoint forged, removed, or rolled back after it was verified; an anchor kept outside
 * that the log no longer contains. Each tamper is made as only a database superuser could (triggers off) and
 * undone afterwards, and the log verifies intact again.
 */

let app: TestApp;
let officer: string;
let partnerToken: string;
let customers: CustomerRow[];

const VERIFY = `query ($full: Boolean, $anchor: String) {
  verifyAuditChain(full: $full, anchor: $anchor) {
    intact fromTreeSize treeSize checkedBatches checkedEvents unsealedEvents problem description firstBrokenBatch firstBrokenLeafIndex firstBrokenEventId
  }
}`;

interface Verification {
  intact: boolean;
  fromTreeSize: number;
  treeSize: number;
  checkedBatches: number;
  checkedEvents: number;
  unsealedEvents: number;
  problem: string | null;
  description: string | null;
  firstBrokenBatch: number | null;
  firstBrokenLeafIndex: number | null;
  firstBrokenEventId: string | null;
}

async function verify(variables: { full?: boolean; anchor?: string } = { full: true }): Promise<Verification> {
  const result = await app.graphql<{ verifyAuditChain: Verification }>(VERIFY, { token: officer, variables });
  expect(result.errors).toBeUndefined();
  return result.data!.verifyAuditChain;
}

/** Runs statements with every trigger off (append-only rules, the sealing queue), as only a superuser can. */
async function asSuperuser(statements: Array<[string, unknown[]?]>): Promise<void> {
  await app.dataSource.transaction(async (manager) => {
    await manager.query(`SET LOCAL session_replication_role = replica`);
    for (const [sql, parameters] of statements) await manager.query(sql, parameters ?? []);
  });
}

type Row = Record<string, unknown>;

async function one(sql: string, parameters: unknown[] = []): Promise<Row> {
  const [row] = (await app.dataSource.query(sql, parameters)) as Row[];
  return row;
}

async function leafAt(index: number): Promise<{ event: Row; leaf: Row }> {
  const leaf = await one(`SELECT * FROM audit_leaf WHERE tree_index = $1`, [index]);
  return {
    leaf,
    event: await one(`SELECT * FROM audit_event WHERE id = $1`, [leaf.event_id]),
  };
}

async function leafHashOfEvent(id: string): Promise<Buffer> {
  const [row] = (await app.dataSource.query(`SELECT ${leafColumns('e')} FROM audit_event e WHERE e.id = $1`, [id])) as LeafSource[];
  return leafHashOf({ ...row, fields: ['dateOfBirth'] });
}

const restoreEvent = (event: Row): [string, unknown[]] => [
  `INSERT INTO audit_event SELECT * FROM json_populate_record(NULL::audit_event, $1::json)`,
  [JSON.stringify(event)],
];

/** The checkpoints' batch and size: batch 1 holds leaves 0-3, batch 2 leaves 4-7, batch 3 leaves 8-11. */
let total: number;

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.tokenFor('privacy_officer');
  const partner = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'], categories: ['contact'] });
  partnerToken = await app.affiliateToken(partner.id, ['PERSONALIZATION']);
  customers = [];
  for (let index = 0; index < 4; index += 1) {
    const customer = await insertCustomer(app.dataSource);
    await insertConsent(app.dataSource, { customerId: customer.id, purpose: 'PERSONALIZATION', processorId: partner.id });
    customers.push(customer);
  }
  for (const token of [partnerToken, officer, partnerToken]) {
    for (const customer of customers) {
      await app.graphql(`query ($id: UUID!) { customer(id: $id) { email } }`, { token, variables: { id: customer.id } });
    }
    expect(await app.sealAuditLog()).toBe(4);
  }
  total = 12;
});
afterAll(() => app.close());

it('verifies the untouched log in full: three batches, every event, nothing unsealed', async () => {
  expect(await verify()).toEqual({
    intact: true,
    fromTreeSize: 0,
    treeSize: total,
    checkedBatches: 3,
    checkedEvents: total,
    unsealedEvents: 0,
    problem: null,
    description: null,
    firstBrokenBatch: null,
    firstBrokenLeafIndex: null,
    firstBrokenEventId: null,
  });
});

describe('a sealed event tampered with', () => {
  it('changed: names the event, its position and its batch', async () => {
    const { event } = await leafAt(5);
    await asSuperuser([[`UPDATE audit_event SET fields = ARRAY['email', 'phone'] WHERE id = $1`, [event.id]]]);
    try {
      expect(await verify()).toMatchObject({
        intact: false,
        problem: 'EVENT_CHANGED',
        firstBrokenBatch: 2,
        firstBrokenLeafIndex: 5,
        firstBrokenEventId: String(event.id),
        description: `event ${event.id} at position 5 of batch 2 does not match what was sealed`,
      });
    } finally {
      await asSuperuser([[`UPDATE audit_event SET fields = $2 WHERE id = $1`, [event.id, event.fields]]]);
    }
    expect((await verify()).intact).toBe(true);
  });

  it('changed together with its stored leaf hash: the batch no longer gives its signed root', async () => {
    const { event, leaf } = await leafAt(6);
    await asSuperuser([
      [`UPDATE audit_event SET fields = ARRAY['dateOfBirth'] WHERE id = $1`, [event.id]],
      // The forger recomputes the changed event's leaf hash, as the sequencer would have made it.
      [`UPDATE audit_leaf SET leaf_hash = $1 WHERE tree_index = 6`, [await leafHashOfEvent(String(event.id))]],
    ]);
    try {
      expect(await verify()).toMatchObject({
        intact: false,
        problem: 'ROOT_MISMATCH',
        firstBrokenBatch: 2,
        description: 'the events of batch 2 do not give its signed root',
      });
    } finally {
      await asSuperuser([
        [`UPDATE audit_event SET fields = $2 WHERE id = $1`, [event.id, event.fields]],
        [`UPDATE audit_leaf SET leaf_hash = $1 WHERE tree_index = 6`, [leaf.leaf_hash]],
      ]);
    }
    expect((await verify()).intact).toBe(true);
  });

  it('deleted: names the missing event at its position', async () => {
    const { event } = await leafAt(2);
    await asSuperuser([[`DELETE FROM audit_event WHERE id = $1`, [event.id]]]);
    try {
      expect(await verify()).toMatchObject({
        intact: false,
        problem: 'EVENT_MISSING',
        firstBrokenBatch: 1,
        firstBrokenLeafIndex: 2,
        firstBrokenEventId: String(event.id),
      });
    } finally {
      await asSuperuser([restoreEvent(event)]);
    }
    expect((await verify()).intact).toBe(true);
  });

  it('moved to another position (two events swapped): names the move', async () => {
    const first = await leafAt(8);
    const second = await leafAt(9);
    await asSuperuser([
      [`DELETE FROM audit_leaf WHERE tree_index IN (8, 9)`],
      // The events change places; the leaf hashes sealed at 8 and 9 stay where they were.
      [
        `INSERT INTO audit_leaf VALUES (8, $1, $2, $3), (9, $4, $5, $6)`,
        [second.leaf.event_id, second.leaf.occurred_at, first.leaf.leaf_hash, first.leaf.event_id, first.leaf.occurred_at, second.leaf.leaf_hash],
      ],
    ]);
    try {
      expect(await verify()).toMatchObject({
        intact: false,
        problem: 'EVENT_REORDERED',
        firstBrokenBatch: 3,
        firstBrokenLeafIndex: 8,
        firstBrokenEventId: String(second.event.id),
        description: `event ${second.event.id} stands at position 8 of batch 3 but was sealed at position 9`,
      });
    } finally {
      await asSuperuser([
        [`DELETE FROM audit_leaf WHERE tree_index IN (8, 9)`],
        [
          `INSERT INTO audit_leaf VALUES (8, $1, $2, $3), (9, $4, $5, $6)`,
          [first.leaf.event_id, first.leaf.occurred_at, first.leaf.leaf_hash, second.leaf.event_id, second.leaf.occurred_at, second.leaf.leaf_hash],
        ],
      ]);
    }
    expect((await verify()).intact).toBe(true);
  });
});

describe('the tree tampered with', () => {
  it('a leaf removed: names the position that has none', async () => {
    const { leaf } = await leafAt(3);
    await asSuperuser([[`DELETE FROM audit_leaf WHERE tree_index = 3`]]);
    try {
      expect(await verify()).toMatchObject({ intact: false, problem: 'LEAF_MISSING', firstBrokenBatch: 1, firstBrokenLeafIndex: 3 });
    } finally {
      await asSuperuser([[`INSERT INTO audit_leaf VALUES ($1, $2, $3, $4)`, [leaf.tree_index, leaf.event_id, leaf.occurred_at, leaf.leaf_hash]]]);
    }
    expect((await verify()).intact).toBe(true);
  });

  it('an event inserted around the queue: neither sealed nor waiting to be sealed', async () => {
    const [{ id }] = (await app.dataSource.query(`SELECT nextval('audit_event_ids')::text AS id`)) as Array<{ id: string }>;
    await asSuperuser([
      [
        `INSERT INTO audit_event (id, occurred_at, request_id, actor_role, actor_subject, customer_id, fields, basis)
         VALUES ($1, now(), gen_random_uuid(), 'privacy_officer', 'privacy_officer:forger', $2, '{email}', 'PRIVACY_OFFICER')`,
        [id, customers[0].id],
      ],
    ]);
    try {
      expect(await verify()).toMatchObject({
        intact: false,
        problem: 'EVENT_NOT_SEALED',
        firstBrokenEventId: id,
        description: `event ${id} is neither sealed nor waiting to be sealed`,
      });
      // The check from the last verified checkpoint looks at recent events too.
      expect(await verify({ full: false })).toMatchObject({ intact: false, problem: 'EVENT_NOT_SEALED', firstBrokenEventId: id });

      // Given a leaf of its own beyond the last checkpoint, it is a leaf nobody signed.
      await asSuperuser([[`INSERT INTO audit_leaf SELECT $1, id, occurred_at, sha256('forged') FROM audit_event WHERE id = $2`, [total, id]]]);
      expect(await verify()).toMatchObject({ intact: false, problem: 'LEAF_NOT_SIGNED', firstBrokenLeafIndex: total, firstBrokenEventId: id });
    } finally {
      await asSuperuser([
        [`DELETE FROM audit_leaf WHERE tree_index = $1`, [total]],
        [`DELETE FROM audit_event WHERE id = $1`, [id]],
      ]);
    }
    expect((await verify()).intact).toBe(true);
  });
});

describe('a checkpoint tampered with', () => {
  async function checkpoint(batch: number): Promise<Row> {
    return one(`SELECT * FROM audit_checkpoint WHERE batch = $1`, [batch]);
  }

  it('its root replaced: the signature no longer holds', async () => {
    const original = await checkpoint(2);
    await asSuperuser([[`UPDATE audit_checkpoint SET root_hash = $1 WHERE batch = 2`, [randomBytes(32)]]]);
    try {
      expect(await verify()).toMatchObject({
        intact: false,
        problem: 'CHECKPOINT_FORGED',
        firstBrokenBatch: 2,
        description: "the checkpoint of batch 2 is not signed by this log's key",
      });
    } finally {
      await asSuperuser([[`UPDATE audit_checkpoint SET root_hash = $1 WHERE batch = 2`, [original.root_hash]]]);
    }
    expect((await verify()).intact).toBe(true);
  });

  it('re-signed with another key over a rewritten root: forged', async () => {
    const original = await checkpoint(3);
    const forger = new CheckpointSigner(generateKeyPairSync('ed25519').privateKey);
    const forged = forger.sign(Number(original.tree_size), randomBytes(32), original.issued_at as Date);
    await asSuperuser([
      [
        `UPDATE audit_checkpoint SET root_hash = $1, signature = $2 WHERE batch = 3`,
        [Buffer.from(forged.rootHash, 'base64'), Buffer.from(forged.signature, 'base64')],
      ],
    ]);
    try {
      expect(await verify()).toMatchObject({ intact: false, problem: 'CHECKPOINT_FORGED', firstBrokenBatch: 3 });
    } finally {
      await asSuperuser([[`UPDATE audit_checkpoint SET root_hash = $1, signature = $2 WHERE batch = 3`, [original.root_hash, original.signature]]]);
    }
    expect((await verify()).intact).toBe(true);
  });

  it('removed from the middle: names the missing batch', async () => {
    const original = await checkpoint(2);
    await asSuperuser([[`DELETE FROM audit_checkpoint WHERE batch = 2`]]);
    try {
      expect(await verify()).toMatchObject({ intact: false, problem: 'CHECKPOINT_MISSING', firstBrokenBatch: 2 });
    } finally {
      await asSuperuser([
        [
          `INSERT INTO audit_checkpoint VALUES ($1, $2, $3, $4, $5, $6)`,
          [original.batch, original.tree_size, original.root_hash, original.issued_at, original.key_id, original.signature],
        ],
      ]);
    }
    expect((await verify()).intact).toBe(true);
  });
});

describe('verification from the last verified checkpoint', () => {
  it('checks only what was sealed since, and a full check still reads everything', async () => {
    expect(await verify({ full: false })).toMatchObject({ intact: true, treeSize: total });
    for (const customer of customers.slice(0, 2)) {
      await app.graphql(`query ($id: UUID!) { customer(id: $id) { email } }`, { token: officer, variables: { id: customer.id } });
    }
    expect(await app.sealAuditLog()).toBe(2);
    expect(await verify({ full: false })).toMatchObject({
      intact: true,
      fromTreeSize: total,
      treeSize: total + 2,
      checkedBatches: 1,
      checkedEvents: 2,
    });
    // Events sealed before the starting checkpoint are not re-read; a full check does read them.
    const { event } = await leafAt(1);
    await asSuperuser([[`UPDATE audit_event SET fields = ARRAY['phone'] WHERE id = $1`, [event.id]]]);
    try {
      expect(await verify({ full: false })).toMatchObject({ intact: true, fromTreeSize: total + 2, checkedEvents: 0 });
      expect(await verify({ full: true })).toMatchObject({ intact: false, problem: 'EVENT_CHANGED', firstBrokenLeafIndex: 1 });
    } finally {
      await asSuperuser([[`UPDATE audit_event SET fields = $2 WHERE id = $1`, [event.id, event.fields]]]);
    }
    total += 2;
  });

  it('notices the log rolled back past the checkpoint it verified last', async () => {
    expect((await verify({ full: false })).intact).toBe(true);
    const batch = (await one(`SELECT max(batch)::int AS batch FROM audit_checkpoint`)).batch as number;
    const latest = await one(`SELECT * FROM audit_checkpoint WHERE batch = $1`, [batch]);
    await asSuperuser([[`DELETE FROM audit_checkpoint WHERE batch = $1`, [batch]]]);
    try {
      expect(await verify({ full: false })).toMatchObject({
        intact: false,
        problem: 'VERIFIED_CHECKPOINT_REPLACED',
        firstBrokenBatch: batch,
        description: expect.stringMatching(
          new RegExp(`^the checkpoint of batch ${batch} \\(${total} events\\), verified on .+, is no longer in the log as it was$`),
        ),
      });
    } finally {
      await asSuperuser([
        [
          `INSERT INTO audit_checkpoint VALUES ($1, $2, $3, $4, $5, $6)`,
          [latest.batch, latest.tree_size, latest.root_hash, latest.issued_at, latest.key_id, latest.signature],
        ],
      ]);
    }
    expect((await verify({ full: false })).intact).toBe(true);
  });
});

describe('an anchor kept outside the database', () => {
  let anchor: string;

  beforeAll(async () => {
    const result = await app.graphql<{ auditCheckpoint: { document: string; treeSize: number } }>(`{ auditCheckpoint { document treeSize } }`, {
      token: officer,
    });
    anchor = result.data!.auditCheckpoint.document;
    expect(result.data!.auditCheckpoint.treeSize).toBe(total);
  });

  it('is found in the log, also after the log grew', async () => {
    expect(await verify({ full: true, anchor })).toMatchObject({ intact: true });
    await app.graphql(`query ($id: UUID!) { customer(id: $id) { email } }`, { token: officer, variables: { id: customers[3].id } });
    await app.sealAuditLog();
    expect(await verify({ full: false, anchor })).toMatchObject({ intact: true, treeSize: total + 1 });
  });

  it('is refused when its content was changed: not signed by the key', async () => {
    const changed = JSON.stringify({ ...JSON.parse(anchor), treeSize: 3 });
    expect(await verify({ full: false, anchor: changed })).toMatchObject({ intact: false, problem: 'ANCHOR_FORGED' });
  });

  it('shows a log that no longer holds what it once signed', async () => {
    // A checkpoint the log's own key signed, of a tree the database does not hold (its history was rewritten since).
    const signed = app.auditSigner.sign(total, randomBytes(32), new Date());
    expect(await verify({ full: false, anchor: JSON.stringify(signed) })).toMatchObject({
      intact: false,
      problem: 'ANCHOR_NOT_IN_LOG',
      description: `the log has no checkpoint of ${total} events with the root of the one given: it does not extend it`,
    });
  });

  it('is BAD_USER_INPUT when it is not a checkpoint document, without echoing it', async () => {
    const result = await app.graphql(VERIFY, { token: officer, variables: { anchor: '{"treeSize": "secret-value"}' } });
    expect(result.errors?.[0]).toMatchObject({ path: ['verifyAuditChain'], extensions: { code: 'BAD_USER_INPUT' } });
    expect(JSON.stringify(result)).not.toContain('secret-value');
  });
});

it.each(['staff', 'analyst'] as const)('is refused to %s (FORBIDDEN)', async (role) => {
  const result = await app.graphql(VERIFY, { token: await app.tokenFor(role) });
  expect(result.data).toEqual({ verifyAuditChain: null });
  expect(result.errors?.[0]).toMatchObject({ path: ['verifyAuditChain'], extensions: { code: 'FORBIDDEN' } });
});

it('is refused to a recipient (FORBIDDEN)', async () => {
  const result = await app.graphql(VERIFY, { token: partnerToken });
  expect(result.errors?.[0]).toMatchObject({ path: ['verifyAuditChain'], extensions: { code: 'FORBIDDEN' } });
});
