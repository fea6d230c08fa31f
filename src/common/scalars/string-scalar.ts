import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { ErrorCode } from '../errors';

/** What a string-carrying input scalar checks, in this order: it is a string, its length, its form. */
export interface StringScalarSpec {
  name: string;
  description: string;
  specifiedByURL?: string;
  /**
   * The longest value accepted, in UTF-16 code units (every accepted form is ASCII, where that is characters).
   * Checked before anything else looks at the value, so a pattern never runs over more than this.
   */
  maxLength: number;
  /** What a valid value looks like, for the error: "must be <expected>". Never the value itself. */
  expected: string;
  /** The value to hand the resolver, or null when it is not of the expected form. Runs on at most `maxLength` characters. */
  read(value: string): string | null;
}

/**
 * A refusal that names the scalar and what it expects, never the value (which may be personal data), so its message
 * can be shown as it is. For an inline literal graphql-js reports it as it is; for a variable it prefixes its own text
 * with the value, and the no-echo plugin answers with its template instead.
 */
export class ScalarRefusal extends GraphQLError {
  /** What is wrong, as "must be …": the bulk import names its own field with it. */
  readonly problem: string;

  constructor(name: string, problem: string, node?: ValueNode) {
    super(`${name} ${problem}.`, { nodes: node, extensions: { code: ErrorCode.BAD_USER_INPUT } });
    this.problem = problem;
  }
}

export function scalarInputError(name: string, problem: string, node?: ValueNode): ScalarRefusal {
  return new ScalarRefusal(name, problem, node);
}

/**
 * A scalar whose input is a bounded string of one form. Output (`serialize`) passes stored strings through: they
 * were checked on the way in and by the database's own constraints, and an output check would only hide a
 * customer's stored value from them.
 */
export function boundedStringScalar(spec: StringScalarSpec): GraphQLScalarType<string, string> {
  const parse = (value: unknown, node?: ValueNode): string => {
    if (typeof value !== 'string') throw scalarInputError(spec.name, 'must be a string', node);
    if (value.length > spec.maxLength) throw scalarInputError(spec.name, `must be at most ${spec.maxLength} characters`, node);
    const read = spec.read(value);
    if (read === null) throw scalarInputError(spec.name, `must be ${spec.expected}`, node);
    return read;
  };
  return new GraphQLScalarType<string, string>({
    name: spec.name,
    description: spec.description,
    specifiedByURL: spec.specifiedByURL,
    serialize(value) {
      if (typeof value !== 'string') throw new GraphQLError(`${spec.name} cannot represent a non-string value.`);
      return value;
    },
    parseValue: (value) => parse(value),
    parseLiteral(node) {
      // A non-string literal (a number, an enum name) is refused like a non-string variable, without printing it.
      return parse(node.kind === Kind.STRING ? node.value : undefined, node);
    },
  });
}
