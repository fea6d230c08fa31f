import {
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import type { IMiddlewareFunction, IMiddlewareTypeMap } from 'graphql-middleware';
import { apiError, ErrorCode } from '../../common/errors';
import { DEFAULT_STRING_INPUT_LIMIT, STRING_INPUT_EXCEPTIONS, stringInputProblem, type StringInputLimit } from './string-input-limits';

/** Throws for the first string under `value` that breaks its limit; `path` names where it is, from the argument. */
type Check = (value: unknown, path: string) => void;

type Args = Record<string, unknown>;

/**
 * Scalars whose coerced value is never a string (DateTime becomes a Date, SafeInt a number): after coercion there
 * is no string to check, so they do not make a field worth wrapping. Any other scalar (String, ID, UUID,
 * EmailAddress, …) is checked wherever its value is a string.
 */
const NON_STRING_SCALARS: ReadonlySet<string> = new Set(['Int', 'Float', 'Boolean', 'DateTime', 'SafeInt']);

/** The refusal names the argument path and the limit, never the value. */
function refusal(path: string, problem: string) {
  return apiError(ErrorCode.BAD_USER_INPUT, `Argument "${path}" ${problem}.`, { argumentPath: path });
}

/** Builds each argument's check once, from the schema; records which exception coordinates it used. */
class CheckPlanner {
  readonly usedExceptions = new Set<string>();
  private readonly inputObjects = new Map<GraphQLInputObjectType, Check | null>();

  constructor(private readonly exceptions: Readonly<Record<string, StringInputLimit>>) {}

  /** The check of a value of `type` at `coordinate`, or null when no string can be under it. */
  checkOf(type: GraphQLInputType, coordinate: string): Check | null {
    if (isNonNullType(type)) return this.checkOf(type.ofType, coordinate);
    if (isListType(type)) return this.listCheck(type.ofType, coordinate);
    if (isInputObjectType(type)) return this.inputObjectCheck(type);
    if (isEnumType(type) || (isScalarType(type) && NON_STRING_SCALARS.has(type.name))) return null;
    return this.stringCheck(coordinate);
  }

  private listCheck(itemType: GraphQLInputType, coordinate: string): Check | null {
    const item = this.checkOf(itemType, coordinate);
    if (!item) return null;
    return (value, path) => {
      // graphql-js has coerced a single item into a list already; anything else is not a list of this type.
      if (Array.isArray(value)) value.forEach((element, index) => item(element, `${path}[${index}]`));
    };
  }

  private inputObjectCheck(type: GraphQLInputObjectType): Check | null {
    if (this.inputObjects.has(type)) return this.inputObjects.get(type) ?? null;
    // A type that contains itself refers to its own check through this, while it is being built.
    let built: Check | null = null;
    this.inputObjects.set(type, (value, path) => built?.(value, path));
    const fields = Object.values(type.getFields()).flatMap((field) => {
      const check = this.checkOf(field.type, `${type.name}.${field.name}`);
      return check ? [[field.name, check] as const] : [];
    });
    built =
      fields.length === 0
        ? null
        : (value, path) => {
            if (typeof value !== 'object' || value === null) return;
            for (const [name, check] of fields) check((value as Args)[name], `${path}.${name}`);
          };
    this.inputObjects.set(type, built);
    return built;
  }

  private stringCheck(coordinate: string): Check {
    const exception = this.exceptions[coordinate];
    if (exception) this.usedExceptions.add(coordinate);
    const limit = exception ?? DEFAULT_STRING_INPUT_LIMIT;
    return (value, path) => {
      if (typeof value !== 'string') return;
      const problem = stringInputProblem(value, limit);
      if (problem) throw refusal(path, problem);
    };
  }
}

/**
 * A field middleware, applied outermost, that checks every string an argument carries (in input objects and
 * lists too, of String, ID and custom scalars) against its limit before the shield or the resolver runs: at most
 * DEFAULT_STRING_INPUT_LIMIT characters unless STRING_INPUT_EXCEPTIONS says otherwise, and no control characters.
 * Only fields with an argument that can carry a string are wrapped; the rest resolve as before.
 */
export function boundedInputs(
  schema: GraphQLSchema,
  exceptions: Readonly<Record<string, StringInputLimit>> = STRING_INPUT_EXCEPTIONS,
): IMiddlewareTypeMap<unknown, unknown, Args> {
  const planner = new CheckPlanner(exceptions);
  const middleware: IMiddlewareTypeMap<unknown, unknown, Args> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const fields: Record<string, IMiddlewareFunction<unknown, unknown, Args>> = {};
    for (const field of Object.values(type.getFields())) {
      const checks = field.args.flatMap((arg) => {
        const check = planner.checkOf(arg.type, `${type.name}.${field.name}(${arg.name}:)`);
        return check ? [[arg.name, check] as const] : [];
      });
      if (checks.length === 0) continue;
      fields[field.name] = (resolve, parent, args, context, info) => {
        for (const [name, check] of checks) check(args[name], name);
        return resolve(parent, args, context, info);
      };
    }
    if (Object.keys(fields).length > 0) middleware[type.name] = fields;
  }
  const unknown = Object.keys(exceptions).filter((coordinate) => !planner.usedExceptions.has(coordinate));
  if (unknown.length > 0) throw new Error(`string input limits name coordinates the schema has no string input at: ${unknown.join(', ')}`);
  return middleware;
}
