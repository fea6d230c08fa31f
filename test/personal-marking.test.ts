import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildClientSchema,
  getIntrospectionQuery,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  Kind,
  parse,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Introspection does not carry applied directives, so a client generated from the live endpoint learns which fields
 * hold personal data only from their descriptions: each @personal field's ends with "Personal data: <category>.".
 */

const MARK = /Personal data: ([a-z_.]+)\./;
const MARK_AT_END = /(?:^| )Personal data: ([a-z_.]+)\.$/;

let app: TestApp;
let served: GraphQLSchema;

beforeAll(async () => {
  app = await startTestApp();
  const answer = await app.graphql<IntrospectionQuery>(getIntrospectionQuery(), { token: await app.tokenFor('privacy_officer') });
  expect(answer.errors).toBeUndefined();
  served = buildClientSchema(answer.data!);
});
afterAll(() => app.close());

/** `Type.field` -> category of every field and input field carrying @personal in the committed SDL. */
function personalInSdl(): Map<string, string> {
  const marked = new Map<string, string>();
  const sdl = parse(readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8'));
  for (const definition of sdl.definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.INPUT_OBJECT_TYPE_DEFINITION
    ) {
      continue;
    }
    for (const field of definition.fields ?? []) {
      const personal = field.directives?.find((directive) => directive.name.value === 'personal');
      const category = personal?.arguments?.find((argument) => argument.name.value === 'category')?.value;
      if (personal) marked.set(`${definition.name.value}.${field.name.value}`, category?.kind === Kind.STRING ? category.value : '');
    }
  }
  return marked;
}

/** Every field, input field and argument of the served schema with its description, introspection's own types aside. */
function describedFields(schema: GraphQLSchema): Array<[string, string]> {
  const described: Array<[string, string]> = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        described.push([`${type.name}.${field.name}`, field.description ?? '']);
        for (const arg of 'args' in field ? field.args : []) described.push([`${type.name}.${field.name}(${arg.name})`, arg.description ?? '']);
      }
    }
  }
  return described;
}

describe('the personal marking as introspection shows it', () => {
  it('ends the description of every @personal field of the SDL with its category, and no other field has the mark', () => {
    const markedInDescriptions = new Map(
      describedFields(served)
        .filter(([, description]) => MARK.test(description))
        .map(([coordinate, description]) => [coordinate, MARK_AT_END.exec(description)?.[1] ?? `not at the end: ${description}`]),
    );
    expect(markedInDescriptions).toEqual(personalInSdl());
  });

  it('marks the fields a frontend reads and sends personal data in', () => {
    const description = (coordinate: string) => describedFields(served).find(([name]) => name === coordinate)?.[1];
    expect(description('Customer.email')).toMatch(/ Personal data: contact\.email\.$/);
    expect(description('Customer.dateOfBirth')).toMatch(/ Personal data: identity\.date_of_birth\.$/);
    expect(description('Address.city')).toMatch(/ Personal data: location\.address\.$/);
    expect(description('UpdateProfileInput.phone')).toMatch(/ Personal data: contact\.phone\.$/);
    expect(description('CustomerFilter.emailContains')).toMatch(/ Personal data: contact\.email\.$/);
    expect(description('Customer.id')).not.toMatch(MARK);
  });

  it('says it in that one form only: no hand-written "(personal: ...)" is left in any description', () => {
    const descriptions: string[] = [];
    for (const type of Object.values(served.getTypeMap())) {
      descriptions.push(type.description ?? '');
      if (isEnumType(type)) descriptions.push(...type.getValues().map((value) => value.description ?? ''));
    }
    descriptions.push(...describedFields(served).map(([, description]) => description));
    expect(descriptions.filter((description) => /\(personal: /.test(description))).toEqual([]);
  });
});
