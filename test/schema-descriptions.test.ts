import {
  buildSchema,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isSpecifiedScalarType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { buildBareSchema } from '../src/schema';

// Analysts explore the API in GraphiQL's docs explorer: every type, field, argument and input field
// must say what it is. No database: this only builds the schema from the code.

const described = (description: string | null | undefined): boolean => (description ?? '').trim() !== '';

/**
 * Coordinates (`Type`, `Type.field`, `Type.field(arg)`) of everything in the type that has no description:
 * the type itself (object, input, enum, interface, and any custom scalar or union), its fields and their
 * arguments, and its input fields.
 */
function undescribed(type: GraphQLNamedType): string[] {
  const missing: string[] = [];
  if (!described(type.description)) missing.push(type.name);
  if (isObjectType(type) || isInterfaceType(type)) {
    for (const field of Object.values(type.getFields())) {
      if (!described(field.description)) missing.push(`${type.name}.${field.name}`);
      for (const arg of field.args) {
        if (!described(arg.description)) missing.push(`${type.name}.${field.name}(${arg.name})`);
      }
    }
  }
  if (isInputObjectType(type)) {
    for (const field of Object.values(type.getFields())) {
      if (!described(field.description)) missing.push(`${type.name}.${field.name}`);
    }
  }
  return missing;
}

/** Every undescribed coordinate of the schema, sorted; introspection types and built-in scalars are GraphQL's own. */
function missingDescriptions(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => !type.name.startsWith('__') && !isSpecifiedScalarType(type))
    .flatMap(undescribed)
    .sort();
}

describe('schema descriptions', () => {
  it('describes every type, field, argument and input field', async () => {
    const missing = missingDescriptions(await buildBareSchema());
    if (missing.length > 0) {
      throw new Error(`${missing.length} schema coordinates have no description:\n${missing.map((c) => `  - ${c}`).join('\n')}`);
    }
  });

  it('names each missing description by its coordinate', () => {
    const schema = buildSchema(`
      "Reads." type Query { "Some." things(first: Int, "Described." after: String): [Thing] }
      type Thing { id: ID }
      input ThingInput { "Described." name: String, size: Int }
      enum Colour { RED }
    `);
    expect(missingDescriptions(schema)).toEqual(['Colour', 'Query.things(first)', 'Thing', 'Thing.id', 'ThingInput', 'ThingInput.size']);
  });
});
