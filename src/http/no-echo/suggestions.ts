import { getNamedType, isEnumType, type GraphQLNamedType } from 'graphql';
import type { RefusalProblem } from './refusals';

/** graphql-js's didYouMean tail, at the very end of its message: ` Did you mean [the enum value ]"a", "b", or "c"?`. */
const TAIL = / Did you mean (?:the enum value )?(?:"[_A-Za-z][_0-9A-Za-z]*"(?:, or |, | or )?)+\?$/;
const OFFERED = /"([_A-Za-z][_0-9A-Za-z]*)"/g;

/** The names a refusal may suggest instead: the expected enum's values, or the fields of an input object. */
function namesFor(problem: RefusalProblem): ReadonlySet<string> {
  const type: GraphQLNamedType | undefined =
    problem.kind === 'undefined-field' ? problem.type : problem.kind === 'invalid' && problem.expected ? getNamedType(problem.expected) : undefined;
  if (isEnumType(type)) return new Set(type.getValues().map((value) => value.name));
  if (type && 'getFields' in type) return new Set(Object.keys(type.getFields()));
  return new Set();
}

/**
 * The "Did you mean" tail of graphql-js's message, to keep after a refusal's template: only when every name it offers
 * is one the schema defines at that place, so it can hold nothing the caller wrote. Whether a principal sees
 * suggestions at all is decided by the schema-disclosure plugin, which removes them from the message first.
 */
export function schemaSuggestion(message: string, problem: RefusalProblem): string {
  const tail = TAIL.exec(message)?.[0];
  if (!tail) return '';
  const names = namesFor(problem);
  const offered = [...tail.matchAll(OFFERED)].map((match) => match[1]);
  return offered.every((name) => names.has(name)) ? tail : '';
}
