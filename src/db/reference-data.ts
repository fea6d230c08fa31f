import { DATA_CATEGORIES } from '../policy/data-categories';
import { PURPOSES } from '../policy/purposes';

/** A data source or one of its connections (the preparer's, which holds the preparation lock). */
interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Writes the policy's reference vocabulary (the five purposes, the data categories) into the database,
 * updating wording that changed. Seed data, kept apart from the migrations; safe to run on every start.
 */
export async function seedReferenceData(dataSource: Queryable): Promise<void> {
  await seedPurposes(dataSource);
  await seedDataCategories(dataSource);
}

async function seedDataCategories(dataSource: Queryable): Promise<void> {
  const parentOf = (key: string) => (key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : null);
  await dataSource.query(
    `INSERT INTO data_category (key, parent_key, name_az, name_en, description_az, description_en)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
     ON CONFLICT (key) DO UPDATE SET
       name_az = excluded.name_az, name_en = excluded.name_en,
       description_az = excluded.description_az, description_en = excluded.description_en`,
    [
      DATA_CATEGORIES.map((c) => c.key),
      DATA_CATEGORIES.map((c) => parentOf(c.key)),
      DATA_CATEGORIES.map((c) => c.name.az),
      DATA_CATEGORIES.map((c) => c.name.en),
      DATA_CATEGORIES.map((c) => c.description.az),
      DATA_CATEGORIES.map((c) => c.description.en),
    ],
  );
}

async function seedPurposes(dataSource: Queryable): Promise<void> {
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
