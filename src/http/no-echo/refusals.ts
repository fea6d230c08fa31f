import type { GraphQLInputObjectType, GraphQLInputType } from 'graphql';

/** A step below an argument or a variable: an input field's name (from the schema) or a list index. */
export type PathSegment = string | number;

/** What was wrong with a refused value, said without the value. */
export type RefusalProblem =
  /**
   * A value of the wrong type or form, or null where a value is required; `expected` is unknown where no type applies.
   * `reason` is what one of this API's own scalars said (a ScalarRefusal's message, which never holds the value).
   */
  | { kind: 'invalid'; expected?: GraphQLInputType; reason?: string }
  /** A required input field left out. */
  | { kind: 'missing'; expected: GraphQLInputType }
  /** An object with a field its input type does not define (the field's name is the caller's, so it is not repeated). */
  | { kind: 'undefined-field'; type: GraphQLInputObjectType };

/** Where a refused value was and what was wrong with it: everything a refusal may say. */
export interface Refusal {
  /** The argument's or variable's name and the schema's field names and indices below it, e.g. `input.address.country`. */
  path: string;
  problem: RefusalProblem;
}

/** `root` followed by `.field` and `[index]` steps, as graphql-js and the string bounds print a path. */
export function printPath(root: string, segments: readonly PathSegment[]): string {
  return segments.reduce<string>((path, segment) => (typeof segment === 'number' ? `${path}[${segment}]` : `${path}.${segment}`), root);
}

function problemText(problem: RefusalProblem): { verb: string; detail: string } {
  switch (problem.kind) {
    case 'invalid':
      if (problem.reason) return { verb: 'has an invalid value', detail: `: ${problem.reason.replace(/\.$/, '')}` };
      return { verb: 'has an invalid value', detail: problem.expected ? `: expected ${String(problem.expected)}` : '' };
    case 'missing':
      return { verb: 'has no value', detail: `: expected ${String(problem.expected)}` };
    case 'undefined-field':
      return { verb: 'has a field', detail: ` that ${problem.type.name} does not define` };
  }
}

/** `Argument "input.email" has an invalid value: expected EmailAddress.`: an inline literal's refusal. */
export function argumentRefusalMessage({ path, problem }: Refusal): string {
  const { verb, detail } = problemText(problem);
  return `Argument "${path}" ${verb}${detail}.`;
}

/** `Variable "$input" has an invalid value at "input.email": expected EmailAddress.`: a variable's (or its default's) refusal. */
export function variableRefusalMessage(variable: string, { path, problem }: Refusal, of: 'value' | 'default value' = 'value'): string {
  const { verb, detail } = problemText(problem);
  const subject = of === 'value' ? `Variable "$${variable}"` : `The default value of variable "$${variable}"`;
  return `${subject} ${verb} at "${path}"${detail}.`;
}
