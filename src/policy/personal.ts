import { getDirective } from '@graphql-tools/utils';
import {
  DirectiveLocation,
  GraphQLDirective,
  GraphQLNonNull,
  GraphQLString,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  type GraphQLSchema,
} from 'graphql';
import { Directive, Extensions } from 'type-graphql';
import type { DataCategory } from './data-categories';

/**
 * The one place where a GraphQL field (or input field) is declared personal, with its data category.
 * The permissions map, the `@personal` marking in the SDL and the completeness test are all derived
 * from these tags, so a personal field cannot be added without a category and a rule.
 */
const personalFields = new Map<string, Map<string, DataCategory>>();
const nonPersonalFields = new Map<string, Set<string>>();

export const personalDirective = new GraphQLDirective({
  name: 'personal',
  description: 'Marks a field that holds personal data, with its data category (see the `dataCategories` query).',
  locations: [DirectiveLocation.FIELD_DEFINITION, DirectiveLocation.INPUT_FIELD_DEFINITION],
  args: { category: { type: new GraphQLNonNull(GraphQLString) } },
});

/** How a personal field's description ends: the one mark of the category, e.g. "Personal data: contact.email." */
function personalMark(category: string): string {
  return `Personal data: ${category}.`;
}

/**
 * Ends the description of every field carrying `@personal` with its mark. Introspection (graphql-js 16) does not
 * carry applied directives, so a client generated from the live endpoint sees the marking only in descriptions.
 * Derived from the directive as the SDL prints it, so the two cannot disagree.
 */
export function markPersonalFields(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) && !isInterfaceType(type) && !isInputObjectType(type)) continue;
    for (const field of Object.values(type.getFields())) {
      const [personal] = getDirective(schema, field, personalDirective.name) ?? [];
      if (personal) field.description = [field.description, personalMark(String(personal.category))].filter(Boolean).join(' ');
    }
  }
}

function typeNameOf(prototype: object): string {
  return prototype.constructor.name;
}

function entryFor<V>(registry: Map<string, V>, typeName: string, create: () => V): V {
  let entry = registry.get(typeName);
  if (entry === undefined) {
    entry = create();
    registry.set(typeName, entry);
  }
  return entry;
}

/** Tags a field as personal data of `category`. The GraphQL type must be named after its class. */
export function Personal(category: DataCategory): PropertyDecorator & MethodDecorator {
  return (prototype: object, property: string | symbol, descriptor?: PropertyDescriptor) => {
    entryFor(personalFields, typeNameOf(prototype), () => new Map()).set(String(property), category);
    Extensions({ personal: { category } })(prototype, property, descriptor as PropertyDescriptor);
    Directive(`@personal(category: "${category}")`)(prototype, property, descriptor as PropertyDescriptor);
  };
}

/** States, for the completeness test, that a field of a type holding personal data was judged not personal. */
export function NotPersonal(): PropertyDecorator & MethodDecorator {
  return (prototype: object, property: string | symbol) => {
    entryFor(nonPersonalFields, typeNameOf(prototype), () => new Set()).add(String(property));
  };
}

export function personalFieldsOf(typeName: string): ReadonlyMap<string, DataCategory> {
  return personalFields.get(typeName) ?? new Map();
}

export function nonPersonalFieldsOf(typeName: string): ReadonlySet<string> {
  return nonPersonalFields.get(typeName) ?? new Set();
}
