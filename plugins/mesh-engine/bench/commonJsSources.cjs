/* eslint-disable */
// Loads the TypeScript sources as the installed `meshpath` runs its build:
// CommonJS, compiled by the same swc with the same options as the Backstage
// CLI's Node transform, and the ESM-only model packages loaded by Node's own
// require. The Backstage transform also registers ESM module hooks, which
// run on a thread of their own that every ESM load then waits on (about
// 120 ms here for the schema validators' modules); an installed command line
// has no such thread, so the benchmark does not charge it for one.
const { createRequire } = require('node:module');

const backstageTransform = createRequire(
  require.resolve('@backstage/cli/config/nodeTransform.cjs'),
).resolve('@backstage/cli-node/config/nodeTransform.cjs');
const fromTransform = createRequire(backstageTransform);
const { transformSync } = fromTransform('@swc/core');
const { addHook } = fromTransform('pirates');

addHook(
  (code, filename) =>
    transformSync(code, {
      filename,
      module: { type: 'commonjs', ignoreDynamic: true },
      jsc: { target: 'es2023', parser: { syntax: 'typescript' } },
    }).code,
  { extensions: ['.ts', '.cts'], ignoreNodeModules: true },
);
