import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every row that records who did something names them one way, `<kind>:<name>` (src/auth/actor.ts): a principal as
 * `<role>:<subject>`, a customer as `customer:<customer id>`, the hub's own jobs as `system:<job>`. Before, these
 * columns held a bare officer subject, a bare 'customer', 'system', `import:<file>` or 'npm run token' beside values
 * already in that form, which stay as they are.
 *
 * The audit log is not touched: it keeps role and subject apart, and its rows are sealed into the signed tree.
 * consent_event and privacy_request_event are append-only by trigger only (neither is hashed into the tree), so
 * their actor column is rewritten here with the trigger off for that one statement, inside the migration's
 * transaction.
 *
 * `down` gives back the old forms, but one: a customer's id written by a customer token spelled in upper case
 * (consent_event from the personal cabinet, privacy_request_event from a customer's own submission) comes back in
 * lower case, the form the id has everywhere else.
 */

/** Columns only a privacy officer wrote, with their bare token subject (the token CLI aside). */
const OFFICER_COLUMNS: Array<[table: string, column: string]> = [
  ['processor', 'trusted_by'],
  ['disclosure', 'created_by'],
  ['processor_token', 'issued_by'],
  ['processor_token', 'revoked_by'],
  ['trusted_document', 'registered_by'],
  ['trusted_document', 'revoked_by'],
];
const OFFICER_PREFIX = 'privacy_officer:';
const TOKEN_CLI = { before: 'npm run token', after: 'system:token-cli' };
/** The one job that wrote 'system': lapsing a request whose identity check failed or expired. */
const REQUEST_VERIFICATION = { before: 'system', after: 'system:request-verification' };

export class OneActorFormat1765500000000 implements MigrationInterface {
  name = 'OneActorFormat1765500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, column] of OFFICER_COLUMNS) {
      await queryRunner.query(`UPDATE ${table} SET ${column} = $1 || ${column} WHERE ${column} <> $2`, [OFFICER_PREFIX, TOKEN_CLI.before]);
    }
    await queryRunner.query(`UPDATE processor_token SET issued_by = $1 WHERE issued_by = $2`, [TOKEN_CLI.after, TOKEN_CLI.before]);

    await queryRunner.query(`UPDATE privacy_request SET submitted_by = 'customer:' || customer_id WHERE submitted_by = 'customer'`);
    await this.rewriteHistory(queryRunner, 'privacy_request_event', [
      [`UPDATE privacy_request_event SET actor = $1 WHERE actor = $2`, [REQUEST_VERIFICATION.after, REQUEST_VERIFICATION.before]],
      // A customer's own submission named them by their token's subject, which may spell the id in upper case.
      [
        `UPDATE privacy_request_event e SET actor = 'customer:' || r.customer_id FROM privacy_request r
         WHERE r.id = e.request_id AND e.actor <> 'customer:' || r.customer_id AND lower(e.actor) = 'customer:' || r.customer_id`,
        [],
      ],
    ]);
    await this.rewriteHistory(queryRunner, 'consent_event', [
      // The personal cabinet wrote the customer's bare token subject, their id.
      [
        `UPDATE consent_event e SET actor = 'customer:' || c.customer_id FROM consent c
         WHERE c.id = e.consent_id AND e.source = 'PERSONAL_CABINET' AND lower(e.actor) = c.customer_id::text`,
        [],
      ],
      [`UPDATE consent_event SET actor = 'system:' || actor WHERE source = 'IMPORT' AND actor LIKE 'import:%'`, []],
    ]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await this.rewriteHistory(queryRunner, 'consent_event', [
      [
        `UPDATE consent_event e SET actor = c.customer_id::text FROM consent c
         WHERE c.id = e.consent_id AND e.source = 'PERSONAL_CABINET' AND e.actor = 'customer:' || c.customer_id`,
        [],
      ],
      [`UPDATE consent_event SET actor = substr(actor, length('system:') + 1) WHERE source = 'IMPORT' AND actor LIKE 'system:import:%'`, []],
    ]);
    await this.rewriteHistory(queryRunner, 'privacy_request_event', [
      [`UPDATE privacy_request_event SET actor = $1 WHERE actor = $2`, [REQUEST_VERIFICATION.before, REQUEST_VERIFICATION.after]],
    ]);
    await queryRunner.query(`UPDATE privacy_request SET submitted_by = 'customer' WHERE submitted_by = 'customer:' || customer_id`);

    await queryRunner.query(`UPDATE processor_token SET issued_by = $1 WHERE issued_by = $2`, [TOKEN_CLI.before, TOKEN_CLI.after]);
    for (const [table, column] of OFFICER_COLUMNS) {
      await queryRunner.query(`UPDATE ${table} SET ${column} = substr(${column}, length($1) + 1) WHERE starts_with(${column}, $1)`, [OFFICER_PREFIX]);
    }
  }

  /**
   * Runs `statements` on an append-only history table with its trigger off. A statement trigger fires only for the
   * table a statement names, so on the partitioned consent_event the parent's trigger is the one in the way.
   */
  private async rewriteHistory(queryRunner: QueryRunner, table: string, statements: Array<[sql: string, parameters: unknown[]]>): Promise<void> {
    await queryRunner.query(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_append_only`);
    for (const [sql, parameters] of statements) await queryRunner.query(sql, parameters);
    await queryRunner.query(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_append_only`);
  }
}
