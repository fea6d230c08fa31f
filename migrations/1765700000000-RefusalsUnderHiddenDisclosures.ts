import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A refused read by a recipient that saw the customer only through a disclosure hidden from them (policy §2) names
 * that disclosure, so that the customer's view leaves it out as it leaves out the reads made under it: shown, it
 * would tell the customer that a recipient they never consented to is looking at them. Null for every other
 * refusal. No foreign key, as for the table's other ids (see RefusedReads). The customer's own page of refusals is
 * read from an index of the refusals that name none, so that it never walks past hidden ones: however many there
 * are, the customer's page costs the same. Refused reads are kept for a while only (REFUSED_READ_RETENTION_DAYS): an
 * index by age lets the maintenance job find the expired ones without reading the table.
 */
export class RefusalsUnderHiddenDisclosures1765700000000 implements MigrationInterface {
  name = 'RefusalsUnderHiddenDisclosures1765700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE refused_read ADD COLUMN hidden_disclosure_id uuid`);
    await queryRunner.query(
      `CREATE INDEX refused_read_customer_newest_shown ON refused_read (customer_id, occurred_at DESC, id DESC) WHERE hidden_disclosure_id IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX refused_read_by_age ON refused_read (occurred_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX refused_read_by_age`);
    await queryRunner.query(`DROP INDEX refused_read_customer_newest_shown`);
    await queryRunner.query(`ALTER TABLE refused_read DROP COLUMN hidden_disclosure_id`);
  }
}
