import {
  coerceInputValue,
  getNullableType,
  isInputObjectType,
  isInputType,
  isListType,
  isRequiredInputField,
  typeFromAST,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
  type VariableDefinitionNode,
} from 'graphql';
import { printPath, type PathSegment, type Refusal } from './refusals';

/** The type the schema expects at `path` below `type`, or undefined where the path leaves it. */
function typeAt(type: GraphQLInputType, path: readonly PathSegment[]): GraphQLInputType | undefined {
  let current: GraphQLInputType | undefined = type;
  for (const segment of path) {
    const nullable: GraphQLInputType | undefined = current && getNullableType(current);
    if (typeof segment === 'number') current = isListType(nullable) ? nullable.ofType : undefined;
    else current = isInputObjectType(nullable) ? nullable.getFields()[segment]?.type : undefined;
  }
  return current;
}

/** As graphql-js tells an object from a scalar when coercing an input object. */
function isObjectLike(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * graphql-js reports an input object's own problems at the object's path, in this order: each required field left
 * out (in the type's field order), then each field the type does not define (in the value's key order).
 */
function objectProblems(type: GraphQLInputObjectType, value: Record<string, unknown>, path: string): Refusal[] {
  const fields = type.getFields();
  const missing = Object.values(fields)
    .filter((field) => isRequiredInputField(field) && value[field.name] === undefined)
    .map((field): Refusal => ({ path: `${path}.${field.name}`, problem: { kind: 'missing', expected: field.type } }));
  const undefinedFields = Object.keys(value)
    .filter((key) => !Object.hasOwn(fields, key))
    .map((): Refusal => ({ path, problem: { kind: 'undefined-field', type } }));
  return [...missing, ...undefinedFields];
}

/**
 * The refusals graphql-js makes of a variable's value, in the order it reports them, found by coercing the value again
 * as it does; each says where and what was expected from the schema, never what was sent. graphql-js's own messages
 * print the value (and the names of fields it does not know), so they cannot be trimmed to safety.
 */
export function variableRefusals(schema: GraphQLSchema, definition: VariableDefinitionNode, value: unknown): Refusal[] {
  const type = typeFromAST(schema, definition.type);
  if (!type || !isInputType(type)) return [];
  const name = definition.variable.name.value;
  const refusals: Refusal[] = [];
  const reportedAt = new Map<string, number>();
  coerceInputValue(value, type, (segments, invalidValue) => {
    const path = printPath(name, segments);
    const expected = typeAt(type, segments);
    const nullable = expected && getNullableType(expected);
    if (isInputObjectType(nullable) && isObjectLike(invalidValue)) {
      const index = reportedAt.get(path) ?? 0;
      reportedAt.set(path, index + 1);
      const problem = objectProblems(nullable, invalidValue, path)[index];
      if (problem) {
        refusals.push(problem);
        return;
      }
    }
    refusals.push({ path, problem: { kind: 'invalid', expected } });
  });
  return refusals;
}
