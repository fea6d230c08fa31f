import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

/**
 * Where the files the server reads by path are found from, and how this process runs. A path built from
 * `__dirname` depends on how deep the running file is: `src/http/` through tsx or jest, `dist/app/src/http/` once
 * compiled by `npm run build`. Every such path starts from `PACKAGE_ROOT` instead.
 */

/** The folder of privacy-hub's package.json: the nearest one above this file, wherever the code was compiled to. */
export const PACKAGE_ROOT = findPackageRoot(__dirname);

/**
 * True in the JavaScript that `npm run build` emits (`npm run start:prod`), false when the TypeScript sources run
 * through tsx or jest. The compiled server uses what the build prepared (the GraphiQL bundle) and builds nothing:
 * its install may lack the devDependencies that building needs.
 */
export const RUNS_COMPILED = extname(__filename) === '.js';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json in ${start} or any folder above it`);
  }
}
