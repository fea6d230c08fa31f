import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What consent-driven access needs: the data category vocabulary and the categories each processor may
 * receive, partner tokens (stored as id and hash only), and a hash chain over the audit log kept by the
 * database itself, so that no client can write an event out of the chain.
 */
export class ConsentAccess1764100000000 implements MigrationInterface {
  name = 'ConsentAccess1764100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE data_category (
        key            text PRIMARY KEY CHECK (key ~ '^[a-z_]+(\\.[a-z_]+)*$'),
        parent_key     text REFERENCES data_category (key),
        name_az        text NOT NULL CHECK (name_az <> ''),
        name_en        text NOT NULL CHECK (name_en <> ''),
        description_az text NOT NULL,
        description_en text NOT NULL,
        CONSTRAINT data_category_parent_is_prefix CHECK (parent_key IS NULL OR key LIKE parent_key || '.%')
      )`);

    await queryRunner.query(`
      CREATE TABLE processor_category (
        processor_id uuid NOT NULL REFERENCES processor (id) ON DELETE CASCADE,
        category_key text NOT NULL REFERENCES data_category (key),
        PRIMARY KEY (processor_id, category_key)
      )`);

    await queryRunner.query(`
      CREATE TABLE processor_token (
        id           uuid PRIMARY KEY,
        processor_id uuid NOT NULL REFERENCES processor (id),
        purposes     text[] NOT NULL CHECK (cardinality(purposes) > 0),
        token_hash   text NOT NULL CHECK (token_hash ~ '^[0-9a-f]{64}$'),
        issued_by    text NOT NULL,
        issued_at    timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NOT NULL,
        revoked_at   timestamptz,
        revoked_by   text,
        CONSTRAINT processor_token_expires_after_issue CHECK (expires_at > issued_at),
        CONSTRAINT processor_token_revocation_has_author CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      )`);
    await queryRunner.query(`CREATE INDEX processor_token_processor ON processor_token (processor_id)`);

    await queryRunner.query(`CREATE INDEX disclosure_customer_processor_live ON disclosure (customer_id, processor_id) WHERE revoked_at IS NULL`);

    // The chain: each event's hash covers its content and the previous event's hash, in chain order.
    await queryRunner.query(`ALTER TABLE audit_event ADD COLUMN chain_position bigint NOT NULL UNIQUE`);
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
      DECLARE head audit_chain_head;
      BEGIN
        -- The row lock on the head serialises writers, so the chain has one order whatever the ids say.
        SELECT * INTO head FROM audit_chain_head FOR UPDATE;
        NEW.chain_position := head.chain_position + 1;
        NEW.prev_hash := head.hash;
        NEW.hash := audit_event_digest(NEW);
        UPDATE audit_chain_head SET chain_position = NEW.chain_position, hash = NEW.hash;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event
      FOR EACH ROW EXECUTE FUNCTION audit_event_chain()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_event_chain ON audit_event`);
    await queryRunner.query(`DROP FUNCTION audit_event_chain()`);
    await queryRunner.query(`DROP FUNCTION audit_event_digest(audit_event)`);
    await queryRunner.query(`DROP TABLE audit_chain_head`);
    await queryRunner.query(`ALTER TABLE audit_event DROP COLUMN chain_position`);
    await queryRunner.query(`DROP INDEX disclosure_customer_processor_live`);
    await queryRunner.query(`DROP TABLE processor_token`);
    await queryRunner.query(`DROP TABLE processor_category`);
    await queryRunner.query(`DROP TABLE data_category`);
  }
}
