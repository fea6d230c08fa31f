import type { MigrationInterface, QueryRunner } from 'typeorm';

const OUTBOX_KINDS = `'VERIFICATION_CODE', 'RECTIFICATION_NOTICE', 'ERASURE_NOTICE'`;
const EMAIL_KINDS = `'EMAIL_CONFIRMATION_CODE', 'EMAIL_IN_USE_NOTICE'`;

/**
 * A new email address is stored as a customer's only once the one-time code sent to it is confirmed (issue 13):
 * refusing an address another customer holds told any caller that it was held. Each address sent for confirmation
 * is a row of email_confirmation, its code kept as an HMAC bound to the row; a customer has at most one open, and
 * a closed one keeps no address or code, only when it was made (new addresses per customer are bounded per day).
 * A customer signed up and not confirmed yet holds no email, so a held customer may now have none. Messages about
 * an address (its code, or a notice to the customer holding it) belong to no privacy request.
 */
export class EmailConfirmation1765400000000 implements MigrationInterface {
  name = 'EmailConfirmation1765400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE email_confirmation (
        id           uuid PRIMARY KEY,
        customer_id  uuid NOT NULL REFERENCES customer (id),
        address      text CHECK (address ~ '^[^@\\s]+@[^@\\s]+$' AND length(address) <= 254),
        code_hash    text CHECK (code_hash ~ '^[0-9a-f]{64}$'),
        request_id   uuid REFERENCES privacy_request (id),
        expires_at   timestamptz NOT NULL,
        attempts     integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        max_attempts integer NOT NULL CHECK (max_attempts > 0),
        created_at   timestamptz NOT NULL DEFAULT now(),
        closed_as    text CHECK (closed_as IN ('CONFIRMED', 'REPLACED', 'EXPIRED', 'EXHAUSTED', 'TAKEN')),
        CONSTRAINT email_confirmation_closed_holds_nothing CHECK (
          num_nonnulls(address, code_hash) = CASE WHEN closed_as IS NULL THEN 2 ELSE 0 END)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX email_confirmation_one_open ON email_confirmation (customer_id) WHERE closed_as IS NULL`);
    await queryRunner.query(`CREATE INDEX email_confirmation_customer_time ON email_confirmation (customer_id, created_at)`);

    await queryRunner.query(`ALTER TABLE customer DROP CONSTRAINT customer_held_has_email`);

    await queryRunner.query(`ALTER TABLE outbox_message DROP CONSTRAINT outbox_message_kind_check`);
    await queryRunner.query(`ALTER TABLE outbox_message
      ADD CONSTRAINT outbox_message_kind_check CHECK (kind IN (${OUTBOX_KINDS}, ${EMAIL_KINDS})),
      ALTER COLUMN request_id DROP NOT NULL,
      ADD CONSTRAINT outbox_request_message_names_request CHECK (request_id IS NOT NULL OR kind IN (${EMAIL_KINDS}))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The old schema has no place for these messages; a held customer still without an email stops the down here.
    await queryRunner.query(`DELETE FROM outbox_message WHERE kind IN (${EMAIL_KINDS})`);
    await queryRunner.query(`ALTER TABLE outbox_message
      DROP CONSTRAINT outbox_request_message_names_request,
      ALTER COLUMN request_id SET NOT NULL,
      DROP CONSTRAINT outbox_message_kind_check,
      ADD CONSTRAINT outbox_message_kind_check CHECK (kind IN (${OUTBOX_KINDS}))`);
    await queryRunner.query(`ALTER TABLE customer ADD CONSTRAINT customer_held_has_email CHECK (erased_at IS NOT NULL OR email IS NOT NULL)`);
    await queryRunner.query(`DROP TABLE email_confirmation`);
  }
}
