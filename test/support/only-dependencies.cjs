// Preloaded (`node --require`) into the compiled server by test/production-build.test.ts: the project's own code
// may load only Node's modules, its own files and the packages of package.json's `dependencies`, as after
// `npm ci --omit=dev`, where tsx, esbuild, GraphiQL and the other devDependencies are not installed. Any other
// package fails as a missing one would (MODULE_NOT_FOUND), and one line on stderr names it for the test.
// What the dependencies themselves load is npm's business: it installs their dependencies with them.
const Module = require('node:module');
const path = require('node:path');

const { dependencies } = require(path.join(__dirname, '..', '..', 'package.json'));
const allowed = new Set(Object.keys(dependencies));
const insideNodeModules = `${path.sep}node_modules${path.sep}`;

const packageName = (request) =>
  request
    .split('/')
    .slice(0, request.startsWith('@') ? 2 : 1)
    .join('/');

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveOnlyDependencies(request, parent, ...rest) {
  const fromProject = parent?.filename !== undefined && !parent.filename.includes(insideNodeModules);
  const isPackage = !request.startsWith('.') && !path.isAbsolute(request) && !Module.isBuiltin(request);
  if (fromProject && isPackage && !allowed.has(packageName(request))) {
    process.stderr.write(`only-dependencies: refused ${packageName(request)}\n`);
    const error = new Error(`Cannot find module '${request}': not one of package.json's dependencies`);
    error.code = 'MODULE_NOT_FOUND';
    throw error;
  }
  return resolveFilename.call(this, request, parent, ...rest);
};
