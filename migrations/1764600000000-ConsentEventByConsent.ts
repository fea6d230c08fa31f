import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A consent event names its consent and nothing else of it: the customer, purpose and recipient of a consent
 * never change, so the copies the event kept could only ever disagree with the consent. Dropping them also
 * drops three foreign-key checks and an index from every event written, which is most of the cost of
 * importing consents in bulk.
 */
export class ConsentEventByConsent1764600000000 implements MigrationInterface {
  name = 'ConsentEventByConsent1764600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX consent_event_customer_time`);
    await queryRunner.query(`DROP INDEX consent_event_consent`);
    // Dropping columns is a schema change, not a rewrite of history: the append-only trigger does not fire.
    await queryRunner.query(`ALTER TABLE consent_event DROP COLUMN customer_id, DROP COLUMN purpose_code, DROP COLUMN processor_id`);
    await queryRunner.query(`CREATE INDEX consent_event_consent_time ON consent_event (consent_id, occurred_at)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX consent_event_consent_time`);
    await queryRunner.query(`ALTER TABLE consent_event
      ADD COLUMN customer_id uuid REFERENCES customer (id),
      ADD COLUMN purpose_code text REFERENCES purpose (code),
      ADD COLUMN processor_id uuid REFERENCES processor (id)`);
    // Filling the restored copies from their consents rewrites no event, but the trigger refuses any UPDATE.
    await queryRunner.query(`ALTER TABLE consent_event DISABLE TRIGGER consent_event_append_only`);
    await queryRunner.query(`UPDATE consent_event e SET customer_id = c.customer_id, purpose_code = c.purpose_code, processor_id = c.processor_id
      FROM consent c WHERE c.id = e.consent_id`);
    await queryRunner.query(`ALTER TABLE consent_event ENABLE TRIGGER consent_event_append_only`);
    await queryRunner.query(`ALTER TABLE consent_event ALTER COLUMN customer_id SET NOT NULL, ALTER COLUMN purpose_code SET NOT NULL`);
    await queryRunner.query(`CREATE INDEX consent_event_customer_time ON consent_event (customer_id, occurred_at)`);
    await queryRunner.query(`CREATE INDEX consent_event_consent ON consent_event (consent_id)`);
  }
}
