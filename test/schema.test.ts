import { readFile } from 'node:fs/promises';
import { getDirective } from '@graphql-tools/utils';
import {
  execute,
  extendSchema,
  getNamedType,
  isInterfaceType,
  isObjectType,
  parse,
  type GraphQLInterfaceType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { allow, and, chain, type IRule } from 'graphql-shield';
import { buildBareSchema, printSortedSchema, secureSchema } from '../src/schema';
import { guardedFieldMiddleware, permissions } from '../src/policy/permissions';
import { DATA_CATEGORY_KEYS } from '../src/policy/data-categories';
import { nonPersonalFieldsOf, personalFieldsOf } from '../src/policy/personal';
import { RequestLifetime } from '../src/http/request-lifetime';

describe('schema.graphql', () => {
  it('is what the code emits (run `npm run schema` after changing the API)', async () => {
    const committed = await readFile('schema.graphql', 'utf8');
    expect(printSortedSchema(await buildBareSchema())).toBe(committed);
  });

  it('marks each personal field with @personal and its category', async () => {
    const committed = await readFile('schema.graphql', 'utf8');
    expect(committed).toContain('email: EmailAddress @personal(category: "contact.email")');
    expect(committed).toContain('address: Address @personal(category: "location.address")');
  });
});

/** Object and interface types with a field the SDL marks @personal: what a client can read personal data from. */
function personalTypes(schema: GraphQLSchema): Array<GraphQLObjectType | GraphQLInterfaceType> {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) || isInterfaceType(type))
    .filter((type) => personalFieldsIn(schema, type).size > 0);
}

/** `field -> category` of the fields of `type` carrying @personal in the schema. */
function personalFieldsIn(schema: GraphQLSchema, type: GraphQLObjectType | GraphQLInterfaceType): Map<string, string> {
  return new Map(
    Object.values(type.getFields()).flatMap((field) => {
      const [personal] = getDirective(schema, field, 'personal') ?? [];
      return personal ? [[field.name, String(personal.category)] as const] : [];
    }),
  );
}

/** Every field of an object or interface type whose value is (a list of) `typeName`. */
function fieldsOfType(schema: GraphQLSchema, typeName: string): Array<{ owner: GraphQLObjectType | GraphQLInterfaceType; field: string }> {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) || isInterfaceType(type))
    .flatMap((owner) =>
      Object.values(owner.getFields())
        .filter((field) => getNamedType(field.type).name === typeName)
        .map((field) => ({ owner, field: field.name })),
    );
}

/** A `field -> rule` map (an object literal in the permissions map), as against one rule for the whole type. */
function isObjectRuleMap(rules: unknown): rules is Record<string, IRule | undefined> {
  return typeof rules === 'object' && rules !== null && Object.getPrototypeOf(rules) === Object.prototype;
}

// graphql-shield exports its constructors, not its classes: take the classes from instances.
const RuleChain = chain(allow).constructor;
const RuleAnd = and(allow).constructor;

/** Whether `rule` cannot pass unless the rule named `name` passes: it is that rule, or a chain or `and` of it. */
function requiresRule(rule: IRule | undefined, name: string): boolean {
  if (rule === undefined) return false;
  if (rule instanceof RuleChain || rule instanceof RuleAnd) {
    return (rule as unknown as { getRules(): IRule[] }).getRules().some((part) => requiresRule(part, name));
  }
  return (rule as unknown as { name?: string }).name === name;
}

describe('personal data tagging', () => {
  it('classifies every field of every type holding personal data as personal (with a category) or explicitly not personal', async () => {
    const schema = await buildBareSchema();
    const unclassified = personalTypes(schema).flatMap((type) => {
      const personal = personalFieldsOf(type.name);
      const notPersonal = nonPersonalFieldsOf(type.name);
      const both = [...personal.keys()].filter((field) => notPersonal.has(field));
      const neither = Object.keys(type.getFields()).filter((field) => !personal.has(field) && !notPersonal.has(field));
      return [...both, ...neither].map((field) => `${type.name}.${field}`);
    });
    expect(unclassified).toEqual([]);
  });

  it('gives every personal field of every output type the rule of its category, or only a way in through a field of that category', async () => {
    const schema = await buildBareSchema();
    const types = personalTypes(schema);
    // Walked from the SDL, not from the tags, so that a type whose tags went missing cannot drop out of the walk.
    expect(types.map((type) => type.name)).toContain('Customer');
    expect(types.filter((type) => type.name !== 'Customer')).not.toEqual([]);
    const undecided: string[] = [];
    for (const type of types) {
      // The tag the maps are derived from says what the SDL says.
      expect(Object.fromEntries(personalFieldsOf(type.name))).toEqual(Object.fromEntries(personalFieldsIn(schema, type)));
      const typeRules: unknown = permissions[type.name as keyof typeof permissions];
      for (const [field, category] of personalFieldsIn(schema, type)) {
        const decided =
          typeRules === allow
            ? // A value type (Address): safe only if every field leading to it is personal data of the same category,
              // whose own rule (checked as a field of its type) decides before this value is reached.
              fieldsOfType(schema, type.name).every((way) => personalFieldsIn(schema, way.owner).get(way.field) === category)
            : isObjectRuleMap(typeRules) && requiresRule(typeRules[field], `may read personal data ${category}`);
        if (!decided) undecided.push(`${type.name}.${field} (${category})`);
      }
    }
    expect(undecided).toEqual([]);
  });

  it('gives every field of every type and root a rule or a type-wide rule', async () => {
    const schema = await buildBareSchema();
    const typesWithoutRules = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__'))
      .filter((type) => !(type.name in permissions))
      .map((type) => type.name);
    expect(typesWithoutRules).toEqual([]);
  });
});

describe('deny by default', () => {
  it('denies a field that nobody wrote a rule for, even to the privacy officer, while listed fields resolve', async () => {
    const extended = extendSchema(await buildBareSchema(), parse('extend type Query { unguarded: String }'));
    const result = await execute({
      schema: secureSchema(extended),
      document: parse('{ unguarded dataCategories { key } }'),
      rootValue: { unguarded: 'a value nobody decided to show' },
      contextValue: { principal: { role: 'privacy_officer', subject: 'officer:test' }, lifetime: new RequestLifetime() },
    });
    expect(result.data?.unguarded).toBeNull();
    expect(result.errors?.map((error) => [error.path, error.extensions?.code])).toEqual([[['unguarded'], 'FORBIDDEN']]);
    expect(result.data?.dataCategories).toEqual(DATA_CATEGORY_KEYS.map((key) => ({ key })));
  });

  it('keeps the shield on a field added without a rule beside allowed ones, and only on fields with something to check', async () => {
    const extended = extendSchema(await buildBareSchema(), parse('extend type Processor { internalNote: String }'));
    const guarded = guardedFieldMiddleware(extended) as Record<string, Record<string, unknown>>;
    // The new field falls to the shield's deny; the fields of Processor listed as allow resolve unwrapped.
    expect(Object.keys(guarded.Processor).sort()).toEqual(['internalNote', 'tokens', 'trustedDocuments']);
    expect(Object.keys(guarded.Customer).sort()).toEqual(
      ['consents', 'disclosures', 'accessLog', 'refusedReads', 'privacyRequests', ...personalFieldsOf('Customer').keys()].sort(),
    );
  });
});
