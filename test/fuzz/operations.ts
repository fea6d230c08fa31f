import { getNamedType, isLeafType, isObjectType, type GraphQLArgument, type GraphQLField, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { Random } from './random';
import { invalidValue, printLiteral, toJson, validValue, valueContext, type IdPool, type Value, type ValueContext } from './values';

/** One GraphQL request: what goes in the body as `query`, `variables` and `operationName`. */
export interface GraphQLRequestBody {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface OperationIds {
  /** UUIDs a query may name: every entity of the scene. */
  forQueries: IdPool;
  /**
   * UUIDs a mutation may name: only the scene's sandbox. A mutation that names the oracle's customers or
   * processors could grant what the oracle says is denied (a trust, a disclosure, a consent to that processor).
   */
  forMutations: IdPool;
}

export interface OperationSettings {
  /** Deepest selection below the root field. */
  maxDepth: number;
  /**
   * Chance that an operation is one with invalid arguments. The others have only valid ones: a single bad
   * argument fails the whole operation in validation, and then nothing under it is resolved or checked.
   */
  invalidOperation: number;
  /** In an operation with invalid arguments, the chance of each to be invalid. */
  invalidArgument: number;
  /** Chance that an optional argument is given. */
  optionalArgument: number;
}

export const DEFAULT_OPERATION_SETTINGS: OperationSettings = {
  maxDepth: 4,
  invalidOperation: 0.3,
  invalidArgument: 0.4,
  optionalArgument: 0.35,
};

const isPersonal = (field: GraphQLField<unknown, unknown>) => field.extensions?.personal !== undefined;

/** Whether a selection under the field can reach a personal field within `depth` levels. */
function reachesPersonal(field: GraphQLField<unknown, unknown>, depth: number): boolean {
  if (isPersonal(field)) return true;
  const type = getNamedType(field.type);
  return depth > 0 && isObjectType(type) && Object.values(type.getFields()).some((inner) => reachesPersonal(inner, depth - 1));
}

/** Root fields, most often one that can reach personal data: those are where a leak would be. */
function pickRootFields(fields: GraphQLField<unknown, unknown>[], count: number, rng: Random, maxDepth: number) {
  const personal = fields.filter((field) => reachesPersonal(field, maxDepth));
  const picked = new Set<GraphQLField<unknown, unknown>>();
  for (let i = 0; i < count; i += 1) picked.add(rng.pick(personal.length > 0 && rng.chance(0.7) ? personal : fields));
  return [...picked];
}

/** Builds one random operation over the schema: fields, aliases, fragments, directives, variables and literals. */
class OperationWriter {
  private readonly definitions: string[] = [];
  private readonly fragments: string[] = [];
  private readonly variables: Record<string, unknown> = {};
  private counter = 0;
  private readonly invalid: boolean;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly rng: Random,
    private readonly values: ValueContext,
    private readonly settings: OperationSettings,
  ) {
    this.invalid = rng.chance(settings.invalidOperation);
  }

  private next(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }

  /** Inline, or as a variable (declared with its type, now and then with a wrong one). */
  private argumentValue(argument: GraphQLArgument, field: GraphQLField<unknown, unknown>): string {
    const invalid = this.invalid && this.rng.chance(this.settings.invalidArgument);
    // The `id` of `customer(id:)` names a customer: say so, as `customerId` would.
    const meaning = argument.name === 'id' ? `${getNamedType(field.type).name}Id` : argument.name;
    const value: Value = invalid ? invalidValue(argument.type, meaning, this.values) : validValue(argument.type, meaning, this.values);
    if (this.rng.chance(0.5)) return printLiteral(value);
    const variable = this.next('v');
    const declared = invalid && this.rng.chance(0.2) ? 'String' : String(argument.type);
    this.definitions.push(`$${variable}: ${declared}`);
    this.variables[variable] = toJson(value);
    return `$${variable}`;
  }

  private argumentsOf(field: GraphQLField<unknown, unknown>): string {
    const given = field.args.filter((argument) => argument.type.toString().endsWith('!') || this.rng.chance(this.settings.optionalArgument));
    if (this.invalid && this.rng.chance(0.02)) return '(noSuchArgument: 1)';
    if (given.length === 0) return '';
    return `(${given.map((argument) => `${argument.name}: ${this.argumentValue(argument, field)}`).join(', ')})`;
  }

  private directive(): string {
    if (!this.rng.chance(0.08)) return '';
    if (this.rng.chance(0.5)) return ` @include(if: ${this.rng.chance(0.7)})`;
    const name = this.next('b');
    this.definitions.push(`$${name}: Boolean!`);
    this.variables[name] = this.rng.chance(0.3);
    return ` @skip(if: $${name})`;
  }

  private fieldSelection(field: GraphQLField<unknown, unknown>, depth: number): string {
    const alias = this.rng.chance(0.25) ? `${this.next('a')}: ` : '';
    const head = `${alias}${field.name}${this.argumentsOf(field)}${this.directive()}`;
    const type = getNamedType(field.type);
    if (isLeafType(type)) return head;
    if (!isObjectType(type) || depth >= this.settings.maxDepth) return `${head} { __typename }`;
    return `${head} { ${this.selectionSet(type, depth + 1)} }`;
  }

  /** A few of the type's fields; on a type with personal fields, often all of them, since those are what leaks. */
  selectionSet(type: GraphQLObjectType, depth: number): string {
    const fields = Object.values(type.getFields());
    const chosen = new Set(this.rng.sample(fields, this.rng.int(1, Math.min(5, fields.length))));
    if (this.rng.chance(0.8)) for (const field of fields.filter(isPersonal)) chosen.add(field);
    const selections = [...chosen].map((field) => this.fieldSelection(field, depth));
    if (this.rng.chance(0.1)) selections.push('__typename');
    const text = selections.join(' ');
    const wrap = this.rng.weighted({ plain: 8, inline: 1, named: 1 });
    if (wrap === 'inline') return `... on ${type.name} { ${text} }`;
    if (wrap === 'named') {
      const name = this.next('F');
      this.fragments.push(`fragment ${name} on ${type.name} { ${text} }`);
      return `...${name}`;
    }
    return text;
  }

  write(kind: 'query' | 'mutation'): GraphQLRequestBody {
    const root = kind === 'query' ? this.schema.getQueryType() : this.schema.getMutationType();
    if (!root) throw new Error(`the schema has no ${kind} type`);
    const fields = Object.values(root.getFields());
    const picked = pickRootFields(fields, this.rng.int(1, kind === 'query' ? 3 : 2), this.rng, this.settings.maxDepth);
    const body = picked.map((field) => this.fieldSelection(field, 1)).join(' ');
    const named = this.rng.chance(0.85) || this.definitions.length > 0;
    const operationName = named ? this.next('Fuzz') : undefined;
    const header = named ? `${kind} ${operationName}${this.definitions.length ? `(${this.definitions.join(', ')})` : ''} ` : '';
    const query = [`${header}{ ${body} }`, ...this.fragments].join('\n');
    const sentName = operationName && this.invalid && this.rng.chance(0.1) ? 'NoSuchOperation' : operationName;
    return {
      query,
      ...(Object.keys(this.variables).length > 0 ? { variables: this.variables } : {}),
      ...(sentName && this.rng.chance(0.9) ? { operationName: sentName } : {}),
    };
  }
}

/** A random query or mutation built from the schema, with valid and invalid arguments. */
export function randomOperation(
  schema: GraphQLSchema,
  rng: Random,
  ids: OperationIds,
  caseIndex: number,
  settings: OperationSettings = DEFAULT_OPERATION_SETTINGS,
): GraphQLRequestBody {
  const kind = rng.chance(0.7) ? 'query' : 'mutation';
  const values = valueContext(rng, kind === 'query' ? ids.forQueries : ids.forMutations, caseIndex);
  return new OperationWriter(schema, rng, values, settings).write(kind);
}
