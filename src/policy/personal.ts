import { DirectiveLocation, GraphQLDirective, GraphQLNonNull, GraphQLString } from 'graphql';
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
