import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getMetadataStorage as validationMetadata } from 'class-validator';
import { GraphQLScalarType } from 'graphql';
import { getMetadataStorage as schemaMetadata } from 'type-graphql';
import { RegisterCustomerInput } from '../src/modules/intake/registration.input';
import { outputOf, REPOSITORY } from './support/run-command';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * One set of profile rules for the API and the bulk import (issue 15): every rule sign-up's input declares, each
 * with a bad value refused by `registerCustomer` (on that field) and by `npm run import` (the row rejected, with a
 * reason naming the field: class-validator's own words where the rule is one of its checks). The rules are walked
 * from the input classes, so a rule added to the API and not given a row here fails the first test.
 */

let app: TestApp;
let dir: string;

beforeAll(async () => {
  app = await startTestApp();
  dir = mkdtempSync(path.join(tmpdir(), 'privacy-hub-profile-rules-'));
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

type Fields = Record<string, unknown>;
/** A class as type-graphql's metadata names it (its `target`), the key class-validator's metadata takes too. */
type InputClass = ReturnType<typeof schemaMetadata>['fields'][number]['target'];

interface RuleCase {
  /** The rule: the input field's path and the check, e.g. `address.street maxLength` or `email EmailAddress`. */
  rule: string;
  /** What the bad value replaces in a good sign-up input and in a good import record (the two shapes differ only for evidence). */
  api: Fields;
  record: Fields;
  /** Where the API's refusal points, as graphql-js writes a path in an input value. */
  field: string;
  /** The import's reason; omitted, it is the API's own message for the failed check, after `context`. */
  reason?: string;
  /** What the import's reason says first: which of the record's parts it is about. */
  context?: string;
}

const GRANTED_AT = '2025-05-01T09:00:00.000Z';
const EVIDENCE = { policyVersion: '2025-06', language: 'EN', shownAt: '2025-05-01T09:00:00.000Z', channel: 'WEB' };
const RECORD_EVIDENCE = { policyVersion: '2025-06', language: 'en', shownAt: '2025-05-01T09:00:00.000Z', channel: 'WEB' };
const consentTo = (processorId: string | null, purpose = 'NEW_SERVICES') => ({ purpose, processorId });

/** The same bad value in both shapes. */
const both = (fields: Fields) => ({ api: fields, record: fields });
/** A bad consent: the API's consents take the evidence beside them, the import's each its own, granted when shown. */
const withConsents = (consents: Fields[], evidence: Fields = {}) => ({
  api: { consents, evidence: { ...EVIDENCE, ...evidence } },
  record: { consents: consents.map((consent) => ({ ...consent, grantedAt: GRANTED_AT, evidence: { ...RECORD_EVIDENCE, ...evidence } })) },
});
const withEvidence = (evidence: Fields) => withConsents([consentTo(null)], evidence);

const cases: RuleCase[] = [
  {
    rule: 'email EmailAddress',
    ...both({ email: 'not-an-email' }),
    field: 'email',
    reason: 'email must be an email address such as name@example.az',
  },
  { rule: 'email EmailAddress', ...both({ email: `${'a'.repeat(250)}@x.az` }), field: 'email', reason: 'email must be at most 254 characters' },
  {
    rule: 'phone PhoneNumber',
    ...both({ phone: '050 123 45 67' }),
    field: 'phone',
    reason: 'phone must be in E.164 form: "+" and 7 to 15 digits, the first 1-9, no spaces or punctuation (e.g. +994501234567)',
  },
  { rule: 'fullName maxLength', ...both({ fullName: 'a'.repeat(201) }), field: 'fullName' },
  // The import reads a blank value as none given; for a required field that is a refusal too.
  { rule: 'fullName isNotBlank', ...both({ fullName: '   ' }), field: 'fullName', reason: 'fullName is missing' },
  {
    rule: 'dateOfBirth LocalDate',
    ...both({ dateOfBirth: '2001-02-30' }),
    field: 'dateOfBirth',
    reason: 'dateOfBirth must be a calendar date in the form YYYY-MM-DD',
  },
  { rule: 'dateOfBirth isPastLocalDate', ...both({ dateOfBirth: '2999-01-01' }), field: 'dateOfBirth' },
  { rule: 'dateOfBirth isPastLocalDate', ...both({ dateOfBirth: '1900-01-01' }), field: 'dateOfBirth' },
  { rule: 'locale Locale', ...both({ locale: 'XX' }), field: 'locale', reason: 'locale must be az or en' },
  { rule: 'address.street maxLength', ...both({ address: { street: 'a'.repeat(201) } }), field: 'address.street' },
  { rule: 'address.city maxLength', ...both({ address: { city: 'a'.repeat(101) } }), field: 'address.city' },
  { rule: 'address.postalCode matches', ...both({ address: { postalCode: '#1' } }), field: 'address.postalCode' },
  { rule: 'address.postalCode matches', ...both({ address: { postalCode: 'AZ 1000 1000 1' } }), field: 'address.postalCode' },
  {
    rule: 'address.country CountryCode',
    ...both({ address: { country: 'XX' } }),
    field: 'address.country',
    reason: 'country must be an ISO 3166-1 alpha-2 country code such as AZ',
  },
  { rule: 'externalRef maxLength', ...both({ externalRef: 'a'.repeat(201) }), field: 'externalRef' },
  { rule: 'externalRef isNotBlank', ...both({ externalRef: ' ' }), field: 'externalRef', reason: 'externalRef is missing' },
  {
    rule: 'consents arrayMaxSize',
    ...withConsents(Array.from({ length: 51 }, () => consentTo(randomUUID(), 'PERSONALIZATION'))),
    field: 'consents',
  },
  { rule: 'consents arrayUnique', ...withConsents([consentTo(null), consentTo(null)]), field: 'consents' },
  {
    rule: 'consents.purpose PurposeCode',
    ...withConsents([consentTo(null, 'MARKETING')]),
    field: 'consents[0].purpose',
    reason: 'unknown purpose "MARKETING"',
  },
  {
    rule: 'consents.processorId UUID',
    ...withConsents([consentTo('not-a-uuid')]),
    field: 'consents[0].processorId',
    reason: 'unknown processor "not-a-uuid"',
  },
  {
    rule: 'evidence isDefined',
    api: { consents: [consentTo(null)] },
    record: { consents: [{ ...consentTo(null), grantedAt: GRANTED_AT }] },
    field: 'evidence',
    reason: 'consent evidence: policyVersion is missing',
  },
  {
    rule: 'evidence.policyVersion maxLength',
    ...withEvidence({ policyVersion: 'v'.repeat(41) }),
    field: 'evidence.policyVersion',
    context: 'consent evidence: ',
  },
  {
    rule: 'evidence.policyVersion isNotBlank',
    ...withEvidence({ policyVersion: ' ' }),
    field: 'evidence.policyVersion',
    reason: 'consent evidence: policyVersion is missing',
  },
  {
    rule: 'evidence.language Locale',
    ...withEvidence({ language: 'XX' }),
    field: 'evidence.language',
    reason: 'consent evidence: language must be az or en',
  },
  {
    rule: 'evidence.shownAt DateTime',
    ...withEvidence({ shownAt: 'yesterday' }),
    field: 'evidence.shownAt',
    reason: 'consent evidence: shownAt is not a date-time',
  },
  {
    rule: 'evidence.channel SignUpChannel',
    ...withEvidence({ channel: 'NOWHERE' }),
    field: 'evidence.channel',
    reason: 'consent evidence: unknown channel "NOWHERE"',
  },
];

/** Rules of the API that the import keeps otherwise, on purpose. */
const NOT_THE_IMPORTS: Record<string, string> = {
  // A blank street or city in a file (an empty CSV column) is none given, as an omitted one is.
  'address.street isNotBlank': 'a blank optional value is an empty column',
  'address.city isNotBlank': 'a blank optional value is an empty column',
};

/**
 * Every check sign-up's input declares, walked from RegisterCustomerInput through its nested inputs: class-validator's
 * checks (not the markers IsOptional, ValidateIf and ValidateNested) and the scalar or enum each field is read with.
 */
function declaredRules(): string[] {
  const schema = schemaMetadata();
  const enumNames = new Map<unknown, string>(schema.enums.map((declared) => [declared.enumObj, declared.name]));
  const rules = new Set<string>();
  const walk = (inputClass: InputClass, prefix: string) => {
    const lineage = (target: InputClass) => target === inputClass || inputClass.prototype instanceof target;
    for (const check of validationMetadata().getTargetValidationMetadatas(inputClass, '', true, false)) {
      if (check.name && check.type !== 'conditionalValidation') rules.add(`${prefix}${check.propertyName} ${check.name}`);
    }
    const fields = new Map(schema.fields.filter((field) => lineage(field.target)).map((field) => [field.name, field.getType()]));
    for (const [name, type] of fields) {
      if (type instanceof GraphQLScalarType) rules.add(`${prefix}${name} ${type.name}`);
      else if (enumNames.has(type)) rules.add(`${prefix}${name} ${enumNames.get(type)}`);
      else if (schema.inputTypes.some((input) => input.target === type)) walk(type as InputClass, `${prefix}${name}.`);
    }
  };
  walk(RegisterCustomerInput, '');
  return [...rules].sort();
}

const REGISTER = `mutation ($input: RegisterCustomerInput!) { registerCustomer(input: $input) { id } }`;

interface Refusal {
  field: string;
  /** The failed check's message, for a class-validator check. */
  message?: string;
}

interface ValidationFailure {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationFailure[];
}

function failures(list: ValidationFailure[], prefix = ''): Refusal[] {
  return list.flatMap(({ property, constraints, children }) => {
    const field = /^\d+$/.test(property) ? `${prefix.slice(0, -1)}[${property}]` : `${prefix}${property}`;
    return [...Object.values(constraints ?? {}).map((message) => ({ field, message })), ...failures(children ?? [], `${field}.`)];
  });
}

/** Where the API refused: class-validator's failures, or the path of the variable's value that did not coerce. */
function refusalsOf(response: GraphQLResponse): Refusal[] {
  const error = response.errors?.[0];
  const validation = error?.extensions?.validationErrors as ValidationFailure[] | undefined;
  if (validation) return failures(validation);
  const at = /at "input\.([^"]+)"/.exec(error?.message ?? '');
  return at ? [{ field: at[1] }] : [];
}

let sequence = 0;
function goodInput(): Fields {
  sequence += 1;
  return {
    email: `rules${sequence}.${randomUUID().slice(0, 6)}@example.az`,
    fullName: `Leyla Məmmədova ${sequence}`,
    externalRef: `RULES-${sequence}`,
  };
}

/** All cases through the import in one run: line i + 1 is case i. */
async function importReasons(): Promise<Map<number, string>> {
  const file = path.join(dir, 'rules.jsonl');
  writeFileSync(file, cases.map((rule) => JSON.stringify({ ...goodInput(), ...rule.record })).join('\n') + '\n');
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', file], {
    cwd: REPOSITORY,
    env: { ...process.env, DATABASE_URL: (app.dataSource.options as { url: string }).url, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const result = await outputOf(child);
  expect(result.code).toBe(0);
  const rejects = readFileSync(`${file}.rejects.jsonl`, 'utf8').trim().split('\n');
  return new Map(rejects.map((line) => JSON.parse(line) as { line: number; reason: string }).map(({ line, reason }) => [line, reason]));
}

describe('the profile rules', () => {
  it('each have a case here, unless the import keeps them otherwise on purpose', () => {
    const covered = new Set([...cases.map((rule) => rule.rule), ...Object.keys(NOT_THE_IMPORTS)]);
    expect([...covered].sort()).toEqual(declaredRules());
  });

  it('refuse the same bad values in the API, on the field, and in the import, naming the field as the API does', async () => {
    const reasons = await importReasons();
    const results = [];
    for (const [index, rule] of cases.entries()) {
      const response = await app.graphql(REGISTER, { token: await app.tokenFor('staff'), variables: { input: { ...goodInput(), ...rule.api } } });
      const refusal = refusalsOf(response).find((candidate) => candidate.field === rule.field);
      results.push({
        rule: rule.rule,
        code: response.errors?.[0]?.extensions?.code,
        apiField: refusal?.field,
        importReason: reasons.get(index + 1),
        expectedReason: rule.reason ?? (refusal?.message === undefined ? undefined : `${rule.context ?? ''}${refusal.message}`),
      });
    }
    // One comparison for the whole table, so that a failure shows every rule that drifted at once.
    expect(results.map(({ rule, code, apiField, importReason }) => ({ rule, code, apiField, importReason }))).toEqual(
      results.map(({ rule, expectedReason }, index) => ({
        rule,
        code: 'BAD_USER_INPUT',
        apiField: cases[index].field,
        importReason: expectedReason,
      })),
    );
    expect(await app.dataSource.query(`SELECT count(*)::int AS n FROM customer`)).toEqual([{ n: 0 }]);
  }, 60_000);
});
