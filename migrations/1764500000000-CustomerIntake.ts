import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Getting customers in: a customer may carry the id it has in the company's existing systems (so that an
 * import re-run updates instead of duplicating), and every consent event keeps the evidence of how it was
 * given (which policy text was shown, in which language, when, through which channel).
 */
export class CustomerIntake1764500000000 implements MigrationInterface {
  name = 'CustomerIntake1764500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE customer ADD COLUMN external_ref text
      CONSTRAINT customer_external_ref_format CHECK (length(external_ref) BETWEEN 1 AND 200)`);
    await queryRunner.query(`CREATE UNIQUE INDEX customer_external_ref_unique ON customer (external_ref)`);
    await queryRunner.query(`ALTER TABLE consent_event ADD COLUMN evidence jsonb
      CONSTRAINT consent_event_evidence_is_object CHECK (evidence IS NULL OR jsonb_typeof(evidence) = 'object')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // consent_event refuses UPDATE and DELETE, but dropping a column is a schema change, not a rewrite of history.
    await queryRunner.query(`ALTER TABLE consent_event DROP COLUMN evidence`);
    await queryRunner.query(`DROP INDEX customer_external_ref_unique`);
    await queryRunner.query(`ALTER TABLE customer DROP COLUMN external_ref`);
  }
}
