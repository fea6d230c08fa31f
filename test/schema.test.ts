import { readFile } from 'node:fs/promises';
import { execute, extendSchema, isObjectType, parse } from 'graphql';
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

describe('personal data tagging', () => {
  it('classifies every Customer field as personal (with a category) or explicitly not personal', async () => {
    const customer = (await buildBareSchema()).getType('Customer');
    if (!isObjectType(customer)) throw new Error('Customer is not an object type');
    const personal = personalFieldsOf('Customer');
    const notPersonal = nonPersonalFieldsOf('Customer');
    const unclassified = Object.keys(customer.getFields()).filter((field) => !personal.has(field) && !notPersonal.has(field));
    expect(unclassified).toEqual([]);
    expect([...personal.keys()].filter((field) => notPersonal.has(field))).toEqual([]);
  });

  it('gives every personal field a rule derived from its tag, and every Customer field a rule', async () => {
    const customer = (await buildBareSchema()).getType('Customer');
    if (!isObjectType(customer)) throw new Error('Customer is not an object type');
    expect(Object.keys(permissions.Customer).sort()).toEqual(Object.keys(customer.getFields()).sort());
    for (const [field, category] of personalFieldsOf('Customer')) {
      const rule = permissions.Customer[field as keyof typeof permissions.Customer];
      // A field may narrow who reaches the decision first (pendingEmail: the customer and the officer only), never skip it.
      const decision = field === 'pendingEmail' ? (rule as unknown as { getRules(): unknown[] }).getRules().at(-1) : rule;
      expect(decision).toHaveProperty('name', `may read personal data ${category}`);
    }
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
      ['consents', 'disclosures', 'accessLog', 'privacyRequests', ...personalFieldsOf('Customer').keys()].sort(),
    );
  });
});
