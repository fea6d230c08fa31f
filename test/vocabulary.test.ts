import { getDirective } from '@graphql-tools/utils';
import { getNamedType, isEnumType, isInputObjectType, isInterfaceType, isObjectType, type GraphQLEnumType, type GraphQLSchema } from 'graphql';
import type { DataSource } from 'typeorm';
import { DATA_CATEGORIES, DATA_CATEGORY_KEYS } from '../src/policy/data-categories';
import { DISCLOSURE_GROUNDS } from '../src/policy/disclosure-grounds';
import { personalDirective } from '../src/policy/personal';
import { PURPOSES } from '../src/policy/purposes';
import { REFUSAL_REASONS } from '../src/policy/refusal-reasons';
import { VERIFICATION_METHODS } from '../src/policy/verification-methods';
import type { Term } from '../src/policy/vocabulary';
import { buildBareSchema } from '../src/schema';
import { startTestApp, type TestApp } from './support/test-app';

// The privacy vocabulary is data (src/policy/): every vocabulary is walked here by the same tests, from the terms
// to the schema that names them, the database that holds or accepts them, and the API that answers them.

/** The keys a CHECK constraint of `table.column` accepts, as Postgres prints it: `column = ANY (ARRAY['A'::text, …])`. */
async function keysAcceptedByCheck(dataSource: DataSource, table: string, column: string): Promise<string[]> {
  const [constraint] = (await dataSource.query(`SELECT pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conname = $1`, [
    `${table}_${column}_check`,
  ])) as Array<{ definition: string }>;
  if (constraint === undefined) throw new Error(`no CHECK constraint on ${table}.${column}`);
  return [...constraint.definition.matchAll(/'([^']+)'::text/g)].map(([, key]) => key!);
}

/** Every data category a field of the schema is tagged with (`@personal(category:)`). */
function taggedCategories(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))
    .flatMap((type) => Object.values(type.getFields()))
    .flatMap((field) => getDirective(schema, field, personalDirective.name) ?? [])
    .map((personal) => String(personal.category));
}

interface Vocabulary {
  name: string;
  /** The terms; those the published policy states carry the section it states them in. */
  terms: ReadonlyArray<Term & { policySection?: string }>;
  /** The GraphQL enum whose values are exactly the keys; data categories are strings, checked against the tags instead. */
  enumName: string | null;
  /** The Query field that answers the vocabulary. */
  field: string;
  /** What to select of each term, aliased to the shape of the terms. */
  selection: string;
  /** The keys the database holds (a seeded table) or accepts (a CHECK constraint). */
  keysInDatabase(dataSource: DataSource): Promise<string[]>;
}

const TERM_FIELDS = 'key name { az en } description { az en }';

const VOCABULARIES: Vocabulary[] = [
  {
    name: 'purposes',
    terms: PURPOSES,
    enumName: 'PurposeCode',
    field: 'purposes',
    selection: 'key: code name: title { az en } description { az en } policySection',
    keysInDatabase: async (dataSource) => ((await dataSource.query('SELECT code FROM purpose')) as Array<{ code: string }>).map((row) => row.code),
  },
  {
    name: 'data categories',
    terms: DATA_CATEGORIES,
    enumName: null,
    field: 'dataCategories',
    selection: TERM_FIELDS,
    keysInDatabase: async (dataSource) => ((await dataSource.query('SELECT key FROM data_category')) as Array<{ key: string }>).map((row) => row.key),
  },
  {
    name: 'disclosure grounds',
    terms: DISCLOSURE_GROUNDS,
    enumName: 'DisclosureGround',
    field: 'disclosureGrounds',
    selection: `${TERM_FIELDS} policySection`,
    keysInDatabase: (dataSource) => keysAcceptedByCheck(dataSource, 'disclosure', 'ground'),
  },
  {
    name: 'refusal reasons',
    terms: REFUSAL_REASONS,
    enumName: 'RefusalReason',
    field: 'refusalReasons',
    selection: `${TERM_FIELDS} policySection`,
    keysInDatabase: (dataSource) => keysAcceptedByCheck(dataSource, 'privacy_request', 'refusal_reason'),
  },
  {
    name: 'verification methods',
    terms: VERIFICATION_METHODS,
    enumName: 'VerificationMethod',
    field: 'verificationMethods',
    selection: `${TERM_FIELDS} policySection`,
    keysInDatabase: (dataSource) => keysAcceptedByCheck(dataSource, 'privacy_request', 'verification_method'),
  },
];

/**
 * The schema's enums that are not terms of the published policy: workflow states and API mechanics. A new enum
 * must be added to VOCABULARIES (with its terms) or here, so a vocabulary cannot enter the API without its terms.
 */
const ENUMS_OUTSIDE_THE_VOCABULARY = [
  'AccessBasis',
  'AuditLogProblem',
  'ConsentSource',
  'ConsentStatus',
  'CustomerSortField',
  'DeliveryStatus',
  'ErrorCode',
  'Locale',
  'NoticeKind',
  'OperationType',
  'PrivacyRequestStatus',
  'PrivacyRequestType',
  'ProcessorKind',
  'SignUpChannel',
  'SortDirection',
];

let schema: GraphQLSchema;
let app: TestApp;

beforeAll(async () => {
  schema = await buildBareSchema();
  app = await startTestApp();
});
afterAll(() => app.close());

describe('the privacy vocabulary', () => {
  it('walks every vocabulary enum of the schema, and names the others as outside it', () => {
    const enums = Object.values(schema.getTypeMap())
      .filter((type) => isEnumType(type) && !type.name.startsWith('__'))
      .map((type) => type.name)
      .sort();
    const walked = VOCABULARIES.flatMap((vocabulary) => vocabulary.enumName ?? []);
    expect(enums).toEqual([...walked, ...ENUMS_OUTSIDE_THE_VOCABULARY].sort());
  });

  it('walks every Query field that answers vocabulary terms', () => {
    const answered = VOCABULARIES.map((vocabulary) => vocabulary.field);
    const termFields = Object.values(schema.getQueryType()!.getFields())
      .filter((field) => ['Purpose', 'DataCategoryTerm', 'VocabularyTerm'].includes(getNamedType(field.type).name))
      .map((field) => field.name);
    expect(termFields.sort()).toEqual([...answered].sort());
  });

  describe.each(VOCABULARIES)('$name', (vocabulary) => {
    const keys = vocabulary.terms.map((term) => term.key);

    it('has unique keys', () => {
      expect(new Set(keys).size).toBe(keys.length);
    });

    it.each(vocabulary.terms.map((term) => [term.key, term] as const))(
      'names and describes %s in Azerbaijani and in English, differently',
      (_key, term) => {
        for (const text of [term.name, term.description]) {
          expect(text.az.trim()).not.toBe('');
          expect(text.en.trim()).not.toBe('');
          expect(text.az).not.toBe(text.en);
        }
      },
    );

    it('is what the schema names: its enum, one value per term described in English, or the categories of tags', () => {
      if (vocabulary.enumName === null) {
        // No enum: every category a personal field is tagged with must be a term.
        expect(taggedCategories(schema).filter((category) => !keys.includes(category))).toEqual([]);
        return;
      }
      const type = schema.getType(vocabulary.enumName) as GraphQLEnumType;
      expect(type.getValues().map((value) => [value.name, value.description])).toEqual(
        vocabulary.terms.map((term) => [term.key, term.description.en]),
      );
    });

    it('is what the database holds or accepts', async () => {
      expect((await vocabulary.keysInDatabase(app.dataSource)).sort()).toEqual([...keys].sort());
    });

    it('is answered by the API exactly as the data holds it, to anyone', async () => {
      const result = await app.graphql<{ terms: unknown[] }>(`{ terms: ${vocabulary.field} { ${vocabulary.selection} } }`);
      expect(result.errors).toBeUndefined();
      expect(result.data?.terms).toEqual(
        vocabulary.terms.map((term) => ({
          key: term.key,
          name: term.name,
          description: term.description,
          ...(term.policySection === undefined ? {} : { policySection: term.policySection }),
        })),
      );
    });
  });

  it('has the parent of every dotted data category', () => {
    const missingParents = DATA_CATEGORY_KEYS.filter((key) => key.includes('.')).filter(
      (key) => !DATA_CATEGORY_KEYS.includes(key.slice(0, key.lastIndexOf('.')) as never),
    );
    expect(missingParents).toEqual([]);
  });

  it('has the five purposes of policy §1, in order', () => {
    expect(PURPOSES.map((purpose) => [purpose.key, purpose.policySection])).toEqual([
      ['PERSONALIZATION', '§1.1'],
      ['SERVICE_PROTECTION_AND_IMPROVEMENT', '§1.2'],
      ['TECHNICAL_SUPPORT', '§1.3'],
      ['RIGHTS_AND_PROPERTY_PROTECTION', '§1.4'],
      ['NEW_SERVICES', '§1.5'],
    ]);
  });

  it('has the four grounds of policy §2, in order', () => {
    expect(DISCLOSURE_GROUNDS.map((ground) => [ground.key, ground.policySection])).toEqual([
      ['LEGAL_OBLIGATION', '§2.1'],
      ['TERMS_ENFORCEMENT', '§2.2'],
      ['FRAUD_SECURITY', '§2.3'],
      ['SAFETY_OF_USERS', '§2.4'],
    ]);
  });
});
