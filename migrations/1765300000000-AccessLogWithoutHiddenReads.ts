import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A customer's access log is read without touching the reads it must not show. Filtering reads under hidden
 * disclosures out of the (customer, time) index made the answer slower the more hidden reads there were (5.3 vs
 * 3.5 ms median for 20,000 hidden reads, measured): a timing trace of the hidden disclosure. With the reads under no
 * disclosure and the reads under each disclosure indexed apart, the customer's view is a merge of ranges that hold
 * only rows it may see. Each row enters one of the two partial indexes.
 */
export class AccessLogWithoutHiddenReads1765300000000 implements MigrationInterface {
  name = 'AccessLogWithoutHiddenReads1765300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX audit_event_customer_time_undisclosed ON audit_event (customer_id, occurred_at DESC, id DESC)
      WHERE basis <> 'DISCLOSURE'`);
    await queryRunner.query(`
      CREATE INDEX audit_event_disclosure_time ON audit_event (basis_id, occurred_at DESC, id DESC) WHERE basis = 'DISCLOSURE'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX audit_event_disclosure_time`);
    await queryRunner.query(`DROP INDEX audit_event_customer_time_undisclosed`);
  }
}
