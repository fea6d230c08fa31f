import type { DataSource } from 'typeorm';
import { PURPOSES } from '../policy/purposes';

/**
 * Writes the policy's reference vocabulary (the five purposes) into the database, updating wording that
 * changed. Seed data, kept apart from the migrations; safe to run on every start.
 */
export async function seedReferenceData(dataSource: DataSource): Promise<void> {
  await dataSource.query(
    `INSERT INTO purpose (code, title_az, title_en, description_az, description_en, consent_required, policy_section)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::text[])
     ON CONFLICT (code) DO UPDATE SET
       title_az = excluded.title_az, title_en = excluded.title_en,
       description_az = excluded.description_az, description_en = excluded.description_en,
       consent_required = excluded.consent_required, policy_section = excluded.policy_section`,
    [
      PURPOSES.map((p) => p.key),
      PURPOSES.map((p) => p.name.az),
      PURPOSES.map((p) => p.name.en),
      PURPOSES.map((p) => p.description.az),
      PURPOSES.map((p) => p.description.en),
      PURPOSES.map((p) => p.consentRequired),
      PURPOSES.map((p) => p.policySection),
    ],
  );
}
