import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The personal-cabinet procedure of policy §5: verification codes (hashes only), the request's history,
 * refusals with reasons, fees, deadline extensions, the access export, and an outbox of messages (codes to
 * customers, rectification and erasure notices to processors) with delivery state.
 */
export class PrivacyRequestWorkflow1764300000000 implements MigrationInterface {
  name = 'PrivacyRequestWorkflow1764300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE privacy_request DROP CONSTRAINT privacy_request_status_check`);
    await queryRunner.query(`ALTER TABLE privacy_request
      ADD CONSTRAINT privacy_request_status_check CHECK (status IN
        ('AWAITING_VERIFICATION', 'VERIFIED', 'AWAITING_FEE_ACCEPTANCE', 'IN_PROGRESS', 'COMPLETED', 'REFUSED')),
      ADD COLUMN service text NOT NULL DEFAULT 'default',
      ADD COLUMN requested_changes jsonb,
      ADD COLUMN changed_fields text[],
      ADD COLUMN verification_method text CHECK (verification_method IN ('ONE_TIME_CODE', 'STAFF_ASSISTED')),
      ADD COLUMN verified_by text,
      ADD COLUMN verification_note text,
      ADD COLUMN submitted_by text NOT NULL DEFAULT 'customer',
      ADD COLUMN assigned_to text,
      ADD COLUMN repetitive_suspected boolean NOT NULL DEFAULT false,
      ADD COLUMN refusal_reason text CHECK (refusal_reason IN
        ('TECHNICALLY_INFEASIBLE', 'ENDANGERS_OTHERS_PRIVACY', 'REPETITIVE', 'IDENTITY_NOT_VERIFIED')),
      ADD COLUMN refusal_justification text,
      ADD COLUMN fee_amount numeric(12, 2) CHECK (fee_amount > 0),
      ADD COLUMN fee_currency text CHECK (fee_currency ~ '^[A-Z]{3}$'),
      ADD COLUMN fee_justification text,
      ADD COLUMN fee_accepted_at timestamptz,
      ADD COLUMN deadline_extended_at timestamptz,
      ADD COLUMN deadline_extension_reason text,
      ADD COLUMN version integer NOT NULL DEFAULT 1`);
    // Requests refused before reasons were kept: an unverified one lapsed, any other is marked as such.
    await queryRunner.query(`UPDATE privacy_request SET refusal_reason = 'IDENTITY_NOT_VERIFIED',
      refusal_justification = 'The identity was not verified in time.' WHERE status = 'REFUSED' AND verified_at IS NULL`);
    await queryRunner.query(`UPDATE privacy_request SET refusal_reason = 'TECHNICALLY_INFEASIBLE',
      refusal_justification = 'Refused before refusal reasons were recorded.' WHERE status = 'REFUSED' AND refusal_reason IS NULL`);
    await queryRunner.query(`ALTER TABLE privacy_request
      ADD CONSTRAINT privacy_request_refusal_has_reason CHECK ((status = 'REFUSED') = (refusal_reason IS NOT NULL)
        AND (refusal_reason IS NULL OR btrim(refusal_justification) <> '')),
      ADD CONSTRAINT privacy_request_fee_complete CHECK ((fee_amount IS NULL) = (fee_currency IS NULL)
        AND (fee_amount IS NULL) = (fee_justification IS NULL)),
      ADD CONSTRAINT privacy_request_changes_only_for_rectification CHECK (requested_changes IS NULL OR type = 'RECTIFICATION'),
      ADD CONSTRAINT privacy_request_staff_verification_named CHECK (verification_method IS DISTINCT FROM 'STAFF_ASSISTED'
        OR (verified_by IS NOT NULL AND btrim(verification_note) <> '')),
      ADD CONSTRAINT privacy_request_extension_has_reason CHECK ((deadline_extended_at IS NULL) = (deadline_extension_reason IS NULL))`);
    await queryRunner.query(`CREATE INDEX privacy_request_customer_type_time ON privacy_request (customer_id, type, submitted_at)`);

    await queryRunner.query(`
      CREATE TABLE privacy_request_event (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        request_id  uuid NOT NULL REFERENCES privacy_request (id),
        from_status text,
        to_status   text NOT NULL,
        actor       text NOT NULL,
        note        text,
        occurred_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX privacy_request_event_request ON privacy_request_event (request_id, id)`);
    await queryRunner.query(`
      CREATE TRIGGER privacy_request_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON privacy_request_event
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite()`);

    await queryRunner.query(`
      CREATE TABLE request_verification (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id   uuid NOT NULL REFERENCES privacy_request (id),
        step         integer NOT NULL CHECK (step >= 1),
        channel      text NOT NULL CHECK (channel IN ('EMAIL', 'SMS')),
        code_hash    text NOT NULL CHECK (code_hash ~ '^[0-9a-f]{64}$'),
        expires_at   timestamptz NOT NULL,
        attempts     integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        max_attempts integer NOT NULL CHECK (max_attempts > 0),
        verified_at  timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now(),
        UNIQUE (request_id, step)
      )`);

    await queryRunner.query(`
      CREATE TABLE privacy_request_export (
        request_id   uuid PRIMARY KEY REFERENCES privacy_request (id),
        document     jsonb,
        readable     text,
        created_at   timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NOT NULL,
        purged_at    timestamptz,
        CONSTRAINT privacy_request_export_purged_is_empty CHECK (purged_at IS NULL OR (document IS NULL AND readable IS NULL))
      )`);

    // Messages for a sender to deliver. A code message holds the code only until it is sent.
    await queryRunner.query(`
      CREATE TABLE outbox_message (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind          text NOT NULL CHECK (kind IN ('VERIFICATION_CODE', 'RECTIFICATION_NOTICE', 'ERASURE_NOTICE')),
        channel       text NOT NULL CHECK (channel IN ('EMAIL', 'SMS', 'PROCESSOR')),
        customer_id   uuid NOT NULL REFERENCES customer (id),
        processor_id  uuid REFERENCES processor (id),
        request_id    uuid NOT NULL REFERENCES privacy_request (id),
        body          jsonb,
        status        text NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENT', 'CONFIRMED', 'FAILED')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        sent_at       timestamptz,
        confirmed_at  timestamptz,
        confirmed_by  text,
        CONSTRAINT outbox_notice_names_processor CHECK ((channel = 'PROCESSOR') = (processor_id IS NOT NULL))
      )`);
    await queryRunner.query(`CREATE INDEX outbox_message_pending ON outbox_message (status, created_at)`);
    await queryRunner.query(`CREATE INDEX outbox_message_request ON outbox_message (request_id)`);

    await queryRunner.query(`ALTER TABLE consent DROP CONSTRAINT consent_source_check`);
    await queryRunner.query(`ALTER TABLE consent ADD CONSTRAINT consent_source_check
      CHECK (source IN ('SIGN_UP', 'PERSONAL_CABINET', 'STAFF_ASSISTED', 'IMPORT', 'ERASURE'))`);
    await queryRunner.query(`ALTER TABLE consent_event DROP CONSTRAINT consent_event_source_check`);
    await queryRunner.query(`ALTER TABLE consent_event ADD CONSTRAINT consent_event_source_check
      CHECK (source IN ('SIGN_UP', 'PERSONAL_CABINET', 'STAFF_ASSISTED', 'IMPORT', 'ERASURE'))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['consent', 'consent_event']) {
      await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT ${table}_source_check`);
      await queryRunner.query(`ALTER TABLE ${table} ADD CONSTRAINT ${table}_source_check
        CHECK (source IN ('SIGN_UP', 'PERSONAL_CABINET', 'STAFF_ASSISTED', 'IMPORT'))`);
    }
    await queryRunner.query(`DROP TABLE outbox_message`);
    await queryRunner.query(`DROP TABLE privacy_request_export`);
    await queryRunner.query(`DROP TABLE request_verification`);
    await queryRunner.query(`DROP TABLE privacy_request_event`);
    await queryRunner.query(`DROP INDEX privacy_request_customer_type_time`);
    await queryRunner.query(`ALTER TABLE privacy_request
      DROP CONSTRAINT privacy_request_refusal_has_reason, DROP CONSTRAINT privacy_request_fee_complete,
      DROP CONSTRAINT privacy_request_changes_only_for_rectification, DROP CONSTRAINT privacy_request_staff_verification_named,
      DROP CONSTRAINT privacy_request_extension_has_reason,
      DROP COLUMN service, DROP COLUMN requested_changes, DROP COLUMN changed_fields, DROP COLUMN verification_method,
      DROP COLUMN verified_by, DROP COLUMN verification_note, DROP COLUMN submitted_by, DROP COLUMN assigned_to,
      DROP COLUMN repetitive_suspected, DROP COLUMN refusal_reason, DROP COLUMN refusal_justification,
      DROP COLUMN fee_amount, DROP COLUMN fee_currency, DROP COLUMN fee_justification, DROP COLUMN fee_accepted_at,
      DROP COLUMN deadline_extended_at, DROP COLUMN deadline_extension_reason, DROP COLUMN version`);
    await queryRunner.query(`UPDATE privacy_request SET status = 'VERIFIED' WHERE status = 'AWAITING_FEE_ACCEPTANCE'`);
    await queryRunner.query(`ALTER TABLE privacy_request DROP CONSTRAINT privacy_request_status_check`);
    await queryRunner.query(`ALTER TABLE privacy_request ADD CONSTRAINT privacy_request_status_check CHECK (status IN
      ('AWAITING_VERIFICATION', 'VERIFIED', 'IN_PROGRESS', 'COMPLETED', 'REFUSED'))`);
  }
}
