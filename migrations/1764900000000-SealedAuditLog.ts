import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log sealed off the request path, and the two history tables partitioned by month.
 *
 * Before: a BEFORE INSERT trigger chained each audit row to the one before through a single head row, locked from
 * each request's INSERT to its commit, so every audited request of every instance queued on it (434 / 398 / 249
 * inserts/s from 1 / 4 / 16 clients on PostgreSQL 15).
 *
 * Now the request's INSERT takes no lock shared with other requests: a statement trigger puts the new rows' ids in
 * `audit_unsealed` (ordinary inserts of distinct keys). One sequencer, elected through an advisory lock, moves them
 * from there into an append-only Merkle tree (RFC 9162, as Certificate Transparency logs and Trillian keep theirs):
 * `audit_leaf` gives each sealed event its index in the tree and its leaf hash, `audit_tree_node` keeps the hash of
 * every complete subtree above the leaves, `audit_checkpoint` one signed (tree size, root) per batch. The seal is in the same
 * transaction as the queue rows' removal, so a batch is sealed whole or not at all.
 *
 * What a leaf commits to (an event as canonical JSON) is defined in src/modules/audit/log/leaf.ts.
 *
 * `audit_event` and `consent_event` become range-partitioned on `occurred_at`: one partition for everything before
 * the month this migration runs in, then one per month, created ahead of time by `extend_monthly_partitions`, which
 * the server calls (partitions are attached, which does not block inserts). Ids come from sequences (PostgreSQL
 * before 17 has no identity columns on partitioned tables). Existing audit rows keep their ids and content and are
 * queued to be sealed; their old chain columns go with the head row.
 */
/** The columns an audit event keeps through this migration and its down, partitioned or not. */
const AUDIT_EVENT_CONTENT = `occurred_at timestamptz NOT NULL,
        request_id    uuid NOT NULL,
        actor_role    text NOT NULL,
        actor_subject text NOT NULL,
        processor_id  uuid,
        customer_id   uuid NOT NULL,
        fields        text[] NOT NULL CONSTRAINT audit_event_fields_check CHECK (cardinality(fields) > 0),
        purpose_code  text,
        basis         text NOT NULL,
        basis_id      uuid`;
const AUDIT_EVENT_COLUMNS =
  'id, occurred_at, request_id, actor_role, actor_subject, processor_id, customer_id, fields, purpose_code, basis, basis_id';

/** The columns and checks a consent event keeps through this migration and its down. */
const CONSENT_EVENT_CONTENT = `consent_id     uuid NOT NULL REFERENCES consent (id),
        status         text NOT NULL CONSTRAINT consent_event_status_check CHECK (status IN ('GRANTED', 'WITHDRAWN')),
        source         text NOT NULL CONSTRAINT consent_event_source_check
                         CHECK (source IN ('SIGN_UP', 'PERSONAL_CABINET', 'STAFF_ASSISTED', 'IMPORT', 'ERASURE')),
        policy_version text NOT NULL CONSTRAINT consent_event_policy_version_check CHECK (policy_version <> ''),
        occurred_at    timestamptz NOT NULL,
        actor          text NOT NULL,
        evidence       jsonb,
        CONSTRAINT consent_event_evidence_is_object CHECK (evidence IS NULL OR jsonb_typeof(evidence) = 'object')`;
const CONSENT_EVENT_COLUMNS = 'id, consent_id, status, source, policy_version, occurred_at, actor, evidence';

export class SealedAuditLog1764900000000 implements MigrationInterface {
  name = 'SealedAuditLog1764900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION extend_monthly_partitions(parent regclass, first_month date, through date) RETURNS int LANGUAGE plpgsql AS $$
      DECLARE
        base text := (SELECT relname FROM pg_class WHERE oid = parent);
        month date;
        made int := 0;
        partition text;
      BEGIN
        -- Two instances extending at once would both create the same table.
        PERFORM pg_advisory_xact_lock(hashtext('privacy_hub.partitions:' || parent::text));
        -- From the month after the newest, so that months the server was down for are not left as gaps.
        SELECT max(to_date(right(c.relname, 7), 'YYYY_MM')) + interval '1 month' INTO month
          FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = parent AND c.relname ~ ('^' || base || '_\\d{4}_\\d{2}$');
        month := coalesce(month, date_trunc('month', first_month));
        WHILE month <= date_trunc('month', through) LOOP
          partition := base || '_' || to_char(month, 'YYYY_MM');
          -- Created apart and attached: ATTACH takes a lock that lets inserts into the parent go on.
          EXECUTE format('CREATE TABLE %I (LIKE %s INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', partition, parent);
          -- Months are UTC months, whatever the session's time zone.
          EXECUTE format('ALTER TABLE %s ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, partition,
                         month::timestamp AT TIME ZONE 'UTC', (month + interval '1 month')::timestamp AT TIME ZONE 'UTC');
          -- A statement trigger on the parent does not fire for statements naming a partition.
          EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite()',
                         partition || '_append_only', partition);
          made := made + 1;
          month := month + interval '1 month';
        END LOOP;
        RETURN made;
      END $$`);

    await this.partitionConsentEvents(queryRunner);
    await this.partitionAuditEvents(queryRunner);
    await this.createSealedTree(queryRunner);
  }

  private async partitionConsentEvents(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE consent_event RENAME TO consent_event_unpartitioned`);
    await queryRunner.query(`ALTER INDEX consent_event_pkey RENAME TO consent_event_unpartitioned_pkey`);
    await queryRunner.query(`ALTER INDEX consent_event_consent_time RENAME TO consent_event_unpartitioned_consent_time`);
    await queryRunner.query(`DROP TRIGGER consent_event_append_only ON consent_event_unpartitioned`);
    await queryRunner.query(`CREATE SEQUENCE consent_event_ids`);
    await queryRunner.query(`
      CREATE TABLE consent_event (
        id             bigint NOT NULL DEFAULT nextval('consent_event_ids'),
        ${CONSENT_EVENT_CONTENT},
        PRIMARY KEY (occurred_at, id)
      ) PARTITION BY RANGE (occurred_at)`);
    await queryRunner.query(`CREATE INDEX consent_event_consent_time ON consent_event (consent_id, occurred_at)`);
    await this.firstPartitions(queryRunner, 'consent_event');
    await queryRunner.query(`
      INSERT INTO consent_event (${CONSENT_EVENT_COLUMNS})
      SELECT ${CONSENT_EVENT_COLUMNS} FROM consent_event_unpartitioned`);
    await queryRunner.query(`SELECT setval('consent_event_ids', coalesce((SELECT max(id) FROM consent_event_unpartitioned), 0) + 1, false)`);
    await queryRunner.query(`DROP TABLE consent_event_unpartitioned`);
    await queryRunner.query(`ALTER SEQUENCE consent_event_ids OWNED BY consent_event.id`);
  }

  private async partitionAuditEvents(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_event RENAME TO audit_event_chained`);
    await queryRunner.query(`ALTER INDEX audit_event_pkey RENAME TO audit_event_chained_pkey`);
    await queryRunner.query(`ALTER INDEX audit_event_customer_time RENAME TO audit_event_chained_customer_time`);
    await queryRunner.query(`ALTER INDEX audit_event_hash_key RENAME TO audit_event_chained_hash_key`);
    await queryRunner.query(`ALTER INDEX audit_event_chain_position_key RENAME TO audit_event_chained_chain_position_key`);
    await queryRunner.query(`DROP TRIGGER audit_event_append_only ON audit_event_chained`);
    await queryRunner.query(`CREATE SEQUENCE audit_event_ids`);
    await queryRunner.query(`
      CREATE TABLE audit_event (
        id            bigint NOT NULL DEFAULT nextval('audit_event_ids'),
        ${AUDIT_EVENT_CONTENT},
        PRIMARY KEY (occurred_at, id)
      ) PARTITION BY RANGE (occurred_at)`);
    // A customer's access log, newest first: with the partition key in the order, older months are not read
    // once the newest have given enough rows.
    await queryRunner.query(`CREATE INDEX audit_event_customer_time ON audit_event (customer_id, occurred_at DESC, id DESC)`);
    await this.firstPartitions(queryRunner, 'audit_event');

    await queryRunner.query(`
      CREATE TABLE audit_unsealed (
        event_id    bigint PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        queued_at   timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await queryRunner.query(`
      CREATE FUNCTION audit_event_queue() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO audit_unsealed (event_id, occurred_at) SELECT id, occurred_at FROM inserted;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_queue AFTER INSERT ON audit_event
      REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION audit_event_queue()`);

    // In the old chain's order, so the first batch seals them as they were chained.
    await queryRunner.query(`
      INSERT INTO audit_event (${AUDIT_EVENT_COLUMNS})
      SELECT ${AUDIT_EVENT_COLUMNS}
      FROM audit_event_chained ORDER BY chain_position`);
    await queryRunner.query(`SELECT setval('audit_event_ids', coalesce((SELECT max(id) FROM audit_event_chained), 0) + 1, false)`);
    await queryRunner.query(`DROP TRIGGER audit_chain_head_advance ON audit_event_chained`);
    await queryRunner.query(`DROP TRIGGER audit_event_chain ON audit_event_chained`);
    await queryRunner.query(`DROP FUNCTION audit_chain_head_advance()`);
    await queryRunner.query(`DROP FUNCTION audit_event_chain()`);
    await queryRunner.query(`DROP FUNCTION audit_event_digest(audit_event_chained)`);
    await queryRunner.query(`DROP TABLE audit_event_chained`);
    await queryRunner.query(`DROP TABLE audit_chain_head`);
    await queryRunner.query(`ALTER SEQUENCE audit_event_ids OWNED BY audit_event.id`);
  }

  /** Everything before this (UTC) month in one partition, this month and the next three in one each. */
  private async firstPartitions(queryRunner: QueryRunner, parent: string): Promise<void> {
    const [{ month }] = (await queryRunner.query(`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY_MM') AS month`)) as Array<{ month: string }>;
    const before = `${parent}_before_${month}`;
    await queryRunner.query(`
      CREATE TABLE ${before} PARTITION OF ${parent}
      FOR VALUES FROM (MINVALUE) TO (date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')`);
    for (const table of [parent, before]) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite()`);
    }
    await queryRunner.query(
      `SELECT extend_monthly_partitions('${parent}', (now() AT TIME ZONE 'UTC')::date, (now() AT TIME ZONE 'UTC' + interval '3 months')::date)`,
    );
  }

  private async createSealedTree(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_leaf (
        tree_index  bigint PRIMARY KEY CHECK (tree_index >= 0),
        event_id    bigint NOT NULL UNIQUE,
        occurred_at timestamptz NOT NULL,
        leaf_hash   bytea NOT NULL CHECK (length(leaf_hash) = 32)
      )`);
    await queryRunner.query(`
      CREATE TABLE audit_tree_node (
        level      smallint NOT NULL CHECK (level BETWEEN 1 AND 62),
        node_index bigint NOT NULL CHECK (node_index >= 0),
        hash       bytea NOT NULL CHECK (length(hash) = 32),
        PRIMARY KEY (level, node_index)
      )`);
    await queryRunner.query(`
      CREATE TABLE audit_checkpoint (
        batch     bigint PRIMARY KEY CHECK (batch > 0),
        tree_size bigint NOT NULL UNIQUE CHECK (tree_size > 0),
        root_hash bytea NOT NULL CHECK (length(root_hash) = 32),
        issued_at timestamptz NOT NULL,
        key_id    text NOT NULL,
        signature bytea NOT NULL CHECK (length(signature) = 64)
      )`);
    await queryRunner.query(`
      CREATE TABLE audit_verification (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        batch       bigint NOT NULL,
        tree_size   bigint NOT NULL,
        root_hash   bytea NOT NULL,
        full_check  boolean NOT NULL,
        verified_at timestamptz NOT NULL DEFAULT now()
      )`);
    for (const table of ['audit_leaf', 'audit_tree_node', 'audit_checkpoint', 'audit_verification']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['audit_verification', 'audit_checkpoint', 'audit_tree_node', 'audit_leaf', 'audit_unsealed']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await this.unpartitionAuditEvents(queryRunner);
    await this.unpartitionConsentEvents(queryRunner);
    await queryRunner.query(`DROP FUNCTION extend_monthly_partitions(regclass, date, date)`);
  }

  /** Back to one chained table: the rows in id order, chained again by the restored trigger. */
  private async unpartitionAuditEvents(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE audit_event RENAME TO audit_event_partitioned`);
    await queryRunner.query(`ALTER INDEX audit_event_pkey RENAME TO audit_event_partitioned_pkey`);
    await queryRunner.query(`ALTER INDEX audit_event_customer_time RENAME TO audit_event_partitioned_customer_time`);
    await queryRunner.query(`
      CREATE TABLE audit_event (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ${AUDIT_EVENT_CONTENT},
        prev_hash     text NOT NULL,
        hash          text NOT NULL UNIQUE,
        chain_position bigint NOT NULL UNIQUE
      )`);
    await queryRunner.query(`CREATE INDEX audit_event_customer_time ON audit_event (customer_id, occurred_at)`);
    await queryRunner.query(`
      CREATE TABLE audit_chain_head (
        singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        chain_position bigint NOT NULL,
        hash           text NOT NULL
      )`);
    await queryRunner.query(`INSERT INTO audit_chain_head VALUES (true, 0, repeat('0', 64))`);
    await queryRunner.query(`
      CREATE FUNCTION audit_event_digest(e audit_event) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(convert_to(concat_ws('|',
          e.chain_position, e.prev_hash,
          to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          e.request_id, e.actor_role, e.actor_subject, coalesce(e.processor_id::text, '-'), e.customer_id,
          array_to_string(e.fields, ','), coalesce(e.purpose_code, '-'), e.basis, coalesce(e.basis_id::text, '-')
        ), 'UTF8')), 'hex')
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        previous_hash text := current_setting('privacy_hub.audit_chain_hash', true);
        previous_position bigint;
      BEGIN
        IF previous_hash IS NULL OR previous_hash = '' THEN
          SELECT hash, chain_position INTO previous_hash, previous_position FROM audit_chain_head FOR UPDATE;
        ELSE
          previous_position := current_setting('privacy_hub.audit_chain_position')::bigint;
        END IF;
        NEW.chain_position := previous_position + 1;
        NEW.prev_hash := previous_hash;
        NEW.hash := audit_event_digest(NEW);
        PERFORM set_config('privacy_hub.audit_chain_hash', NEW.hash, true);
        PERFORM set_config('privacy_hub.audit_chain_position', NEW.chain_position::text, true);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION audit_chain_head_advance() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE last_hash text := current_setting('privacy_hub.audit_chain_hash', true);
      BEGIN
        IF last_hash IS NOT NULL AND last_hash <> '' THEN
          UPDATE audit_chain_head SET hash = last_hash,
            chain_position = current_setting('privacy_hub.audit_chain_position')::bigint;
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_chain()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_chain_head_advance AFTER INSERT ON audit_event FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_advance()`);
    await queryRunner.query(`
      INSERT INTO audit_event (${AUDIT_EVENT_COLUMNS})
      OVERRIDING SYSTEM VALUE
      SELECT ${AUDIT_EVENT_COLUMNS}
      FROM audit_event_partitioned ORDER BY id`);
    await queryRunner.query(`SELECT setval(pg_get_serial_sequence('audit_event', 'id'), coalesce((SELECT max(id) FROM audit_event), 0) + 1, false)`);
    await queryRunner.query(`DROP TABLE audit_event_partitioned`);
    await queryRunner.query(`DROP FUNCTION audit_event_queue()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite()`);
  }

  private async unpartitionConsentEvents(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE consent_event RENAME TO consent_event_partitioned`);
    await queryRunner.query(`ALTER INDEX consent_event_pkey RENAME TO consent_event_partitioned_pkey`);
    await queryRunner.query(`ALTER INDEX consent_event_consent_time RENAME TO consent_event_partitioned_consent_time`);
    await queryRunner.query(`
      CREATE TABLE consent_event (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ${CONSENT_EVENT_CONTENT}
      )`);
    await queryRunner.query(`CREATE INDEX consent_event_consent_time ON consent_event (consent_id, occurred_at)`);
    await queryRunner.query(`
      INSERT INTO consent_event (${CONSENT_EVENT_COLUMNS}) OVERRIDING SYSTEM VALUE
      SELECT ${CONSENT_EVENT_COLUMNS} FROM consent_event_partitioned`);
    await queryRunner.query(
      `SELECT setval(pg_get_serial_sequence('consent_event', 'id'), coalesce((SELECT max(id) FROM consent_event), 0) + 1, false)`,
    );
    await queryRunner.query(`DROP TABLE consent_event_partitioned`);
    await queryRunner.query(`
      CREATE TRIGGER consent_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON consent_event
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite()`);
  }
}
