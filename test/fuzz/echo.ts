import { isEnumType, isInputObjectType, isObjectType, Kind, parse, visit, type GraphQLSchema } from 'graphql';
import type { RawRequest } from './http-client';

/**
 * The rule that an error message never repeats a value the caller sent (it may be personal data), checked on the
 * string arguments of the request: inline literals and variables. Short strings and the schema's own names (an enum
 * value sent as a string, say) are left out: they are public vocabulary, and too likely to occur by chance.
 */
const MIN_ECHO_LENGTH = 6;

export function schemaNames(schema: GraphQLSchema): Set<string> {
  const names = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    names.add(type.name);
    if (isObjectType(type) || isInputObjectType(type)) for (const field of Object.values(type.getFields())) names.add(field.name);
    if (isEnumType(type)) for (const value of type.getValues()) names.add(value.name);
  }
  return names;
}

function stringsIn(value: unknown, found: string[]): string[] {
  if (typeof value === 'string') found.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsIn(item, found);
  else if (value !== null && typeof value === 'object') for (const item of Object.values(value)) stringsIn(item, found);
  return found;
}

function literalStrings(query: string): string[] {
  const found: string[] = [];
  try {
    visit(parse(query), {
      [Kind.STRING]: (node) => {
        found.push(node.value);
      },
    });
  } catch {
    // Not a document: its quoted parts are what a caller would have meant as strings.
    for (const match of query.matchAll(/"((?:[^"\\]|\\.){0,2000})"/g)) found.push(match[1]);
  }
  return found;
}

/** The argument strings of a GraphQL POST worth looking for in its error messages. */
export function sentStrings(request: RawRequest, publicNames: ReadonlySet<string>): string[] {
  if (typeof request.body !== 'string') return [];
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return [];
  }
  const { query, variables } = (body ?? {}) as { query?: unknown; variables?: unknown };
  const strings = [...(typeof query === 'string' ? literalStrings(query) : []), ...stringsIn(variables, [])];
  return [...new Set(strings)].filter((text) => text.trim().length >= MIN_ECHO_LENGTH && !publicNames.has(text));
}

/** The sent strings that an error message of the answer repeats. */
export function echoedIn(answer: unknown, sent: readonly string[]): string[] {
  if (sent.length === 0) return [];
  const messages = (Array.isArray(answer) ? answer : [answer]).flatMap((part: unknown) => {
    const errors = (part as { errors?: unknown } | null)?.errors;
    return Array.isArray(errors) ? errors.map((error: unknown) => String((error as { message?: unknown } | null)?.message ?? '')) : [];
  });
  return sent.filter((text) => messages.some((message) => message.includes(text)));
}
