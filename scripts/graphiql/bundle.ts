import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative } from 'node:path';
import { PACKAGE_ROOT } from '../../src/common/package-root';
import { listFiles, operationFiles, readExamples, SCHEMA_FILE } from '../../src/http/example-operations';
import { BUNDLES_DIR, findBundle, type GraphiqlBundle, type Manifest } from '../../src/http/graphiql-bundles';

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

const FRONT_END_PACKAGES = ['graphiql', '@graphiql/react', '@graphiql/toolkit', 'react', 'react-dom', 'esbuild', 'graphql'];

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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
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

function packageVersion(name: string): string {
  try {
    return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
  } catch {
    return 'missing';
  }
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
