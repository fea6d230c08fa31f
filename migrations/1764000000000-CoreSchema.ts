import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The whole core schema: customers, purposes, processors, consents and their history, requests, disclosures, audit. */
export class CoreSchema1764000000000 implements MigrationInterface {
  name = 'CoreSchema1764000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE purpose (
        code            text PRIMARY KEY CHECK (code ~ '^[A-Z][A-Z_]*$'),
        title_az        text NOT NULL CHECK (title_az <> ''),
        title_en        text NOT NULL CHECK (title_en <> ''),
        description_az  text NOT NULL CHECK (description_az <> ''),
        description_en  text NOT NULL CHECK (description_en <> ''),
        consent_required boolean NOT NULL,
        policy_section  text NOT NULL
      )`);

    await queryRunner.query(`
      CREATE TABLE customer (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        created_at          timestamptz NOT NULL DEFAULT now(),
        updated_at          timestamptz NOT NULL DEFAULT now(),
        locale              text NOT NULL DEFAULT 'az' CHECK (locale IN ('az', 'en')),
        erased_at           timestamptz,
        email               text CHECK (email ~ '^[^@\\s]+@[^@\\s]+$'),
        phone               text CHECK (phone ~ '^\\+[1-9][0-9]{6,14}$'),
        full_name           text CHECK (length(full_name) BETWEEN 1 AND 200),
        date_of_birth       date CHECK (date_of_birth > '1900-01-01'),
        address_street      text,
        address_city        text,
        address_postal_code text,
        address_country     text CHECK (address_country ~ '^[A-Z]{2}$'),
        -- A held customer can be reached; an erased one holds no personal value at all.
        CONSTRAINT customer_held_has_email CHECK (erased_at IS NOT NULL OR email IS NOT NULL),
        CONSTRAINT customer_erased_holds_nothing CHECK (
          erased_at IS NULL OR num_nonnulls(email, phone, full_name, date_of_birth,
            address_street, address_city, address_postal_code, address_country) = 0)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX customer_email_unique ON customer (lower(email)) WHERE email IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX customer_created_at_id ON customer (created_at, id)`);

    await queryRunner.query(`
      CREATE TABLE processor (
        id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name                  text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind                  text NOT NULL CHECK (kind IN ('AFFILIATE', 'THIRD_PARTY')),
        country               text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
        agreement_accepted_at timestamptz,
        trusted_at            timestamptz,
        trusted_by            text,
        active                boolean NOT NULL DEFAULT true,
        created_at            timestamptz NOT NULL DEFAULT now(),
        updated_at            timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT processor_trust_has_grantor CHECK ((trusted_at IS NULL) = (trusted_by IS NULL))
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX processor_name_unique ON processor (lower(name))`);

    await queryRunner.query(`
      CREATE TABLE processor_purpose (
        processor_id uuid NOT NULL REFERENCES processor (id) ON DELETE CASCADE,
        purpose_code text NOT NULL REFERENCES purpose (code),
        PRIMARY KEY (processor_id, purpose_code)
      )`);

    await queryRunner.query(`
      CREATE TABLE consent (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id       uuid NOT NULL REFERENCES customer (id),
        purpose_code      text NOT NULL REFERENCES purpose (code),
        processor_id      uuid REFERENCES processor (id),
        status            text NOT NULL CHECK (status IN ('GRANTED', 'WITHDRAWN')),
        status_changed_at timestamptz NOT NULL,
        source            text NOT NULL CHECK (source IN ('SIGN_UP', 'PERSONAL_CABINET', 'STAFF_ASSISTED', 'IMPORT')),
        policy_version    text NOT NULL CHECK (policy_version <> ''),
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        -- One consent per customer, purpose and recipient; "no recipient" (the company) counts as one value.
        CONSTRAINT consent_one_per_recipient UNIQUE NULLS NOT DISTINCT (customer_id, purpose_code, processor_id)
      )`);
    await queryRunner.query(`CREATE INDEX consent_processor_customer ON consent (processor_id, customer_id) WHERE status = 'GRANTED'`);

    await queryRunner.query(`
      CREATE TABLE consent_event (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        consent_id     uuid NOT NULL REFERENCES consent (id),
        customer_id    uuid NOT NULL REFERENCES customer (id),
        purpose_code   text NOT NULL REFERENCES purpose (code),
        processor_id   uuid REFERENCES processor (id),
        status         text NOT NULL CHECK (status IN ('GRANTED', 'WITHDRAWN')),
        source         text NOT NULL CHECK (source IN ('SIGN_UP', 'PERSONAL_CABINET', 'STAFF_ASSISTED', 'IMPORT')),
        policy_version text NOT NULL CHECK (policy_version <> ''),
        occurred_at    timestamptz NOT NULL,
        actor          text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX consent_event_customer_time ON consent_event (customer_id, occurred_at)`);
    await queryRunner.query(`CREATE INDEX consent_event_consent ON consent_event (consent_id)`);

    await queryRunner.query(`
      CREATE TABLE privacy_request (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id  uuid NOT NULL REFERENCES customer (id),
        type         text NOT NULL CHECK (type IN ('ACCESS', 'RECTIFICATION', 'ERASURE')),
        status       text NOT NULL CHECK (status IN ('AWAITING_VERIFICATION', 'VERIFIED', 'IN_PROGRESS', 'COMPLETED', 'REFUSED')),
        submitted_at timestamptz NOT NULL DEFAULT now(),
        due_at       timestamptz NOT NULL,
        verified_at  timestamptz,
        closed_at    timestamptz,
        updated_at   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT privacy_request_due_after_submission CHECK (due_at > submitted_at),
        CONSTRAINT privacy_request_closed_iff_final CHECK ((closed_at IS NOT NULL) = (status IN ('COMPLETED', 'REFUSED')))
      )`);
    await queryRunner.query(`CREATE INDEX privacy_request_status_due ON privacy_request (status, due_at)`);
    await queryRunner.query(`CREATE INDEX privacy_request_customer ON privacy_request (customer_id)`);
    await queryRunner.query(`CREATE INDEX privacy_request_submitted_id ON privacy_request (submitted_at, id)`);

    await queryRunner.query(`
      CREATE TABLE disclosure (
        id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ground               text NOT NULL CHECK (ground IN ('LEGAL_OBLIGATION', 'TERMS_ENFORCEMENT', 'FRAUD_SECURITY', 'SAFETY_OF_USERS')),
        reference            text NOT NULL CHECK (reference <> ''),
        processor_id         uuid NOT NULL REFERENCES processor (id),
        customer_id          uuid NOT NULL REFERENCES customer (id),
        categories           text[] NOT NULL CHECK (cardinality(categories) > 0),
        justification        text NOT NULL CHECK (justification <> ''),
        expires_at           timestamptz NOT NULL,
        revoked_at           timestamptz,
        hidden_from_customer boolean NOT NULL DEFAULT false,
        hidden_reason        text,
        created_by           text NOT NULL,
        created_at           timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT disclosure_expires_after_creation CHECK (expires_at > created_at),
        CONSTRAINT disclosure_hidden_has_reason CHECK (NOT hidden_from_customer OR hidden_reason <> '')
      )`);
    await queryRunner.query(`CREATE INDEX disclosure_processor_customer ON disclosure (processor_id, customer_id)`);
    await queryRunner.query(`CREATE INDEX disclosure_customer ON disclosure (customer_id)`);

    await queryRunner.query(`
      CREATE TABLE audit_event (
        id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        occurred_at   timestamptz NOT NULL,
        request_id    uuid NOT NULL,
        actor_role    text NOT NULL,
        actor_subject text NOT NULL,
        processor_id  uuid REFERENCES processor (id),
        customer_id   uuid NOT NULL REFERENCES customer (id),
        fields        text[] NOT NULL CHECK (cardinality(fields) > 0),
        purpose_code  text REFERENCES purpose (code),
        basis         text NOT NULL,
        basis_id      uuid,
        prev_hash     text NOT NULL,
        hash          text NOT NULL UNIQUE
      )`);
    await queryRunner.query(`CREATE INDEX audit_event_customer_time ON audit_event (customer_id, occurred_at)`);

    // History tables are append-only: the database refuses to rewrite them, whoever asks.
    await queryRunner.query(`
      CREATE FUNCTION refuse_history_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['consent_event', 'audit_event']) {
      await queryRunner.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_history_rewrite()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'audit_event',
      'disclosure',
      'privacy_request',
      'consent_event',
      'consent',
      'processor_purpose',
      'processor',
      'customer',
      'purpose',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION refuse_history_rewrite()`);
  }
}
