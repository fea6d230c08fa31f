import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The reads the policy refused a recipient, for the customer to see beside the access log (Customer.refusedReads):
 * one row per request, customer and reason. Not part of the sealed audit log, which records what was handed over.
 * No foreign keys, as audit_event has none (AuditEventWithoutForeignKeys): a refusal written while the customer's
 * row is locked for a change must not wait for it. Rows name ids and field names only, no personal value.
 */
export class RefusedReads1765600000000 implements MigrationInterface {
  name = 'RefusedReads1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE refused_read (
        id           uuid PRIMARY KEY,
        occurred_at  timestamptz NOT NULL,
        request_id   uuid NOT NULL,
        customer_id  uuid NOT NULL,
        processor_id uuid NOT NULL,
        purpose_code text,
        fields       text[] NOT NULL CHECK (cardinality(fields) > 0),
        reason       text NOT NULL CHECK (reason ~ '^[A-Z][A-Z_]*$')
      )`);
    await queryRunner.query(`CREATE INDEX refused_read_customer_newest ON refused_read (customer_id, occurred_at DESC, id DESC)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE refused_read`);
  }
}
