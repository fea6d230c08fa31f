import { GraphQLError } from 'graphql';
import { ErrorCode } from '../src/common/errors';
import { answeringUniqueViolation, isUniqueViolation, type UniqueConstraint } from '../src/db/unique-violation';
import { ProcessorKind } from '../src/modules/processors/processor.enums';
import { insertProcessor } from './support/fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/** Policy §2: the privacy officer registers processors, records their agreement and grants specific permission. */

let app: TestApp;
let officer: string;

const REGISTER = `mutation ($input: RegisterProcessorInput!) {
  registerProcessor(input: $input) { id name kind country agreementAcceptedAt trusted trustedBy active allowedPurposes { code } }
}`;
const PROCESSOR_COLUMNS = `SELECT name, kind, country, trusted_at IS NOT NULL AS trusted, trusted_by, active,
  ARRAY(SELECT purpose_code FROM processor_purpose pp WHERE pp.processor_id = p.id ORDER BY 1) AS purposes
  FROM processor p`;

const validInput = (name: string) => ({
  name,
  kind: 'THIRD_PARTY',
  country: 'TR',
  agreementAcceptedAt: '2025-03-01T00:00:00.000Z',
  allowedPurposes: ['PERSONALIZATION', 'NEW_SERVICES'],
});

beforeAll(async () => {
  app = await startTestApp();
  officer = await app.tokenFor('privacy_officer');
});
afterAll(() => app.close());

async function processorCount(): Promise<number> {
  const [{ count }] = (await app.dataSource.query('SELECT count(*)::int AS count FROM processor')) as Array<{ count: number }>;
  return count;
}

describe('registering a processor', () => {
  it('stores it untrusted with its allowed purposes', async () => {
    const result = await app.graphql<{ registerProcessor: { id: string } }>(REGISTER, {
      token: officer,
      variables: { input: validInput('AdPartner MMC') },
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.registerProcessor).toEqual({
      id: expect.any(String),
      name: 'AdPartner MMC',
      kind: 'THIRD_PARTY',
      country: 'TR',
      agreementAcceptedAt: '2025-03-01T00:00:00.000Z',
      trusted: false,
      trustedBy: null,
      active: true,
      allowedPurposes: [{ code: 'NEW_SERVICES' }, { code: 'PERSONALIZATION' }],
    });
    const rows = await app.dataSource.query(`${PROCESSOR_COLUMNS} WHERE p.id = $1`, [result.data?.registerProcessor.id]);
    expect(rows).toEqual([
      {
        name: 'AdPartner MMC',
        kind: 'THIRD_PARTY',
        country: 'TR',
        trusted: false,
        trusted_by: null,
        active: true,
        purposes: ['NEW_SERVICES', 'PERSONALIZATION'],
      },
    ]);
  });

  const invalid: Array<[string, Record<string, unknown>, string]> = [
    ['a blank name', { name: ' ' }, 'BAD_USER_INPUT'],
    ['an unknown purpose', { allowedPurposes: ['SELLING_DATA'] }, 'BAD_USER_INPUT'],
    ['a repeated purpose', { allowedPurposes: ['PERSONALIZATION', 'PERSONALIZATION'] }, 'BAD_USER_INPUT'],
    ['an unknown kind', { kind: 'FRIEND' }, 'BAD_USER_INPUT'],
    ['a country that is not ISO 3166', { country: 'ZZ' }, 'BAD_USER_INPUT'],
    ['a taken name, in other letter case', { name: 'adpartner mmc' }, 'PROCESSOR_NAME_TAKEN'],
  ];

  it.each(invalid)('refuses %s with %s and writes nothing', async (_case, change, code) => {
    const before = await processorCount();
    const result = await app.graphql(REGISTER, { token: officer, variables: { input: { ...validInput('Other MMC'), ...change } } });
    expect(result.errors?.[0].extensions?.code).toBe(code);
    expect(await processorCount()).toBe(before);
  });

  it.each(['staff', 'analyst'] as const)('is refused to %s', async (role) => {
    const before = await processorCount();
    const result = await app.graphql(REGISTER, { token: await app.tokenFor(role), variables: { input: validInput('Sneaky MMC') } });
    expect(result.errors?.[0]).toMatchObject({ path: ['registerProcessor'], extensions: { code: 'FORBIDDEN' } });
    expect(await processorCount()).toBe(before);
  });
});

describe('editing and trusting a processor', () => {
  let id: string;

  beforeAll(async () => {
    const result = await app.graphql<{ registerProcessor: { id: string } }>(REGISTER, {
      token: officer,
      variables: { input: validInput('Kargo Ekspress') },
    });
    id = result.data!.registerProcessor.id;
  });

  it('replaces allowed purposes and deactivates', async () => {
    const result = await app.graphql(
      `mutation ($id: UUID!, $input: UpdateProcessorInput!) { updateProcessor(id: $id, input: $input) { active allowedPurposes { code } } }`,
      { token: officer, variables: { id, input: { allowedPurposes: ['TECHNICAL_SUPPORT'], active: false } } },
    );
    expect(result.data?.updateProcessor).toEqual({ active: false, allowedPurposes: [{ code: 'TECHNICAL_SUPPORT' }] });
    const [row] = await app.dataSource.query(`${PROCESSOR_COLUMNS} WHERE p.id = $1`, [id]);
    expect(row).toMatchObject({ active: false, purposes: ['TECHNICAL_SUPPORT'] });
  });

  it('records which officer granted trust, and clears it on withdrawal', async () => {
    const granted = await app.graphql(`mutation ($id: UUID!) { grantProcessorTrust(id: $id) { trusted trustedBy trustedAt } }`, {
      token: await app.token({ role: 'privacy_officer', sub: 'officer:nigar' }),
      variables: { id },
    });
    expect(granted.data?.grantProcessorTrust).toEqual({ trusted: true, trustedBy: 'privacy_officer:officer:nigar', trustedAt: expect.any(String) });
    const withdrawn = await app.graphql(`mutation ($id: UUID!) { withdrawProcessorTrust(id: $id) { trusted trustedBy } }`, {
      token: officer,
      variables: { id },
    });
    expect(withdrawn.data?.withdrawProcessorTrust).toEqual({ trusted: false, trustedBy: null });
  });

  it('answers NOT_FOUND for an unknown processor', async () => {
    const result = await app.graphql(`mutation { grantProcessorTrust(id: "00000000-0000-4000-8000-000000000000") { id } }`, {
      token: officer,
    });
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('lists processors to any signed-in principal, not to anonymous callers', async () => {
    const listed = await app.graphql(`{ processors { name } }`, { token: await app.tokenFor('analyst') });
    expect(listed.data?.processors).toEqual(expect.arrayContaining([{ name: 'Kargo Ekspress' }]));
    const anonymous = await app.graphql(`{ processors { name } }`);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('a unique violation other than the name', () => {
  // The API cannot provoke one (repeated purposes or categories are refused as BAD_USER_INPUT, and a processor's
  // purposes are replaced under its row lock), so the service is called as a resolver would be without validation.
  it('propagates as it is, and is not answered as PROCESSOR_NAME_TAKEN', async () => {
    const registering = app.services.processors.register({
      name: 'Repeated Purposes MMC',
      kind: ProcessorKind.THIRD_PARTY,
      country: 'TR',
      allowedPurposes: ['PERSONALIZATION', 'PERSONALIZATION'],
    });
    await expect(registering).rejects.toMatchObject({ code: '23505', constraint: 'processor_purpose_pkey' });
    await expect(registering).rejects.not.toBeInstanceOf(GraphQLError);
    expect(await app.dataSource.query(`SELECT 1 FROM processor WHERE name = 'Repeated Purposes MMC'`)).toEqual([]);
  });
});

describe('recognising a unique violation by the constraint it names', () => {
  /** The error PostgreSQL raises for `sql`. */
  async function errorOf(sql: string, parameters: unknown[]): Promise<unknown> {
    return app.dataSource.query(sql, parameters).then(
      () => {
        throw new Error(`expected ${sql} to fail`);
      },
      (error: unknown) => error,
    );
  }

  let nameTaken: unknown;
  let purposeRepeated: unknown;
  let notUnique: unknown;

  beforeAll(async () => {
    const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION'] });
    nameTaken = await errorOf(`INSERT INTO processor (name, kind, country, active) VALUES ($1, 'AFFILIATE', 'AZ', true)`, [
      processor.name.toUpperCase(),
    ]);
    purposeRepeated = await errorOf(`INSERT INTO processor_purpose VALUES ($1, 'PERSONALIZATION')`, [processor.id]);
    notUnique = await errorOf(`INSERT INTO processor_purpose VALUES ($1, 'PERSONALIZATION')`, ['00000000-0000-4000-8000-000000000000']);
  });

  it('recognises a violation of the constraint named, and of no other', () => {
    expect(isUniqueViolation(nameTaken, 'processor_name_unique')).toBe(true);
    expect(isUniqueViolation(nameTaken, 'customer_email_unique', 'processor_name_unique')).toBe(true);
    expect(isUniqueViolation(nameTaken, 'customer_email_unique', 'customer_external_ref_unique')).toBe(false);
    expect(isUniqueViolation(purposeRepeated, 'processor_name_unique', 'customer_email_unique', 'customer_external_ref_unique')).toBe(false);
    expect(isUniqueViolation(notUnique, 'processor_name_unique')).toBe(false);
  });

  it('answers only the named violation with its API error; any other error propagates unchanged', async () => {
    const conflict = { constraint: 'processor_name_unique' as const, code: ErrorCode.PROCESSOR_NAME_TAKEN, message: 'Taken.' };
    const failingWith = (error: unknown) => () => Promise.reject(error);
    await expect(answeringUniqueViolation(conflict, failingWith(nameTaken))).rejects.toMatchObject({
      message: 'Taken.',
      extensions: { code: 'PROCESSOR_NAME_TAKEN' },
    });
    await expect(answeringUniqueViolation(conflict, failingWith(purposeRepeated))).rejects.toBe(purposeRepeated);
    await expect(answeringUniqueViolation(conflict, failingWith(notUnique))).rejects.toBe(notUnique);
  });

  it('names only unique indexes the migrations create', async () => {
    const named: Record<UniqueConstraint, true> = {
      customer_email_unique: true,
      customer_external_ref_unique: true,
      processor_name_unique: true,
    };
    const rows = (await app.dataSource.query(
      `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
       WHERE i.indisunique AND c.relname = ANY($1) ORDER BY 1`,
      [Object.keys(named)],
    )) as Array<{ name: string }>;
    expect(rows.map((row) => row.name)).toEqual(Object.keys(named).sort());
  });
});
