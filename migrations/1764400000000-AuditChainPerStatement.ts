import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit chain, cheaper: the head row was read and rewritten for every event, so a request auditing 50
 * customers took 50 row updates. Now the first event of a statement locks and reads the head, the others carry
 * the chain on in transaction-local settings, and one statement-level trigger writes the head back.
 * The hashes and their order are exactly as before.
 */
export class AuditChainPerStatement1764400000000 implements MigrationInterface {
  name = 'AuditChainPerStatement1764400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        previous_hash text := current_setting('privacy_hub.audit_chain_hash', true);
        previous_position bigint;
      BEGIN
        IF previous_hash IS NULL OR previous_hash = '' THEN
          -- The row lock on the head serialises writers until commit, so the chain has one order.
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
      CREATE TRIGGER audit_chain_head_advance AFTER INSERT ON audit_event
      FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_head_advance()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_chain_head_advance ON audit_event`);
    await queryRunner.query(`DROP FUNCTION audit_chain_head_advance()`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
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
  }
}
