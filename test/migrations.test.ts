import type { DataSource } from 'typeorm';
import { createDataSource } from '../src/db/data-source';
import { MIGRATIONS } from '../migrations';
import { OneActorFormat1765500000000 } from '../migrations/1765500000000-OneActorFormat';
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
const REFUSED_READ_TABLES = ['refused_read'];
/** Migrations that rewrite stored rows and leave the schema as it was. */
const DATA_ONLY_MIGRATIONS = [OneActorFormat1765500000000];
/** The history tables SealedAuditLog partitions by UTC month. */
const PARTITIONED_TABLES = ['audit_event', 'consent_event'];

let database: TestDatabase;
let dataSource: DataSource;
/** The tables before the migrations ran, and the migrations that then ran. */
let tablesBefore: string[];
let applied: Array<{ name: string }>;
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

// The migrations run here, not in the first test, so that any test run alone (`-t`) has the schema it checks.
beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
  dataSource = createDataSource({ url: database.url, poolSize: 1 });
  await dataSource.initialize();
  tablesBefore = await tables();
  migratedAt = new Date();
  applied = await dataSource.runMigrations({ transaction: 'each' });
});
afterAll(async () => {
  await dataSource.destroy();
  await database.drop();
});

it('builds every table from an empty database', async () => {
  expect(tablesBefore).toEqual([]);
  expect(applied.map((migration) => migration.name)).toEqual(MIGRATIONS.map((migration) => migration.name));
  expect(await tables()).toEqual(
    [
      ...CORE_TABLES,
      ...CONSENT_ACCESS_TABLES,
      ...REQUEST_WORKFLOW_TABLES,
      ...SEALED_AUDIT_TABLES,
      ...TRUSTED_DOCUMENT_TABLES,
      ...EMAIL_CONFIRMATION_TABLES,
      ...REFUSED_READ_TABLES,
    ].sort(),
  );
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
  return (
    rows
      .map((row) => row.item)
      // TypeORM's own bookkeeping table appears with the first run, whatever the migrations do.
      .filter((item) => !item.includes('typeorm_migrations'))
      .join('\n')
  );
}

/** `work` with a data source over `database` that knows only the first `count` migrations. */
async function withFirstMigrations<T>(database: TestDatabase, count: number, work: (source: DataSource) => Promise<T>): Promise<T> {
  const source = createDataSource({ url: database.url, poolSize: 1 });
  source.setOptions({ migrations: MIGRATIONS.slice(0, count) });
  await source.initialize();
  try {
    return await work(source);
  } finally {
    await source.destroy();
  }
}

describe('stepping back', () => {
  let stepwise: TestDatabase;

  beforeAll(async () => {
    stepwise = await createTestDatabase({ empty: true });
  });
  afterAll(() => stepwise.drop());

  const withMigrations = <T>(count: number, work: (source: DataSource) => Promise<T>) => withFirstMigrations(stepwise, count, work);

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
    // Every migration changes the schema but those that only rewrite rows (their data is tested on its own below).
    expect(new Set(schemaAfter).size).toBe(MIGRATIONS.length + 1 - DATA_ONLY_MIGRATIONS.length);

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

  /**
   * How PostgreSQL refuses a row: its SQLSTATE and the constraint it names, or, for the append-only trigger (which
   * names no constraint), its SQLSTATE and exact message. Matching a message fragment alone would also accept
   * another error that happens to quote the name (a missing relation, a syntax error near it).
   */
  type Refusal = { code: string; constraint: string } | { code: string; message: string };
  const UNIQUE_VIOLATION = '23505';
  const FOREIGN_KEY_VIOLATION = '23503';
  const CHECK_VIOLATION = '23514';
  const violates = (code: string, constraint: string): Refusal => ({ code, constraint });
  /** The history tables' trigger (CoreSchema's refuse_history_rewrite) raises insufficient_privilege. */
  const appendOnly = (table: string, operation: 'UPDATE' | 'DELETE' | 'TRUNCATE'): Refusal => ({
    code: '42501',
    message: `${table} is append-only: ${operation} refused`,
  });

  /** [case, statement, how it is refused] */
  const rejected: Array<[string, string, Refusal]> = [
    // A held customer may have no email now: signed up, the address given still waiting for its code (EmailConfirmation).
    [
      'an erased customer that still holds a phone',
      `INSERT INTO customer (locale, erased_at, phone) VALUES ('az', now(), '+994501234567')`,
      violates(CHECK_VIOLATION, 'customer_erased_holds_nothing'),
    ],
    [
      'a second customer with the same email in other case',
      `INSERT INTO customer (email) VALUES ('dup@x.az'), ('DUP@x.az')`,
      violates(UNIQUE_VIOLATION, 'customer_email_unique'),
    ],
    [
      'a consent for an unknown purpose',
      `INSERT INTO consent (customer_id, purpose_code, status, status_changed_at, source, policy_version) SELECT id, 'SELLING', 'GRANTED', now(), 'IMPORT', 'v1' FROM customer LIMIT 1`,
      violates(FOREIGN_KEY_VIOLATION, 'consent_purpose_code_fkey'),
    ],
    [
      'a trusted processor without a grantor',
      `INSERT INTO processor (name, kind, country, trusted_at) VALUES ('P', 'AFFILIATE', 'AZ', now())`,
      violates(CHECK_VIOLATION, 'processor_trust_has_grantor'),
    ],
    ['a rewritten consent event', `UPDATE consent_event SET status = 'GRANTED'`, appendOnly('consent_event', 'UPDATE')],
    ['a truncated consent history', `TRUNCATE consent_event`, appendOnly('consent_event', 'TRUNCATE')],
    [
      'a consent event of no consent',
      `INSERT INTO consent_event (consent_id, status, source, policy_version, occurred_at, actor)
       VALUES (gen_random_uuid(), 'GRANTED', 'IMPORT', 'v1', now(), 'test')`,
      // The 1: SealedAuditLog created the partitioned table's unnamed foreign key while the renamed old table still
      // held consent_event_consent_id_fkey, so PostgreSQL numbered the new one.
      violates(FOREIGN_KEY_VIOLATION, 'consent_event_consent_id_fkey1'),
    ],
    [
      'a consent event from an unknown source',
      `INSERT INTO consent_event (consent_id, status, source, policy_version, occurred_at, actor)
       SELECT id, 'GRANTED', 'RUMOUR', 'v1', now(), 'test' FROM consent LIMIT 1`,
      violates(CHECK_VIOLATION, 'consent_event_source_check'),
    ],
    ['a deleted audit event', `DELETE FROM audit_event`, appendOnly('audit_event', 'DELETE')],
    ['a truncated audit log', `TRUNCATE audit_event`, appendOnly('audit_event', 'TRUNCATE')],
    [
      'an audit event that read no field',
      `INSERT INTO audit_event (occurred_at, request_id, actor_role, actor_subject, customer_id, fields, basis)
       SELECT now(), gen_random_uuid(), 'privacy_officer', 'officer:test', id, '{}', 'PRIVACY_OFFICER' FROM customer LIMIT 1`,
      violates(CHECK_VIOLATION, 'audit_event_fields_check'),
    ],
    [
      'a disclosure hidden from the customer without a reason',
      `INSERT INTO disclosure (ground, reference, processor_id, customer_id, categories, justification, expires_at, hidden_from_customer, created_by)
       SELECT 'LEGAL_OBLIGATION', 'r-1', p.id, c.id, '{contact}', 'court order', now() + interval '1 day', true, 'officer'
       FROM processor p, customer c LIMIT 1`,
      violates(CHECK_VIOLATION, 'disclosure_hidden_has_reason'),
    ],
    // The sealed tree: every table of it is append-only, and its hashes and signatures have their sizes.
    ['a rewritten audit leaf', `UPDATE audit_leaf SET tree_index = tree_index + 1`, appendOnly('audit_leaf', 'UPDATE')],
    ['a deleted audit leaf', `DELETE FROM audit_leaf`, appendOnly('audit_leaf', 'DELETE')],
    [
      'a leaf at a negative position',
      `INSERT INTO audit_leaf VALUES (-1, 1, now(), ${DIGEST})`,
      violates(CHECK_VIOLATION, 'audit_leaf_tree_index_check'),
    ],
    [
      'an event sealed twice',
      `INSERT INTO audit_leaf VALUES (0, 1, now(), ${DIGEST}), (1, 1, now(), ${DIGEST})`,
      violates(UNIQUE_VIOLATION, 'audit_leaf_event_id_key'),
    ],
    ['a rewritten tree node', `UPDATE audit_tree_node SET hash = sha256(hash)`, appendOnly('audit_tree_node', 'UPDATE')],
    ['a truncated tree', `TRUNCATE audit_tree_node`, appendOnly('audit_tree_node', 'TRUNCATE')],
    [
      'a tree node whose hash is not a SHA-256 digest',
      `INSERT INTO audit_tree_node VALUES (1, 0, '\\x00')`,
      violates(CHECK_VIOLATION, 'audit_tree_node_hash_check'),
    ],
    [
      'a tree node above the highest level',
      `INSERT INTO audit_tree_node VALUES (63, 0, ${DIGEST})`,
      violates(CHECK_VIOLATION, 'audit_tree_node_level_check'),
    ],
    [
      'a leaf stored as a tree node (leaves live in audit_leaf)',
      `INSERT INTO audit_tree_node VALUES (0, 0, ${DIGEST})`,
      violates(CHECK_VIOLATION, 'audit_tree_node_level_check'),
    ],
    [
      'a leaf whose hash is not a SHA-256 digest',
      `INSERT INTO audit_leaf VALUES (0, 1, now(), '\\x00')`,
      violates(CHECK_VIOLATION, 'audit_leaf_leaf_hash_check'),
    ],
    ['a rewritten checkpoint', `UPDATE audit_checkpoint SET root_hash = ${DIGEST}`, appendOnly('audit_checkpoint', 'UPDATE')],
    ['a deleted checkpoint', `DELETE FROM audit_checkpoint`, appendOnly('audit_checkpoint', 'DELETE')],
    [
      'a checkpoint with a 10-byte signature',
      `INSERT INTO audit_checkpoint VALUES ${checkpoint('1', '1', DIGEST, `decode(repeat('ab', 10), 'hex')`)}`,
      violates(CHECK_VIOLATION, 'audit_checkpoint_signature_check'),
    ],
    [
      'a checkpoint whose root is not a SHA-256 digest',
      `INSERT INTO audit_checkpoint VALUES ${checkpoint('1', '1', `decode(repeat('ab', 20), 'hex')`, SIGNATURE)}`,
      violates(CHECK_VIOLATION, 'audit_checkpoint_root_hash_check'),
    ],
    [
      'a checkpoint of an empty tree',
      `INSERT INTO audit_checkpoint VALUES ${checkpoint('1', '0', DIGEST, SIGNATURE)}`,
      violates(CHECK_VIOLATION, 'audit_checkpoint_tree_size_check'),
    ],
    [
      'two checkpoints of one tree size',
      `INSERT INTO audit_checkpoint VALUES ${checkpoint('1', '5', DIGEST, SIGNATURE)}, ${checkpoint('2', '5', DIGEST, SIGNATURE)}`,
      violates(UNIQUE_VIOLATION, 'audit_checkpoint_tree_size_key'),
    ],
    ['a rewritten verification record', `UPDATE audit_verification SET full_check = true`, appendOnly('audit_verification', 'UPDATE')],
    // An address waiting for confirmation: one per customer, with its code's HMAC; a closed one keeps neither.
    [
      'two addresses waiting for one customer',
      `INSERT INTO email_confirmation (id, customer_id, address, code_hash, expires_at, max_attempts)
       SELECT gen_random_uuid(), id, 'new@x.az', repeat('a', 64), now() + interval '15 minutes', 5 FROM customer, generate_series(1, 2)`,
      violates(UNIQUE_VIOLATION, 'email_confirmation_one_open'),
    ],
    [
      'a closed confirmation that keeps its address',
      `INSERT INTO email_confirmation (id, customer_id, address, expires_at, max_attempts, closed_as)
       SELECT gen_random_uuid(), id, 'new@x.az', now(), 5, 'CONFIRMED' FROM customer`,
      violates(CHECK_VIOLATION, 'email_confirmation_closed_holds_nothing'),
    ],
    [
      'an address waiting without its code',
      `INSERT INTO email_confirmation (id, customer_id, address, expires_at, max_attempts)
       SELECT gen_random_uuid(), id, 'new@x.az', now() + interval '15 minutes', 5 FROM customer`,
      violates(CHECK_VIOLATION, 'email_confirmation_closed_holds_nothing'),
    ],
    [
      'a code kept as something else than an HMAC-SHA256',
      `INSERT INTO email_confirmation (id, customer_id, address, code_hash, expires_at, max_attempts)
       SELECT gen_random_uuid(), id, 'new@x.az', '123456', now() + interval '15 minutes', 5 FROM customer`,
      violates(CHECK_VIOLATION, 'email_confirmation_code_hash_check'),
    ],
    [
      "a privacy request's code message that names no request",
      `INSERT INTO outbox_message (kind, channel, customer_id) SELECT 'VERIFICATION_CODE', 'EMAIL', id FROM customer`,
      violates(CHECK_VIOLATION, 'outbox_request_message_names_request'),
    ],
    [
      'a trusted document stored under a hash that is not its own',
      `INSERT INTO trusted_document (processor_id, document_hash, document, operation_type, registered_by)
       SELECT id, encode(sha256('{ a }'), 'hex'), '{ b }', 'QUERY', 'officer' FROM processor LIMIT 1`,
      violates(CHECK_VIOLATION, 'trusted_document_hash_of_document'),
    ],
    [
      'the same trusted document live twice for one processor',
      `INSERT INTO trusted_document (processor_id, document_hash, document, operation_type, registered_by)
       SELECT id, encode(sha256('{ a }'), 'hex'), '{ a }', 'QUERY', 'officer' FROM processor, generate_series(1, 2) LIMIT 2`,
      violates(UNIQUE_VIOLATION, 'trusted_document_live'),
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

  it.each(rejected)('rejects %s', async (_case, sql, refusal) => {
    await expect(dataSource.query(sql)).rejects.toMatchObject(refusal);
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

describe('OneActorFormat: every column that records who did something says it as <kind>:<name>', () => {
  const CUSTOMER = 'abcdef00-0000-4000-8000-00000000000a';
  const PROCESSOR = 'abcdef00-0000-4000-8000-00000000000b';
  const ASSISTED_REQUEST = 'abcdef00-0000-4000-8000-00000000000c';
  const OWN_REQUEST = 'abcdef00-0000-4000-8000-00000000000d';
  const OFFICER = 'officer:nigar';
  const STAFF = 'staff:staff:desk';

  /** Each actor column, with the order its rows are read in. */
  const ACTOR_COLUMNS: Array<[table: string, column: string, order: string]> = [
    ['processor', 'trusted_by', 'id'],
    ['disclosure', 'created_by', 'id'],
    ['processor_token', 'issued_by', 'token_hash'],
    ['processor_token', 'revoked_by', 'token_hash'],
    ['trusted_document', 'registered_by', 'id'],
    ['trusted_document', 'revoked_by', 'id'],
    ['privacy_request', 'submitted_by', 'id'],
    ['privacy_request', 'verified_by', 'id'],
    ['privacy_request', 'assigned_to', 'id'],
    ['privacy_request_event', 'actor', 'id'],
    ['outbox_message', 'confirmed_by', 'id'],
    ['consent_event', 'actor', 'id'],
  ];

  let actorsDatabase: TestDatabase;
  const before = MIGRATIONS.indexOf(OneActorFormat1765500000000);

  async function actorColumns(source: DataSource): Promise<Record<string, Array<string | null>>> {
    const found: Record<string, Array<string | null>> = {};
    for (const [table, column, order] of ACTOR_COLUMNS) {
      const rows = (await source.query(`SELECT ${column} AS actor FROM ${table} ORDER BY ${order}`)) as Array<{ actor: string | null }>;
      found[`${table}.${column}`] = rows.map((row) => row.actor);
    }
    return found;
  }

  /** What the hub wrote before the migration; `customerAsTheirToken` is the customer id as a customer's token spelled it. */
  const oldForms = (customerAsTheirToken: string) => ({
    'processor.trusted_by': [OFFICER],
    'disclosure.created_by': [OFFICER],
    'processor_token.issued_by': [OFFICER, 'npm run token'],
    'processor_token.revoked_by': ['officer:rauf', null],
    'trusted_document.registered_by': [OFFICER],
    'trusted_document.revoked_by': ['officer:rauf'],
    'privacy_request.submitted_by': [STAFF, 'customer'],
    'privacy_request.verified_by': [STAFF, null],
    'privacy_request.assigned_to': [`privacy_officer:${OFFICER}`, null],
    'privacy_request_event.actor': [STAFF, `privacy_officer:${OFFICER}`, `customer:${customerAsTheirToken}`, 'system'],
    'outbox_message.confirmed_by': [`affiliate:processor:${PROCESSOR}`],
    'consent_event.actor': [customerAsTheirToken, 'import:customers.jsonl', STAFF, `privacy_officer:${OFFICER}`],
  });

  // Each test starts from a database of its own holding the old forms, so that none relies on another test having
  // run the migration up (or down) before it.
  beforeEach(async () => {
    actorsDatabase = await createTestDatabase({ empty: true });
    await withFirstMigrations(actorsDatabase, before, async (source) => {
      await source.runMigrations({ transaction: 'each' });

      const upperCustomer = CUSTOMER.toUpperCase();
      await source.query(`INSERT INTO purpose VALUES ('PERSONALIZATION', 'a', 'b', 'c', 'd', true, '§1.1')`);
      await source.query(`INSERT INTO customer (id, email) VALUES ($1, 'held@x.az')`, [CUSTOMER]);
      await source.query(
        `INSERT INTO processor (id, name, kind, country, trusted_at, trusted_by) VALUES ($1, 'Recipient', 'THIRD_PARTY', 'AZ', now(), $2)`,
        [PROCESSOR, OFFICER],
      );
      await source.query(
        `INSERT INTO disclosure (ground, reference, processor_id, customer_id, categories, justification, expires_at, created_by)
       VALUES ('LEGAL_OBLIGATION', 'r-1', $1, $2, '{contact}', 'court order', now() + interval '1 day', $3)`,
        [PROCESSOR, CUSTOMER, OFFICER],
      );
      await source.query(
        `INSERT INTO processor_token (id, processor_id, purposes, token_hash, issued_by, expires_at, revoked_at, revoked_by) VALUES
         (gen_random_uuid(), $1, '{PERSONALIZATION}', repeat('a', 64), $2, now() + interval '1 day', now(), 'officer:rauf'),
         (gen_random_uuid(), $1, '{PERSONALIZATION}', repeat('b', 64), 'npm run token', now() + interval '1 day', NULL, NULL)`,
        [PROCESSOR, OFFICER],
      );
      await source.query(
        `INSERT INTO trusted_document (processor_id, document_hash, document, operation_type, registered_by, revoked_at, revoked_by)
       VALUES ($1, encode(sha256('{ a }'), 'hex'), '{ a }', 'QUERY', $2, now(), 'officer:rauf')`,
        [PROCESSOR, OFFICER],
      );
      await source.query(
        `INSERT INTO privacy_request (id, customer_id, type, status, submitted_at, due_at, verified_at, verification_method,
                                    verified_by, verification_note, submitted_by, assigned_to)
       VALUES ($1, $2, 'ACCESS', 'IN_PROGRESS', now(), now() + interval '30 days', now(), 'STAFF_ASSISTED', $3, 'passport seen', $3, $4)`,
        [ASSISTED_REQUEST, CUSTOMER, STAFF, `privacy_officer:${OFFICER}`],
      );
      await source.query(
        `INSERT INTO privacy_request (id, customer_id, type, status, submitted_at, due_at, refusal_reason, refusal_justification, closed_at)
       VALUES ($1, $2, 'ERASURE', 'REFUSED', now(), now() + interval '30 days', 'IDENTITY_NOT_VERIFIED', 'not verified', now())`,
        [OWN_REQUEST, CUSTOMER],
      );
      await source.query(
        `INSERT INTO privacy_request_event (request_id, from_status, to_status, actor) VALUES
         ($1, NULL, 'VERIFIED', $3), ($1, 'VERIFIED', 'IN_PROGRESS', $4),
         ($2, NULL, 'AWAITING_VERIFICATION', $5), ($2, 'AWAITING_VERIFICATION', 'REFUSED', 'system')`,
        [ASSISTED_REQUEST, OWN_REQUEST, STAFF, `privacy_officer:${OFFICER}`, `customer:${upperCustomer}`],
      );
      await source.query(
        `INSERT INTO outbox_message (kind, channel, customer_id, processor_id, request_id, status, confirmed_at, confirmed_by)
       VALUES ('ERASURE_NOTICE', 'PROCESSOR', $1, $2, $3, 'CONFIRMED', now(), $4)`,
        [CUSTOMER, PROCESSOR, ASSISTED_REQUEST, `affiliate:processor:${PROCESSOR}`],
      );
      const [{ id: consentId }] = (await source.query(
        `INSERT INTO consent (customer_id, purpose_code, status, status_changed_at, source, policy_version)
       VALUES ($1, 'PERSONALIZATION', 'WITHDRAWN', now(), 'ERASURE', 'v1') RETURNING id`,
        [CUSTOMER],
      )) as Array<{ id: string }>;
      await source.query(
        `INSERT INTO consent_event (consent_id, status, source, policy_version, occurred_at, actor) VALUES
         ($1, 'GRANTED', 'PERSONAL_CABINET', 'v1', now(), $2), ($1, 'GRANTED', 'IMPORT', 'v1', now(), 'import:customers.jsonl'),
         ($1, 'GRANTED', 'SIGN_UP', 'v1', now(), $3), ($1, 'WITHDRAWN', 'ERASURE', 'v1', now(), $4)`,
        [consentId, upperCustomer, STAFF, `privacy_officer:${OFFICER}`],
      );
      expect(await actorColumns(source)).toEqual(oldForms(upperCustomer));
    });
  });
  afterEach(() => actorsDatabase.drop());

  /** Runs OneActorFormat, and only it, over the old forms. */
  async function upgrade(source: DataSource): Promise<void> {
    expect((await source.runMigrations({ transaction: 'each' })).map((migration) => migration.name)).toEqual(['OneActorFormat1765500000000']);
  }

  it('rewrites bare subjects, bare customer and system names to the format, and leaves values already in it', async () => {
    await withFirstMigrations(actorsDatabase, before + 1, async (source) => {
      await upgrade(source);
      expect(await actorColumns(source)).toEqual({
        'processor.trusted_by': [`privacy_officer:${OFFICER}`],
        'disclosure.created_by': [`privacy_officer:${OFFICER}`],
        'processor_token.issued_by': [`privacy_officer:${OFFICER}`, 'system:token-cli'],
        'processor_token.revoked_by': ['privacy_officer:officer:rauf', null],
        'trusted_document.registered_by': [`privacy_officer:${OFFICER}`],
        'trusted_document.revoked_by': ['privacy_officer:officer:rauf'],
        'privacy_request.submitted_by': [STAFF, `customer:${CUSTOMER}`],
        'privacy_request.verified_by': [STAFF, null],
        'privacy_request.assigned_to': [`privacy_officer:${OFFICER}`, null],
        'privacy_request_event.actor': [STAFF, `privacy_officer:${OFFICER}`, `customer:${CUSTOMER}`, 'system:request-verification'],
        'outbox_message.confirmed_by': [`affiliate:processor:${PROCESSOR}`],
        'consent_event.actor': [`customer:${CUSTOMER}`, 'system:import:customers.jsonl', STAFF, `privacy_officer:${OFFICER}`],
      });
    });
  });

  it('keeps the history tables append-only afterwards', async () => {
    await withFirstMigrations(actorsDatabase, before + 1, async (source) => {
      await upgrade(source);
      await expect(source.query(`UPDATE consent_event SET actor = actor`)).rejects.toThrow('consent_event is append-only: UPDATE refused');
      await expect(source.query(`UPDATE privacy_request_event SET actor = actor`)).rejects.toThrow(
        'privacy_request_event is append-only: UPDATE refused',
      );
    });
  });

  it("restores the old forms with down, a customer's id in its canonical lower case", async () => {
    await withFirstMigrations(actorsDatabase, before + 1, async (source) => {
      await upgrade(source);
      await source.undoLastMigration({ transaction: 'each' });
      expect(await actorColumns(source)).toEqual(oldForms(CUSTOMER));
    });
  });
});
