import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  parse,
  typeFromAST,
  valueFromASTUntyped,
  visit,
  type DefinitionNode,
  type FragmentDefinitionNode,
  type GraphQLInputType,
} from 'graphql';
import { PACKAGE_ROOT } from '../common/package-root';

/**
 * The operations this repository ships for each role, `operations/<role>.graphql`: GraphiQL's examples (the
 * bundler embeds them, scripts/web-bundles/graphiql-page.ts) and the operation names metrics and logs may carry.
 */

export const OPERATIONS_DIR = join(PACKAGE_ROOT, 'operations');
export const SCHEMA_FILE = join(PACKAGE_ROOT, 'schema.graphql');

/** One example operation of `operations/<role>.graphql`, as the page offers it. */
export interface ExampleOperation {
  /** The file's name without `.graphql`, e.g. `privacy-officer`. */
  role: string;
  /** How the page names the role. */
  roleLabel: string;
  /** The file's opening comment: who sends these operations. */
  roleDescription: string;
  name: string;
  kind: 'query' | 'mutation' | 'subscription';
  /** The operation with the comment above it and the fragments it uses: what the editor receives. */
  document: string;
  /** Variables to start from (JSON), one entry per variable. */
  variables: string;
}

const ROLE_ORDER = ['analyst', 'customer', 'staff', 'affiliate', 'privacy-officer', 'public'];
const ROLE_LABELS: Record<string, string> = { 'privacy-officer': 'privacy officer', public: 'anyone (no token)' };

/** The operations of `operations/*.graphql`, one entry each, roles in a fixed order. */
export function readExamples(): ExampleOperation[] {
  const schema = buildSchema(readFileSync(SCHEMA_FILE, 'utf8'));
  const examples: ExampleOperation[] = [];
  const files = operationFiles().sort((a, b) => roleRank(a) - roleRank(b) || a.localeCompare(b));
  for (const file of files) {
    const role = relative(OPERATIONS_DIR, file).replace(/\.graphql$/, '');
    const source = readFileSync(file, 'utf8');
    const document = parse(source);
    const fragments = new Map(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
    );
    for (const definition of document.definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) continue;
      const used = usedFragments(definition, fragments);
      const variables: Record<string, unknown> = {};
      for (const v of definition.variableDefinitions ?? []) {
        // Optional variables start as null, required ones as a value of their type to replace.
        variables[v.variable.name.value] = v.defaultValue
          ? valueFromASTUntyped(v.defaultValue)
          : v.type.kind === Kind.NON_NULL_TYPE
            ? placeholder(typeFromAST(schema, v.type) as GraphQLInputType | undefined)
            : null;
      }
      examples.push({
        role,
        roleLabel: ROLE_LABELS[role] ?? role,
        roleDescription: headerComment(source),
        name: definition.name.value,
        kind: definition.operation,
        document: [definition, ...used].map((d) => withComment(source, d)).join('\n\n') + '\n',
        variables: Object.keys(variables).length ? JSON.stringify(variables, null, 2) : '',
      });
    }
  }
  return examples;
}

function roleRank(file: string): number {
  const rank = ROLE_ORDER.indexOf(relative(OPERATIONS_DIR, file).replace(/\.graphql$/, ''));
  return rank < 0 ? ROLE_ORDER.length : rank;
}

export function operationFiles(): string[] {
  return listFiles(OPERATIONS_DIR).filter((file) => file.endsWith('.graphql'));
}

export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile())
    .sort();
}

/** The file's first block of `#` lines: who sends these operations. */
function headerComment(source: string): string {
  const lines: string[] = [];
  for (const line of source.split('\n')) {
    if (!line.startsWith('#')) break;
    lines.push(line.replace(/^#\s?/, ''));
  }
  return lines.join(' ').trim();
}

/** A definition's text with the `#` lines right above it (not the file's header when a blank line separates them). */
function withComment(source: string, definition: DefinitionNode): string {
  const start = definition.loc!.start;
  const before = source.slice(0, start).split('\n');
  before.pop(); // the definition's own line, up to its first character
  const comment: string[] = [];
  while (before.length && before[before.length - 1].startsWith('#')) comment.unshift(before.pop()!);
  // A block that starts the file and runs into the definition is the file's header: keep it, it describes the role.
  return [...comment, source.slice(start, definition.loc!.end)].join('\n');
}

function usedFragments(node: DefinitionNode, fragments: Map<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const found = new Map<string, FragmentDefinitionNode>();
  const walk = (n: DefinitionNode) =>
    visit(n, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !found.has(fragment.name.value)) {
          found.set(fragment.name.value, fragment);
          walk(fragment);
        }
      },
    });
  walk(node);
  return [...found.values()];
}

/** A value to start from for a variable of this type: the user replaces it. */
function placeholder(type: GraphQLInputType | undefined, depth = 0): unknown {
  if (!type) return '';
  if (isNonNullType(type)) return placeholder(type.ofType, depth);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]?.value ?? null;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    if (depth > 2) return value;
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = placeholder(field.type, depth + 1);
    }
    return value;
  }
  if (type.name === 'Int' || type.name === 'Float') return 10;
  if (type.name === 'Boolean') return false;
  return '';
}
