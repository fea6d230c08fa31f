import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Trusted documents (issue 12): a processor can be held to an allow-list of GraphQL operations the privacy
 * officer registered for it, each known by the SHA-256 of its exact text (hex), as Apollo's persisted queries
 * and the GraphQL "trusted documents" convention identify them.
 *
 * A revocation is recorded, not deleted, so that the list keeps who registered and who revoked what; only one
 * live row per (processor, hash) may exist, so the same text can be registered again after a revocation. The
 * database checks that the hash is the digest of the text stored beside it.
 */
export class TrustedDocuments1765100000000 implements MigrationInterface {
  name = 'TrustedDocuments1765100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE processor ADD COLUMN trusted_documents_only boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
      CREATE TABLE trusted_document (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        processor_id   uuid NOT NULL REFERENCES processor (id),
        document_hash  text NOT NULL,
        document       text NOT NULL,
        name           text,
        operation_name text,
        operation_type text NOT NULL CHECK (operation_type IN ('QUERY', 'MUTATION', 'SUBSCRIPTION')),
        registered_at  timestamptz NOT NULL DEFAULT now(),
        registered_by  text NOT NULL,
        revoked_at     timestamptz,
        revoked_by     text,
        CONSTRAINT trusted_document_hash_of_document CHECK (document_hash = encode(sha256(convert_to(document, 'UTF8')), 'hex')),
        CONSTRAINT trusted_document_revocation_has_revoker CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
      )`);
    // The lookup of every request of a restricted processor, and what keeps one live row per text.
    await queryRunner.query(`CREATE UNIQUE INDEX trusted_document_live ON trusted_document (processor_id, document_hash) WHERE revoked_at IS NULL`);
    // The officer's list of a processor's documents, revoked ones included.
    await queryRunner.query(`CREATE INDEX trusted_document_processor ON trusted_document (processor_id, registered_at)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE trusted_document`);
    await queryRunner.query(`ALTER TABLE processor DROP COLUMN trusted_documents_only`);
  }
}
