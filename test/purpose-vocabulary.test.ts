import { startTestApp, type TestApp } from './support/test-app';

/** The API shows purposes from the policy's vocabulary; the purpose table, seeded from it, must say the same. */

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

it('answers purposes exactly as the purpose table holds them', async () => {
  const stored = (await app.dataSource.query(
    `SELECT code, title_az, title_en, description_az, description_en, consent_required, policy_section FROM purpose ORDER BY policy_section`,
  )) as Array<Record<string, string | boolean>>;
  const result = await app.graphql<{ purposes: unknown[] }>(
    '{ purposes { code title { az en } description { az en } consentRequired policySection } }',
    { token: await app.tokenFor('analyst') },
  );
  expect(result.errors).toBeUndefined();
  expect(result.data?.purposes).toEqual(
    stored.map((row) => ({
      code: row.code,
      title: { az: row.title_az, en: row.title_en },
      description: { az: row.description_az, en: row.description_en },
      consentRequired: row.consent_required,
      policySection: row.policy_section,
    })),
  );
  expect(stored).toHaveLength(5);
});
