import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative } from 'node:path';
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
 * The GraphiQL page's browser bundle, built with esbuild from `web/graphiql/` into `dist/graphiql/<hash>/`, where
 * the hash covers everything the bundle is made of (the page's sources, the example operations, this builder and
 * the versions of the front-end packages). Nothing is fetched at run time: React, GraphiQL, Monaco and its
 * workers, the CSS and the fonts are all files of that folder, served by the server itself.
 *
 * Built by `npm install` (the `prepare` script, `npm run build:graphiql`) and `npm run build`; when missing or
 * stale, by the server at start, unless it runs compiled (`npm run start:prod`): that one serves the bundle the
 * build left (findBuiltBundle), since its install may have neither esbuild nor the front-end packages, whose
 * versions are part of the hash.
 */

const SOURCE_DIR = join(PACKAGE_ROOT, 'web', 'graphiql');
const OPERATIONS_DIR = join(PACKAGE_ROOT, 'operations');
const SCHEMA_FILE = join(PACKAGE_ROOT, 'schema.graphql');
export const BUNDLES_DIR = join(PACKAGE_ROOT, 'dist', 'graphiql');

/** The files of a bundle the page loads by name. */
export const ENTRY_SCRIPT = 'app.js';
export const ENTRY_STYLESHEET = 'app.css';

const FRONT_END_PACKAGES = ['graphiql', '@graphiql/react', '@graphiql/toolkit', 'react', 'react-dom', 'esbuild', 'graphql'];

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

export interface GraphiqlBundle {
  dir: string;
  hash: string;
}

/** `manifest.json` of a bundle folder, written last: a folder without it is not a finished bundle. */
interface Manifest {
  hash: string;
  /** ISO 8601, so that the newest sorts last as text. */
  builtAt: string;
}

/** The hash of everything a bundle is built from; a bundle folder is named after it. */
export function bundleInputsHash(): string {
  const hash = createHash('sha256');
  const add = (label: string, content: string | Buffer) => hash.update(`${label}\0${content.length}\0`).update(content);
  for (const file of listFiles(SOURCE_DIR)) add(relative(PACKAGE_ROOT, file), readFileSync(file));
  for (const file of operationFiles()) add(relative(PACKAGE_ROOT, file), readFileSync(file));
  add('schema.graphql', readFileSync(SCHEMA_FILE));
  add('builder', readFileSync(__filename));
  for (const name of FRONT_END_PACKAGES) add(name, packageVersion(name));
  return hash.digest('hex').slice(0, 16);
}

/** The bundle for the current inputs, if it has been built. */
export function findBundle(hash = bundleInputsHash()): GraphiqlBundle | null {
  const dir = join(BUNDLES_DIR, hash);
  return existsSync(join(dir, ENTRY_SCRIPT)) && existsSync(join(dir, 'manifest.json')) ? { dir, hash } : null;
}

/** The bundle the last build left, whatever its inputs: the newest finished one (a build removes the others). */
export function findBuiltBundle(): GraphiqlBundle | null {
  if (!existsSync(BUNDLES_DIR)) return null;
  const finished = readdirSync(BUNDLES_DIR)
    // A staging folder gets its manifest just before it is renamed into place.
    .filter((name) => !name.startsWith('.staging-'))
    .map((hash) => findBundle(hash))
    .filter((bundle): bundle is GraphiqlBundle => bundle !== null);
  const builtAt = (bundle: GraphiqlBundle) => (JSON.parse(readFileSync(join(bundle.dir, 'manifest.json'), 'utf8')) as Manifest).builtAt;
  return finished.sort((a, b) => builtAt(b).localeCompare(builtAt(a)))[0] ?? null;
}

/**
 * Builds the bundle for the current inputs unless it exists. Safe to run from several processes at once: each
 * builds into a folder of its own and renames it into place; the first rename wins.
 */
export async function buildGraphiqlBundle({ force = false } = {}): Promise<GraphiqlBundle & { built: boolean }> {
  const hash = bundleInputsHash();
  const existing = force ? null : findBundle(hash);
  if (existing) return { ...existing, built: false };

  // Loaded here, not at the top: the server starts without esbuild (a production install) and then only answers
  // /graphiql with 503.
  const esbuild = require('esbuild') as typeof import('esbuild');
  const fromReact = createRequire(require.resolve('@graphiql/react/package.json'));
  const staging = join(BUNDLES_DIR, `.staging-${process.pid}-${randomUUID().slice(0, 8)}`);
  mkdirSync(staging, { recursive: true });
  try {
    const common = {
      bundle: true,
      minify: true,
      format: 'iife',
      target: ['chrome120', 'firefox121', 'safari17'],
      legalComments: 'none',
      logLevel: 'silent',
      outdir: staging,
      define: { 'process.env.NODE_ENV': '"production"' },
    } satisfies import('esbuild').BuildOptions;
    await esbuild.build({
      ...common,
      entryPoints: { app: join(SOURCE_DIR, 'main.tsx') },
      jsx: 'automatic',
      loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
      assetNames: 'assets/[name]-[hash]',
      define: { ...common.define, __PRIVACY_HUB_EXAMPLES__: JSON.stringify(readExamples()) },
      // Only for websocket subscriptions (a subscriptionUrl), which this API does not offer.
      external: ['graphql-ws'],
    });
    // Monaco's workers: plain scripts the page starts with `new Worker(url)` from its own origin.
    await esbuild.build({
      ...common,
      entryPoints: {
        'editor.worker': fromReact.resolve('monaco-editor/esm/vs/editor/editor.worker.js'),
        'json.worker': fromReact.resolve('monaco-editor/esm/vs/language/json/json.worker.js'),
        'graphql.worker': fromReact.resolve('monaco-graphql/esm/graphql.worker.js'),
      },
    });
    externaliseDataUrls(staging);
    const manifest: Manifest = { hash, builtAt: new Date().toISOString() };
    writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

    const dir = join(BUNDLES_DIR, hash);
    try {
      renameSync(staging, dir);
    } catch (error) {
      // Another process finished the same bundle first.
      if (!findBundle(hash)) throw error;
      rmSync(staging, { recursive: true, force: true });
      return { dir, hash, built: false };
    }
    removeOtherBundles(hash);
    return { dir, hash, built: true };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

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
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
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

function operationFiles(): string[] {
  return listFiles(OPERATIONS_DIR).filter((file) => file.endsWith('.graphql'));
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile())
    .sort();
}

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'missing';
  }
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

const DATA_URL = /url\(\s*(["']?)data:([a-z0-9.+/-]+)(;base64)?,([^"')]*)\1\s*\)/gi;
const EXTENSIONS: Record<string, string> = {
  'font/ttf': '.ttf',
  'font/woff': '.woff',
  'font/woff2': '.woff2',
  'application/font-woff': '.woff',
  'application/x-font-ttf': '.ttf',
  'image/svg+xml': '.svg',
  'image/png': '.png',
  'image/gif': '.gif',
};

/**
 * GraphiQL's CSS inlines its fonts as `data:` URLs; the page's Content-Security-Policy allows only its own origin,
 * so each becomes a file next to the stylesheet.
 */
function externaliseDataUrls(dir: string): void {
  for (const file of readdirSync(dir).filter((name) => extname(name) === '.css')) {
    const path = join(dir, file);
    const css = readFileSync(path, 'utf8');
    mkdirSync(join(dir, 'assets'), { recursive: true });
    const rewritten = css.replace(DATA_URL, (whole, _quote: string, mime: string, base64: string | undefined, data: string) => {
      const extension = EXTENSIONS[mime.toLowerCase()];
      if (!extension) return whole;
      const bytes = base64 ? Buffer.from(data, 'base64') : Buffer.from(decodeURIComponent(data), 'utf8');
      const name = `assets/inline-${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}${extension}`;
      writeFileSync(join(dir, name), bytes);
      return `url(${name})`;
    });
    writeFileSync(path, rewritten);
  }
}

function removeOtherBundles(keep: string): void {
  for (const name of readdirSync(BUNDLES_DIR)) {
    if (name === keep || name.startsWith('.staging-')) continue;
    rmSync(join(BUNDLES_DIR, name), { recursive: true, force: true });
  }
}
