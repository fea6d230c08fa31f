import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/db/data-source';
import { MIGRATIONS } from '../migrations';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/** Migrations take an empty database to the latest schema, and each `down` really reverses its `up`. */

const CORE_TABLES = [
  'audit_event',
  'consent',
  'consent_event',
  'customer',
  'disclosure',
  'privacy_request',
  'processor',
  'processor_purpose',
  'purpose',
];
// ConsentAccess also made audit_chain_head, which SealedAuditLog dropped with the hash chain.
const CONSENT_ACCESS_TABLES = ['data_category', 'processor_category', 'processor_token'];
const REQUEST_WORKFLOW_TABLES = ['outbox_message', 'privacy_request_event', 'privacy_request_export', 'request_verification'];
const SEALED_AUDIT_TABLES = ['audit_checkpoint', 'audit_leaf', 'audit_tree_node', 'audit_unsealed', 'audit_verification'];
const TRUSTED_DOCUMENT_TABLES = ['trusted_document'];
const EMAIL_CONFIRMATION_TABLES = ['email_confirmation'];
/** The history tables SealedAuditLog partitions by UTC month. */
const PARTITIONED_TABLES = ['audit_event', 'consent_event'];

let database: TestDatabase;
let dataSource: DataSource;
/** A moment just before the migrations ran: the month the partitions are named from. */
let migratedAt: Date;

/** The tables a user sees: partitions of a partitioned table are its storage, not tables of their own. */
async function tables(): Promise<string[]> {
  const rows = (await dataSource.query(
    `SELECT relname FROM pg_class
     WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT relispartition
       AND relname <> 'typeorm_migrations'
     ORDER BY 1`,
  )) as Array<{ relname: string }>;
  return rows.map((row) => row.relname);
}

/** 'YYYY_MM' of the UTC month `offset` months after `date`'s. */
function utcMonth(date: Date, offset = 0): string {
  const month = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));
  return `${month.getUTCFullYear()}_${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The first instant of that month as PostgreSQL prints a timestamptz in UTC. */
function utcMonthStart(date: Date, offset = 0): string {
  return `${utcMonth(date, offset).replace('_', '-')}-01 00:00:00+00`;
}

/** A partitioned table's partitions with their bounds, printed in UTC. */
async function partitionsOf(parent: string): Promise<Array<{ name: string; bound: string }>> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    await runner.query(`SET LOCAL TimeZone = 'UTC'`);
    const rows = (await runner.query(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = $1::regclass ORDER BY 1`,
      [parent],
    )) as Array<{ name: string; bound: string }>;
    await runner.commitTransaction();
    return rows;
  } finally {
    await runner.release();
  }
}

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
  dataSource = createDataSource({ url: database.url, poolSize: 1 });
  await dataSource.initialize();
});
afterAll(async () => {
  await dataSource.destroy();
  await database.drop();
});

it('builds every table from an empty database', async () => {
  expect(await tables()).toEqual([]);
  migratedAt = new Date();
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  expect(applied.map((migration) => migration.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
  expect(await tables()).toEqual([...CORE_TABLES, ...CONSENT_ACCESS_TABLES, ...REQUEST_WORKFLOW_TABLES, ...SEALED_AUDIT_TABLES, ...TRUSTED_DOCUMENT_TABLES, ...EMAIL_CONFIRMATION_TABLES].sort());
});

it('partitions the history tables by UTC month: everything before the migration in one, then this month and the next three', async () => {
  const parents = (await dataSource.query(
    `SELECT c.relname, c.relkind::text AS relkind, pg_get_partkeydef(c.oid) AS key
     FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'p' ORDER BY 1`,
  )) as Array<{ relname: string; relkind: string; key: string }>;
  expect(parents).toEqual(PARTITIONED_TABLES.map((relname) => ({ relname, relkind: 'p', key: 'RANGE (occurred_at)' })));

  for (const parent of PARTITIONED_TABLES) {
    const monthly = [0, 1, 2, 3].map((offset) => ({
      name: `${parent}_${utcMonth(migratedAt, offset)}`,
      bound: `FOR VALUES FROM ('${utcMonthStart(migratedAt, offset)}') TO ('${utcMonthStart(migratedAt, offset + 1)}')`,
    }));
    const before = { name: `${parent}_before_${utcMonth(migratedAt)}`, bound: `FOR VALUES FROM (MINVALUE) TO ('${utcMonthStart(migratedAt)}')` };
    expect(await partitionsOf(parent)).toEqual([...monthly, before]);
  }
});

/**
 * Everything a migration can change, as comparable text: relations (their kind, a partition's bounds), columns
 * (with defaults and identity), constraints, indexes, functions (with their bodies), triggers (with their definitions).
 */
async function schemaFingerprint(source: DataSource): Promise<string> {
  const rows = (await source.query(`
    SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable AS item
      FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
      FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL SELECT 'function ' || proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    UNION ALL SELECT 'trigger ' || pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal
    UNION ALL SELECT 'relation ' || relname || ' ' || relkind::text || coalesce(' ' || pg_get_expr(relpartbound, oid), '')
      FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'S', 'v', 'm', 'f')
    UNION ALL SELECT 'default ' || table_name || '.' || column_name || ' ' || coalesce(column_default, '-') || ' '
                     || is_identity || ' ' || coalesce(identity_generation, '-')
      FROM information_schema.columns WHERE table_schema = 'public'
    -- The body without its comments: a down that restores a function word for word but for a comment restores it.
    UNION ALL SELECT 'body ' || p.oid::regprocedure::text || ' '
                     || regexp_replace(regexp_replace(pg_get_functiondef(p.oid), '--[^\\n]*', '', 'g'), '\\s+', ' ', 'g')
      FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.prokind = 'f'
    ORDER BY 1`)) as Array<{ item: string }>;
  return rows
    .map((row) => row.item)
    // TypeORM's own bookkeeping table appears with the first run, whatever the migrations do.
    .filter((item) => !item.includes('typeorm_migrations'))
    .join('\n');
}

describe('stepping back', () => {
  let stepwise: TestDatabase;

  beforeAll(async () => {
    stepwise = await createTestDatabase({ empty: true });
  });
  afterAll(() => stepwise.drop());

  /** A data source over the stepwise database that knows only the first `count` migrations. */
  async function withMigrations<T>(count: number, work: (source: DataSource) => Promise<T>): Promise<T> {
    const source = createDataSource({ url: stepwise.url, poolSize: 1 });
    source.setOptions({ migrations: MIGRATIONS.slice(0, count) });
    await source.initialize();
    try {
      return await work(source);
    } finally {
      await source.destroy();
    }
  }

  it('restores, with each down, exactly the schema its up started from, and goes forward again', async () => {
    const schemaAfter: string[] = [await withMigrations(0, schemaFingerprint)];
    for (let count = 1; count <= MIGRATIONS.length; count += 1) {
      schemaAfter.push(
        await withMigrations(count, async (source) => {
          await source.runMigrations({ transaction: 'each' });
          return schemaFingerprint(source);
        }),
      );
    }
    expect(new Set(schemaAfter).size).toBe(MIGRATIONS.length + 1);

    await withMigrations(MIGRATIONS.length, async (source) => {
      for (let count = MIGRATIONS.length; count > 0; count -= 1) {
        await source.undoLastMigration({ transaction: 'each' });
        expect(await schemaFingerprint(source)).toBe(schemaAfter[count - 1]);
      }
      await source.runMigrations({ transaction: 'each' });
      expect(await schemaFingerprint(source)).toBe(schemaAfter[MIGRATIONS.length]);
    });
  });
});

describe('the database itself refuses impossible rows', () => {
  /** A 32-byte digest and an Ed25519-sized (64-byte) signature, so that a row is refused only for what its case names. */
  const DIGEST = `sha256('x')`;
  const SIGNATURE = `decode(repeat('ab', 64), 'hex')`;
  const checkpoint = (batch: string, treeSize: string, root: string, signature: string) =>
    `(${batch}, ${treeSize}, ${root}, now(), 'key-1', ${signature})`;

  /** [case, statement, why it is refused: the error's message] */
  const rejected: Array<[string, string, RegExp]> = [
    // A held customer may have no email now: signed up, the address given still waiting for its code (EmailConfirmation).
    [
      'an erased customer that still holds a phone',
      `INSERT INTO customer (locale, erased_at, phone) VALUES ('az', now(), '+994501234567')`,
      /customer_erased_holds_nothing/,
    ],
    ['a second customer with the same email in other case', `INSERT INTO customer (email) VALUES ('dup@x.az'), ('DUP@x.az')`, /customer_email_unique/],
    [
      'a consent for an unknown purpose',
      `INSERT INTO consent (customer_id, purpose_code, status, status_changed_at, source, policy_version) SELECT id, 'SELLING', 'GRANTED', now(), 'IMPORT', 'v1' FROM customer LIMIT 1`,
      /consent_purpose_code_fkey/,
    ],
    ['a trusted processor without a grantor', `INSERT INTO processor (name, kind, country, trusted_at) VALUES ('P', 'AFFILIATE', 'AZ', now())`, /processor_trust_has_grantor/],
    ['a rewritten consent event', `UPDATE consent_event SET status = 'GRANTED'`, /^consent_event is append-only: UPDATE refused$/],
    ['a truncated consent history', `TRUNCATE consent_event`, /^consent_event is append-only: TRUNCATE refused$/],
    [
      'a consent event of no consent',
      `INSERT INTO consent_event (consent_id, status, source, policy_version, occurred_at, actor)
       VALUES (gen_random_uuid(), 'GRANTED', 'IMPORT', 'v1', now(), 'test')`,
      /consent_event_consent_id_fkey/,
    ],
    [
      'a consent event from an unknown source',
      `INSERT INTO consent_event (consent_id, status, source, policy_version, occurred_at, actor)
       SELECT id, 'GRANTED', 'RUMOUR', 'v1', now(), 'test' FROM consent LIMIT 1`,
      /consent_event_source_check/,
    ],
    ['a deleted audit event', `DELETE FROM audit_event`, /^audit_event is append-only: DELETE refused$/],
    ['a truncated audit log', `TRUNCATE audit_event`, /^audit_event is append-only: TRUNCATE refused$/],
    [
      'an audit event that read no field',
      `INSERT INTO audit_event (occurred_at, request_id, actor_role, actor_subject, customer_id, fields, basis)
       SELECT now(), gen_random_uuid(), 'privacy_officer', 'officer:test', id, '{}', 'PRIVACY_OFFICER' FROM customer LIMIT 1`,
      /audit_event_fields_check/,
    ],
    [
      'a disclosure hidden from the customer without a reason',
      `INSERT INTO disclosure (ground, reference, processor_id, customer_id, categories, justification, expires_at, hidden_from_customer, created_by)
       SELECT 'LEGAL_OBLIGATION', 'r-1', p.id, c.id, '{contact}', 'court order', now() + interval '1 day', true, 'officer'
       FROM processor p, customer c LIMIT 1`,
      /disclosure_hidden_has_reason/,
    ],
    // The sealed tree: every table of it is append-only, and its hashes and signatures have their sizes.
    ['a rewritten audit leaf', `UPDATE audit_leaf SET tree_index = tree_index + 1`, /^audit_leaf is append-only: UPDATE refused$/],
    ['a deleted audit leaf', `DELETE FROM audit_leaf`, /^audit_leaf is append-only: DELETE refused$/],
    ['a leaf at a negative position', `INSERT INTO audit_leaf VALUES (-1, 1, now(), ${DIGEST})`, /audit_leaf_tree_index_check/],
    ['an event sealed twice', `INSERT INTO audit_leaf VALUES (0, 1, now(), ${DIGEST}), (1, 1, now(), ${DIGEST})`, /audit_leaf_event_id_key/],
    ['a rewritten tree node', `UPDATE audit_tree_node SET hash = sha256(hash)`, /^audit_tree_node is append-only: UPDATE refused$/],
    ['a truncated tree', `TRUNCATE audit_tree_node`, /^audit_tree_node is append-only: TRUNCATE refused$/],
    ['a tree node whose hash is not a SHA-256 digest', `INSERT INTO audit_tree_node VALUES (1, 0, '\\x00')`, /audit_tree_node_hash_check/],
    ['a tree node above the highest level', `INSERT INTO audit_tree_node VALUES (63, 0, ${DIGEST})`, /audit_tree_node_level_check/],
    ['a leaf stored as a tree node (leaves live in audit_leaf)', `INSERT INTO audit_tree_node VALUES (0, 0, ${DIGEST})`, /audit_tree_node_level_check/],
    ['a leaf whose hash is not a SHA-256 digest', `INSERT INTO audit_leaf VALUES (0, 1, now(), '\\x00')`, /audit_leaf_leaf_hash_check/],
    ['a rewritten checkpoint', `UPDATE audit_checkpoint SET root_hash = ${DIGEST}`, /^audit_checkpoint is append-only: UPDATE refused$/],
    ['a deleted checkpoint', `DELETE FROM audit_checkpoint`, /^audit_checkpoint is append-only: DELETE refused$/],
    [
      'a checkpoint with a 10-byte signature',
      `INSERT INTO audit_checkpoint VALUES ${checkpoint('1', '1', DIGEST, `decode(repeat('ab', 10), 'hex')`)}`,
      /audit_checkpoint_signature_check/,
    ],
    [
      'a checkpoint whose root is not a SHA-256 digest',
      `INSERT INTO audit_checkpoint VALUES ${checkpoint('1', '1', `decode(repeat('ab', 20), 'hex')`, SIGNATURE)}`,
      /audit_checkpoint_root_hash_check/,
    ],
    ['a checkpoint of an empty tree', `INSERT INTO audit_checkpoint VALUES ${checkpoint('1', '0', DIGEST, SIGNATURE)}`, /audit_checkpoint_tree_size_check/],
    [
      'two checkpoints of one tree size',
      `INSERT INTO audit_checkpoint VALUES ${checkpoint('1', '5', DIGEST, SIGNATURE)}, ${checkpoint('2', '5', DIGEST, SIGNATURE)}`,
      /audit_checkpoint_tree_size_key/,
    ],
    ['a rewritten verification record', `UPDATE audit_verification SET full_check = true`, /^audit_verification is append-only: UPDATE refused$/],
    // An address waiting for confirmation: one per customer, with its code's HMAC; a closed one keeps neither.
    [
      'two addresses waiting for one customer',
      `INSERT INTO email_confirmation (id, customer_id, address, code_hash, expires_at, max_attempts)
       SELECT gen_random_uuid(), id, 'new@x.az', repeat('a', 64), now() + interval '15 minutes', 5 FROM customer, generate_series(1, 2)`,
      /email_confirmation_one_open/,
    ],
    [
      'a closed confirmation that keeps its address',
      `INSERT INTO email_confirmation (id, customer_id, address, expires_at, max_attempts, closed_as)
       SELECT gen_random_uuid(), id, 'new@x.az', now(), 5, 'CONFIRMED' FROM customer`,
      /email_confirmation_closed_holds_nothing/,
    ],
    [
      'an address waiting without its code',
      `INSERT INTO email_confirmation (id, customer_id, address, expires_at, max_attempts)
       SELECT gen_random_uuid(), id, 'new@x.az', now() + interval '15 minutes', 5 FROM customer`,
      /email_confirmation_closed_holds_nothing/,
    ],
    [
      'a code kept as something else than an HMAC-SHA256',
      `INSERT INTO email_confirmation (id, customer_id, address, code_hash, expires_at, max_attempts)
       SELECT gen_random_uuid(), id, 'new@x.az', '123456', now() + interval '15 minutes', 5 FROM customer`,
      /email_confirmation_code_hash_check/,
    ],
    [
      "a privacy request's code message that names no request",
      `INSERT INTO outbox_message (kind, channel, customer_id) SELECT 'VERIFICATION_CODE', 'EMAIL', id FROM customer`,
      /outbox_request_message_names_request/,
    ],
    [
      'a trusted document stored under a hash that is not its own',
      `INSERT INTO trusted_document (processor_id, document_hash, document, operation_type, registered_by)
       SELECT id, encode(sha256('{ a }'), 'hex'), '{ b }', 'QUERY', 'officer' FROM processor LIMIT 1`,
      /trusted_document_hash_of_document/,
    ],
    [
      'the same trusted document live twice for one processor',
      `INSERT INTO trusted_document (processor_id, document_hash, document, operation_type, registered_by)
       SELECT id, encode(sha256('{ a }'), 'hex'), '{ a }', 'QUERY', 'officer' FROM processor, generate_series(1, 2) LIMIT 2`,
      /trusted_document_live/,
    ],
  ];

  beforeAll(async () => {
    await dataSource.query(`INSERT INTO purpose VALUES ('PERSONALIZATION', 'a', 'b', 'c', 'd', true, '§1.1')`);
    await dataSource.query(`INSERT INTO customer (email) VALUES ('held@x.az')`);
    await dataSource.query(`INSERT INTO processor (name, kind, country) VALUES ('Recipient', 'THIRD_PARTY', 'AZ')`);
    await dataSource.query(
      `INSERT INTO consent (customer_id, purpose_code, status, status_changed_at, source, policy_version)
       SELECT id, 'PERSONALIZATION', 'GRANTED', now(), 'IMPORT', 'v1' FROM customer`,
    );
  });

  it.each(rejected)('rejects %s', async (_case, sql, reason) => {
    await expect(dataSource.query(sql)).rejects.toThrow(reason);
  });

  it('accepts a well-formed checkpoint, so that the malformed ones above are refused for what they lack', async () => {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query(`INSERT INTO audit_checkpoint VALUES ${checkpoint('1', '1', DIGEST, SIGNATURE)}`);
      await runner.query(`INSERT INTO audit_leaf VALUES (0, 1, now(), ${DIGEST})`);
      await runner.query(`INSERT INTO audit_tree_node VALUES (1, 0, ${DIGEST})`);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  /** A statement trigger on the parent does not fire for a statement naming a partition: each has its own. */
  it('refuses UPDATE, DELETE and TRUNCATE naming any partition of the history tables', async () => {
    const partitions = (await dataSource.query(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent IN ('audit_event'::regclass, 'consent_event'::regclass) ORDER BY 1`,
    )) as Array<{ relname: string }>;
    expect(partitions).toHaveLength(2 * 5);
    for (const { relname } of partitions) {
      await expect(dataSource.query(`UPDATE ${relname} SET occurred_at = occurred_at`)).rejects.toThrow(`${relname} is append-only: UPDATE refused`);
      await expect(dataSource.query(`DELETE FROM ${relname}`)).rejects.toThrow(`${relname} is append-only: DELETE refused`);
      await expect(dataSource.query(`TRUNCATE ${relname}`)).rejects.toThrow(`${relname} is append-only: TRUNCATE refused`);
    }
  });
});
