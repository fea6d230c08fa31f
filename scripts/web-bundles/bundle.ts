import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { PACKAGE_ROOT } from '../../src/common/package-root';
import { listFiles } from '../../src/http/example-operations';
import { bundlesDir, findBundle, type Manifest, type WebBundle, type WebPageName } from '../../src/http/web-bundles';
import { externaliseDataUrls } from './data-urls';
import { WEB_PAGES } from './pages';

/**
 * A web page's browser bundle, built with esbuild from its sources (web/<page>/, described in ./pages.ts) into
 * `dist/<page>/<hash>/`, where the hash covers everything the bundle is made of (the page's sources and other
 * inputs, this builder and the versions of the front-end packages). Nothing is fetched at run time: React, the
 * page's libraries, the CSS and the fonts are all files of that folder, served by the server itself.
 *
 * Built by `npm install` (the `prepare` script, `npm run build:web`) and `npm run build`; when missing or stale, by
 * the server at start, unless it runs compiled (`npm run start:prod`): that one serves the bundle the build left
 * (findBuiltBundle), since its install may have neither esbuild nor the front-end packages, whose versions are part
 * of the hash.
 */

/** This folder: the builder and the page descriptions are inputs of every bundle. */
const BUILDER_DIR = __dirname;

/** The hash of everything the page's bundle is built from; its bundle folder is named after it. */
export function bundleInputsHash(name: WebPageName): string {
  const page = WEB_PAGES[name];
  const hash = createHash('sha256');
  const add = (label: string, content: string | Buffer) => hash.update(`${label}\0${content.length}\0`).update(content);
  for (const file of [...listFiles(page.sourceDir), ...page.inputFiles(), ...listFiles(BUILDER_DIR)]) {
    add(relative(PACKAGE_ROOT, file), readFileSync(file));
  }
  for (const pkg of page.packages) add(pkg, packageVersion(pkg));
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds the page's bundle for the current inputs unless it exists. Safe to run from several processes at once:
 * each builds into a folder of its own and renames it into place; the first rename wins.
 */
export async function buildWebBundle(name: WebPageName, { force = false } = {}): Promise<WebBundle & { built: boolean }> {
  const page = WEB_PAGES[name];
  const hash = bundleInputsHash(name);
  const existing = force ? null : findBundle(name, hash);
  if (existing) return { ...existing, built: false };

  // Loaded here, not at the top: the server starts without esbuild (a production install) and then only answers
  // its pages with 503.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  const dir = bundlesDir(name);
  const staging = join(dir, `.staging-${process.pid}-${randomUUID().slice(0, 8)}`);
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
    } satisfies BuildOptions;
    const own = page.appOptions?.() ?? {};
    await esbuild.build({
      ...common,
      entryPoints: { app: join(page.sourceDir, 'main.tsx') },
      jsx: 'automatic',
      loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'file', '.png': 'file' },
      assetNames: 'assets/[name]-[hash]',
      ...own,
      define: { ...common.define, ...own.define },
    });
    const extra = page.extraEntryPoints?.();
    if (extra) await esbuild.build({ ...common, entryPoints: extra });
    externaliseDataUrls(staging);
    const manifest: Manifest = { hash, builtAt: new Date().toISOString() };
    writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

    const target = join(dir, hash);
    try {
      renameSync(staging, target);
    } catch (error) {
      // Another process finished the same bundle first.
      if (!findBundle(name, hash)) throw error;
      rmSync(staging, { recursive: true, force: true });
      return { dir: target, hash, built: false };
    }
    removeOtherBundles(dir, hash);
    return { dir: target, hash, built: true };
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

function removeOtherBundles(dir: string, keep: string): void {
  for (const name of readdirSync(dir)) {
    if (name === keep || name.startsWith('.staging-')) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}
