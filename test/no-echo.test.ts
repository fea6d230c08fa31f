import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isRequiredInputField,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { MAX_TRUSTED_DOCUMENT_LENGTH } from '../src/modules/trusted-documents/trusted-document.input';
import { buildBareSchema } from '../src/schema';
import { insertCustomer, insertProcessor } from './support/fixtures';
import { startTestApp, type GraphQLResponse, type TestApp } from './support/test-app';

/**
 * Issue 13, class 5: no answer carries a value the caller sent, whether it came as a variable or as an inline
 * literal, at any argument or input field of the schema. Every refusal still says where (the variable's path, or
 * `extensions.argumentPath` for a literal) and what was expected, with BAD_USER_INPUT; a syntax error keeps its
 * place and kind. Each sent value holds a sentinel that the whole answer (messages, locations, extensions) is
 * searched for, in any letter case: a value refused after being upper-cased or trimmed must not come back either.
 */

let app: TestApp;
let schema: GraphQLSchema;
let officer: string;

beforeAll(async () => {
  app = await startTestApp();
  schema = await buildBareSchema();
  officer = await app.tokenFor('privacy_officer');
});
afterAll(() => app.close());

/** A value as a variable carries it and as the same value written inline in the document. */
interface Sent {
  variable: unknown;
  literal: string;
}

/** A value to refuse: `sentinels` must not appear in the answer; `stage` is where it is refused. */
interface Refused extends Sent {
  what: string;
  sentinels: string[];
  /** `type`: by the type (validation or variable coercion); `bounds`: a string over its limit, at execution. */
  stage: 'type' | 'bounds';
}

const text = (value: string): Sent => ({ variable: value, literal: JSON.stringify(value) });
const refusedText = (what: string, value: string, sentinels: string[], stage: Refused['stage'] = 'type'): Refused => ({
  what,
  ...text(value),
  sentinels,
  stage,
});
const refusedNumber = (what: string, literal: string, sentinel: string): Refused => ({
  what,
  variable: Number(literal),
  literal,
  sentinels: [sentinel],
  stage: 'type',
});

/** Over every string's limit, the longest (a trusted document's) included. */
const OVER_EVERY_LIMIT = `leak-long-7f3a${'x'.repeat(MAX_TRUSTED_DOCUMENT_LENGTH)}`;

/** Refused values for every leaf type an input can hold; a leaf type of the schema missing here fails the test. */
const REFUSED: Record<string, Refused[]> = {
  EmailAddress: [
    refusedText('a malformed address', 'leak-7f3a@@example.invalid', ['leak-7f3a']),
    refusedText('an address over 254 characters', `leak-long-7f3a${'a'.repeat(250)}@example.az`, ['leak-long-7f3a']),
  ],
  PhoneNumber: [refusedText('a number with a letter', '+99412345x', ['99412345x']), refusedText('a first digit 0', '+0994123457', ['0994123457'])],
  CountryCode: [
    refusedText('a code not in ISO 3166-1', 'ZZ', ['ZZ']),
    refusedText('a lower-case code not in ISO 3166-1 (read in capitals)', 'zq', ['zq']),
    refusedText('a letter and a digit', 'Q1', ['Q1']),
  ],
  LocalDate: [
    refusedText('a date not in the calendar', '1990-13-45', ['1990-13-45']),
    refusedText('a date of the wrong form', 'leak-date-7f3a', ['leak-date-7f3a']),
  ],
  DateTime: [
    refusedText('an instant not in the calendar', '1990-13-45T25:61:00Z', ['1990-13-45']),
    refusedText('a text', 'leak-dt-7f3a', ['leak-dt-7f3a']),
  ],
  UUID: [refusedText('a UUID with a typo', '6b3a3c4e-7f3a-4000-8000-00000000000g', ['7f3a-4000']), refusedText('two letters', 'qx', ['qx'])],
  SafeInt: [refusedNumber('an integer past 2^53', '98765432109876543', '9876543210987'), refusedText('a text', 'leak-int-7f3a', ['leak-int-7f3a'])],
  Int: [refusedNumber('an integer past 32 bits', '98765432109', '98765432109'), refusedText('a text', 'leak-int-7f3a', ['leak-int-7f3a'])],
  Boolean: [refusedText('a text', 'leak-bool-7f3a', ['leak-bool-7f3a'])],
  String: [
    refusedNumber('a number', '987654321', '987654321'),
    refusedText('a control character', 'leak-ctl-7f3a\u0001', ['leak-ctl-7f3a'], 'bounds'),
    refusedText('more characters than any limit', OVER_EVERY_LIMIT, ['leak-long-7f3a'], 'bounds'),
  ],
};

/** An enum's refused values, named after no value of any enum. */
const REFUSED_ENUM: Refused[] = [
  { what: 'a name it does not define', variable: 'LEAK_ENUM_7F3A', literal: 'LEAK_ENUM_7F3A', sentinels: ['LEAK_ENUM_7F3A'], stage: 'type' },
  refusedText('a short string', 'qz', ['qz']),
];

/** A valid value of each leaf type, for everything around the refused one. */
const VALID: Record<string, Sent> = {
  EmailAddress: text('valid@example.az'),
  PhoneNumber: text('+994501234567'),
  CountryCode: text('AZ'),
  LocalDate: text('2000-01-01'),
  DateTime: text('2030-01-01T00:00:00.000Z'),
  UUID: text('00000000-0000-4000-8000-000000000000'),
  SafeInt: { variable: 1, literal: '1' },
  Int: { variable: 1, literal: '1' },
  Boolean: { variable: false, literal: 'false' },
  String: text('valid'),
};

function validLeaf(type: GraphQLNamedType): Sent {
  if (isEnumType(type)) {
    const [first] = type.getValues();
    return { variable: first.name, literal: first.name };
  }
  const valid = VALID[type.name];
  if (!valid) throw new Error(`no valid value for ${type.name}`);
  return valid;
}

type Segment = string | number;

/** One place a value can be sent: an argument of a root field and the path inside it down to a leaf. */
interface InputPlace {
  operation: 'query' | 'mutation';
  field: GraphQLField<unknown, unknown>;
  argument: GraphQLArgument;
  /** Below the argument: input field names and list indices. */
  segments: Segment[];
  /** The type at the place as the schema declares it (`UUID!`, `PurposeCode!`). */
  declared: GraphQLInputType;
}

function placesUnder(
  type: GraphQLInputType,
  segments: Segment[],
  within: ReadonlySet<string>,
  found: Array<Omit<InputPlace, 'operation' | 'field' | 'argument'>>,
) {
  const nullable = isNonNullType(type) ? type.ofType : type;
  if (isListType(nullable)) placesUnder(nullable.ofType, [...segments, 0], within, found);
  else if (isLeafType(nullable)) found.push({ segments, declared: type });
  else if (!within.has(nullable.name)) {
    for (const field of Object.values(nullable.getFields())) {
      placesUnder(field.type, [...segments, field.name], new Set([...within, nullable.name]), found);
    }
  }
}

/** Every leaf under every argument of every root field, from the schema itself: a new input is covered as it appears. */
function inputPlaces(): InputPlace[] {
  const roots = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const;
  return roots.flatMap(([operation, root]) =>
    Object.values(root?.getFields() ?? {}).flatMap((field) =>
      field.args.flatMap((argument) => {
        const found: Array<Omit<InputPlace, 'operation' | 'field' | 'argument'>> = [];
        placesUnder(argument.type, [], new Set(), found);
        return found.map((place) => ({ operation, field, argument, ...place }));
      }),
    ),
  );
}

/** A value of `type` with its required fields valid, and `refused` at `rest` (the path below this point), if given. */
function valueOf(type: GraphQLInputType, rest: Segment[] | undefined, refused: Sent): Sent {
  if (rest?.length === 0) return refused;
  const nullable = isNonNullType(type) ? type.ofType : type;
  if (isListType(nullable)) {
    const item = valueOf(nullable.ofType, rest?.slice(1), refused);
    return { variable: [item.variable], literal: `[${item.literal}]` };
  }
  if (isInputObjectType(nullable)) {
    const fields = Object.values(nullable.getFields())
      .filter((field) => isRequiredInputField(field) || field.name === rest?.[0])
      .map((field) => [field.name, valueOf(field.type, field.name === rest?.[0] ? rest.slice(1) : undefined, refused)] as const);
    return {
      variable: Object.fromEntries(fields.map(([name, value]) => [name, value.variable])),
      literal: `{ ${fields.map(([name, value]) => `${name}: ${value.literal}`).join(', ')} }`,
    };
  }
  return validLeaf(getNamedType(type));
}

function printPath(argument: string, segments: Segment[]): string {
  return segments.reduce<string>((path, segment) => (typeof segment === 'number' ? `${path}[${segment}]` : `${path}.${segment}`), argument);
}

/** The operation sending `refused` at `place`, every argument as a variable or every argument inline. */
function operationFor(place: InputPlace, refused: Sent, form: 'variable' | 'literal'): { query: string; variables?: Record<string, unknown> } {
  const args = place.field.args
    .filter((argument) => argument === place.argument || (isNonNullType(argument.type) && argument.defaultValue === undefined))
    .map((argument) => [argument, valueOf(argument.type, argument === place.argument ? place.segments : undefined, refused)] as const);
  const selection = isLeafType(getNamedType(place.field.type)) ? '' : ' { __typename }';
  if (form === 'literal') {
    return { query: `${place.operation} { ${place.field.name}(${args.map(([a, v]) => `${a.name}: ${v.literal}`).join(', ')})${selection} }` };
  }
  const definitions = args.map(([argument]) => `$${argument.name}: ${String(argument.type)}`).join(', ');
  const uses = args.map(([argument]) => `${argument.name}: $${argument.name}`).join(', ');
  return {
    query: `${place.operation} (${definitions}) { ${place.field.name}(${uses})${selection} }`,
    variables: Object.fromEntries(args.map(([argument, value]) => [argument.name, value.variable])),
  };
}

function refusedValuesFor(type: GraphQLNamedType): Refused[] {
  if (isEnumType(type)) return REFUSED_ENUM;
  return REFUSED[type.name] ?? [];
}

/** The sentinels found in the answer, in any letter case. */
function echoed(result: GraphQLResponse, sentinels: string[]): string[] {
  const body = JSON.stringify(result).toLowerCase();
  return sentinels.filter((sentinel) => body.includes(sentinel.toLowerCase()));
}

describe('every argument and input field of the schema', () => {
  it('has refused values for each leaf type it holds', () => {
    const uncovered = [...new Set(inputPlaces().map((place) => getNamedType(place.declared)))]
      .filter((type) => refusedValuesFor(type).length === 0)
      .map((type) => type.name);
    expect(uncovered).toEqual([]);
    // The walk reaches the inputs the issue names.
    const coordinates = inputPlaces().map((place) => `${place.field.name}(${printPath(place.argument.name, place.segments)})`);
    expect(coordinates).toEqual(
      expect.arrayContaining([
        'updateMyProfile(input.email)',
        'updateMyProfile(input.address.country)',
        'registerCustomer(input.phone)',
        'registerCustomer(input.consents[0].processorId)',
        'submitPrivacyRequest(input.changes.dateOfBirth)',
        'customers(filter.emailContains)',
        'consents(customerId)',
        'recordDisclosure(input.expiresAt)',
        'registerProcessor(input.allowedPurposes[0])',
        'auditConsistencyProof(fromTreeSize)',
      ]),
    );
  });

  // Values are refused before any authorisation, so each role gets the same refusals; the officer (and staff) with
  // "Did you mean" suggestions, the customer without.
  it.each([
    ['variable', 'privacy_officer'],
    ['literal', 'privacy_officer'],
    ['variable', 'staff'],
    ['literal', 'staff'],
    ['variable', 'customer'],
    ['literal', 'customer'],
  ] as const)('refuses every value as a %s without echoing it, saying where and what was expected (%s)', async (form, role) => {
    const token = role === 'customer' ? await app.customerToken((await insertCustomer(app.dataSource)).id) : await app.tokenFor(role);
    const failures: string[] = [];
    for (const place of inputPlaces()) {
      const path = printPath(place.argument.name, place.segments);
      for (const refused of refusedValuesFor(getNamedType(place.declared))) {
        const { query, variables } = operationFor(place, refused, form);
        const result = await app.graphql(query, { token, variables });
        const where = `${place.field.name}(${path}) ${refused.what} as a ${form}`;
        const leaked = echoed(result, refused.sentinels);
        if (leaked.length > 0) failures.push(`${where}: echoes ${leaked.join(', ')}: ${JSON.stringify(result.errors).slice(0, 300)}`);
        const problem = refusalProblem(result, place, path, refused, form);
        if (problem) failures.push(`${where}: ${problem}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

/** What is wrong with the refusal (null when it is precise): one error, BAD_USER_INPUT, saying where and what. */
function refusalProblem(result: GraphQLResponse, place: InputPlace, path: string, refused: Refused, form: 'variable' | 'literal'): string | null {
  const errors = result.errors ?? [];
  if (errors.length !== 1) return `${errors.length} errors: ${JSON.stringify(errors).slice(0, 300)}`;
  const [error] = errors;
  if (error.extensions?.code !== 'BAD_USER_INPUT') return `code ${String(error.extensions?.code)}: ${error.message.slice(0, 200)}`;
  if (refused.stage === 'bounds') {
    // Refused at execution by the string bounds, which name the argument path whichever way the value came.
    const precise = error.extensions.argumentPath === path && JSON.stringify(error.path) === JSON.stringify([place.field.name]);
    return precise ? null : `not at ${path}: ${JSON.stringify(error)}`;
  }
  if (result.status !== 400 || result.data !== undefined) return `answered ${result.status} with data`;
  const message = withoutSchemaSuggestion(error.message, getNamedType(place.declared));
  const named = getNamedType(place.declared).name;
  if (form === 'variable') {
    const where = `Variable "$${place.argument.name}" has an invalid value at "${path}": `;
    // This API's own scalars say what they expect in their own words, which never hold the value.
    const precise = OWN_SCALARS.has(named) ? message.startsWith(`${where}${named} must `) : message === `${where}expected ${String(place.declared)}.`;
    return precise ? null : `message ${JSON.stringify(error.message)}`;
  }
  if (error.extensions.argumentPath !== path) return `argumentPath ${String(error.extensions.argumentPath)}, not ${path}: ${error.message}`;
  // This API's own scalars say what they expect in their own words, which never hold the value.
  const precise = OWN_SCALARS.has(named)
    ? message.startsWith(`${named} must `)
    : message === `Argument "${path}" has an invalid value: expected ${String(place.declared)}.`;
  return precise ? null : `message ${JSON.stringify(error.message)}`;
}

/**
 * The message without its "Did you mean" tail (the officer may explore the schema), when every name the tail offers is
 * a value of the expected enum: a suggestion of the schema's own vocabulary, not the caller's text.
 */
function withoutSchemaSuggestion(message: string, type: GraphQLNamedType): string {
  const tail = / Did you mean [^?]*\?$/.exec(message);
  if (!tail || !isEnumType(type)) return message;
  const values = new Set(type.getValues().map((value) => value.name));
  const offered = [...tail[0].matchAll(/"([^"]*)"/g)].map((match) => match[1]);
  return offered.every((name) => values.has(name)) ? message.slice(0, tail.index) : message;
}

const OWN_SCALARS: ReadonlySet<string> = new Set(['EmailAddress', 'PhoneNumber', 'CountryCode', 'LocalDate']);

const UPDATE = `mutation ($input: UpdateProfileInput!) { updateMyProfile(input: $input) { id } }`;

/** The one error of a refusal, after checking the answer holds none of `sentinels`. */
function onlyError(result: GraphQLResponse, ...sentinels: string[]) {
  expect(echoed(result, sentinels)).toEqual([]);
  expect(result.errors).toHaveLength(1);
  return result.errors![0];
}

describe('a variable', () => {
  it('is refused at the field a key it does not define names, without repeating the key', async () => {
    const result = await app.graphql(UPDATE, { token: officer, variables: { input: { 'leak-key-7f3a@example.invalid': 'x' } } });
    expect(result.status).toBe(400);
    expect(onlyError(result, 'leak-key-7f3a')).toEqual({
      message: 'Variable "$input" has a field at "input" that UpdateProfileInput does not define.',
      locations: [{ line: 1, column: 11 }],
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('is refused where a required field is missing, by the field', async () => {
    const result = await app.graphql(`mutation ($input: RegisterCustomerInput!) { registerCustomer(input: $input) { id } }`, {
      token: officer,
      variables: { input: { fullName: 'leak-name-7f3a', consents: [{ processorId: null }] } },
    });
    expect(echoed(result, ['leak-name-7f3a'])).toEqual([]);
    expect(result.errors?.map((error) => error.message)).toEqual([
      'Variable "$input" has no value at "input.email": expected EmailAddress!.',
      'Variable "$input" has no value at "input.consents[0].purpose": expected PurposeCode!.',
    ]);
  });

  it('names the path graphql-js refused, even when a key of the value looks like a path', async () => {
    // graphql-js prints the value, keys unquoted, before the path: a key can make the printed text look like another path.
    const input = { fullName: 987654321, 'x at "leak-spoof-7f3a";': 'y' };
    const result = await app.graphql(UPDATE, { token: officer, variables: { input } });
    expect(echoed(result, ['leak-spoof-7f3a', '987654321'])).toEqual([]);
    expect(result.errors?.map((error) => error.message)).toEqual([
      'Variable "$input" has an invalid value at "input.fullName": expected String.',
      'Variable "$input" has a field at "input" that UpdateProfileInput does not define.',
    ]);
  });

  it('with a refused default value is refused by its path, without repeating the default', async () => {
    const result = await app.graphql(`query ($id: UUID = "leak-default-7f3a") { customer(id: $id) { id } }`, { token: officer });
    const errors = result.errors ?? [];
    expect(echoed(result, ['leak-default-7f3a'])).toEqual([]);
    expect(errors.map((error) => [error.message, error.extensions?.code])).toContainEqual([
      'The default value of variable "$id" has an invalid value at "id": expected UUID.',
      'BAD_USER_INPUT',
    ]);
  });
});

describe('an inline literal', () => {
  it('with a field its input type does not define is refused at the object, without the field name', async () => {
    const result = await app.graphql(`mutation { updateMyProfile(input: { leak_field_7f3a: "x" }) { id } }`, { token: officer });
    expect(onlyError(result, 'leak_field_7f3a')).toMatchObject({
      message: 'Argument "input" has a field that UpdateProfileInput does not define.',
      extensions: { code: 'BAD_USER_INPUT', argumentPath: 'input' },
    });
  });

  it('missing a required field is refused by the field', async () => {
    const result = await app.graphql(`mutation { registerCustomer(input: { fullName: "leak-name-7f3a" }) { id } }`, { token: officer });
    expect(onlyError(result, 'leak-name-7f3a')).toMatchObject({
      message: 'Argument "input.email" has no value: expected EmailAddress!.',
      extensions: { code: 'BAD_USER_INPUT', argumentPath: 'input.email' },
    });
  });

  it('refused in a directive argument names the argument', async () => {
    const result = await app.graphql(`{ purposes @include(if: "leak-if-7f3a") { code } }`, { token: officer });
    expect(onlyError(result, 'leak-if-7f3a')).toMatchObject({
      message: 'Argument "if" has an invalid value: expected Boolean!.',
      extensions: { code: 'BAD_USER_INPUT', argumentPath: 'if' },
    });
  });

  it('found invalid only once its variables are known is refused as the argument, not as an internal error', async () => {
    // `service` has a default, so a nullable variable may stand there; null makes the literal invalid at execution.
    const result = await app.graphql(
      `mutation ($service: String) { submitPrivacyRequest(input: { type: RECTIFICATION, changes: { fullName: "leak-exec-7f3a" }, service: $service }) { id } }`,
      { token: officer, variables: { service: null } },
    );
    expect(onlyError(result, 'leak-exec-7f3a')).toMatchObject({
      message: 'Argument "input" has an invalid value: expected SubmitPrivacyRequestInput!.',
      path: ['submitPrivacyRequest'],
      extensions: { code: 'BAD_USER_INPUT', argumentPath: 'input' },
    });
  });
});

describe('a syntax error', () => {
  it.each([
    ['a string where a name belongs', '{ customer "leak-syntax-7f3a" }', 'Syntax Error: Expected Name, found String.', ['leak-syntax-7f3a']],
    ['a block string', '{ customer """leak-block-7f3a""" }', 'Syntax Error: Expected Name, found BlockString.', ['leak-block-7f3a']],
    ['a short string', '{ customer(id: "ab" "zq") { id } }', 'Syntax Error: Expected Name, found String.', ['zq']],
    ['a stray number', '{ customer 98765432109 }', 'Syntax Error: Expected Name, found Int.', ['98765432109']],
    ['a name after the document', '{ purposes { code } } leak_name_7f3a', 'Syntax Error: Unexpected Name.', ['leak_name_7f3a']],
    [
      'a bad escape in a string',
      '{ customer(id: "leak-esc-7f3a\\x") { id } }',
      'Syntax Error: Invalid character escape sequence.',
      ['leak-esc-7f3a', '\\x'],
    ],
    ['a bad unicode escape', '{ customer(id: "\\u7f3G-leak") { id } }', 'Syntax Error: Invalid Unicode escape sequence.', ['7f3G']],
  ])('quotes nothing of %s, and keeps where it is', async (_case, query, message, sentinels) => {
    const result = await app.graphql(query, { token: officer });
    expect(result.status).toBe(400);
    expect(onlyError(result, ...sentinels)).toEqual({
      message,
      locations: [expect.objectContaining({ line: 1 })],
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
  });
});

describe('an operation name', () => {
  it('the document does not hold is refused without repeating it', async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${officer}` },
      body: JSON.stringify({ query: 'query A { purposes { code } }', operationName: 'leak-operation-7f3a' }),
    });
    const result = { status: response.status, ...((await response.json()) as object) } as GraphQLResponse;
    expect(result.status).toBe(400);
    expect(onlyError(result, 'leak-operation-7f3a')).toEqual({
      message: 'The document has no operation of the name given as operationName.',
      extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
    });
  });
});

describe('a header', () => {
  it('naming no purpose is refused without repeating it', async () => {
    const processor = await insertProcessor(app.dataSource, { purposes: ['PERSONALIZATION', 'NEW_SERVICES'] });
    const token = await app.affiliateToken(processor.id, ['PERSONALIZATION', 'NEW_SERVICES']);
    const result = await app.graphql('{ purposes { code } }', { token, headers: { 'x-processing-purpose': 'LEAK_PURPOSE_7F3A' } });
    expect(result.status).toBe(400);
    expect(onlyError(result, 'LEAK_PURPOSE_7F3A')).toMatchObject({
      message: 'X-Processing-Purpose names no purpose of the policy.',
      extensions: { code: 'PURPOSE_UNKNOWN' },
    });
  });
});

describe('a tree size', () => {
  it('no checkpoint has is refused without repeating it', async () => {
    const result = await app.graphql('{ auditConsistencyProof(fromTreeSize: 918273645) { hashes } }', { token: officer });
    expect(onlyError(result, '918273645')).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });
});
