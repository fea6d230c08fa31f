import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A disclosure hidden from the customer must carry its reason: NULL slipped through the first check. */
export class DisclosureReasonRequired1764200000000 implements MigrationInterface {
  name = 'DisclosureReasonRequired1764200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE disclosure DROP CONSTRAINT disclosure_hidden_has_reason`);
    await queryRunner.query(`
      ALTER TABLE disclosure ADD CONSTRAINT disclosure_hidden_has_reason
      CHECK (NOT hidden_from_customer OR (hidden_reason IS NOT NULL AND btrim(hidden_reason) <> ''))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE disclosure DROP CONSTRAINT disclosure_hidden_has_reason`);
    await queryRunner.query(`
      ALTER TABLE disclosure ADD CONSTRAINT disclosure_hidden_has_reason CHECK (NOT hidden_from_customer OR hidden_reason <> '')`);
  }
}
