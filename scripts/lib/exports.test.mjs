// The unused-export check on a tiny workspace written to a temporary folder: run with `node --test scripts/lib/exports.test.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unusedExports } from './exports.mjs';

function withWorkspace(files, run) {
  const root = mkdtempSync(join(tmpdir(), 'meshpath-exports-'));
  try {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(
        join(root, path),
        typeof content === 'string' ? content : JSON.stringify(content),
      );
    }
    return run(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const manifest = { name: '@x/lib', main: 'src/index.ts' };
const findings = (files, packages = ['lib']) =>
  withWorkspace(files, root =>
    unusedExports(
      root,
      packages.map(name => join(root, name)),
    ).map(({ file, name, fix }) => `${file}:${name}: ${fix}`),
  );

test('an export nothing imports is reported, one another module imports is not', () => {
  assert.deepEqual(
    findings({
      'lib/package.json': manifest,
      'lib/src/index.ts':
        "import { used } from './a';\nexport const api = used;",
      'lib/src/a.ts': 'export const used = 1;\nexport function dead() {}',
    }),
    ['lib/src/a.ts:dead: nothing uses it: delete it'],
  );
});

test('an export only its own module uses loses its export; a type an exported signature names keeps it', () => {
  assert.deepEqual(
    findings({
      'lib/package.json': manifest,
      'lib/src/index.ts': "export { run } from './a';",
      'lib/src/a.ts': [
        'export interface Options { n: number }',
        'export const helper = (o: Options) => o.n;',
        'export function run(o: Options) { return helper(o); }',
      ].join('\n'),
    }),
    ['lib/src/a.ts:helper: only its own module uses it: drop `export`'],
  );
});

test('names pass through barrels: export * and named re-exports, used or not', () => {
  assert.deepEqual(
    findings({
      'lib/package.json': manifest,
      'lib/src/index.ts': "import { a } from './parts';\nexport const api = a;",
      'lib/src/parts/index.ts':
        "export * from './a';\nexport { b, c } from './b';",
      'lib/src/parts/a.ts': 'export const a = 1;\nexport const unusedA = 2;',
      'lib/src/parts/b.ts': 'export const b = 1;\nexport const c = 2;',
      'lib/src/parts/b.test.ts': "import { b } from './b';\nb;",
    }),
    [
      'lib/src/parts/a.ts:unusedA: nothing uses it: delete it',
      'lib/src/parts/index.ts:b: nothing imports it from here: drop the re-export',
      'lib/src/parts/index.ts:c: nothing imports it from here: drop the re-export',
      'lib/src/parts/b.ts:c: nothing uses it: delete it',
    ].sort(),
  );
});

test('entry points, tests, generated files, dynamic imports and jest.mock are not reported', () => {
  assert.deepEqual(
    findings({
      'lib/package.json': {
        ...manifest,
        exports: { '.': './src/index.ts', './alpha': './src/alpha.ts' },
      },
      'lib/src/index.ts': 'export const api = 1;',
      'lib/src/alpha.ts': 'export const alphaApi = 1;',
      'lib/src/lazy.ts': 'export const loaded = 1;',
      'lib/src/mocked.ts': 'export const mocked = 1;',
      'lib/src/schema/openapi.generated.ts': 'export const spec = {};',
      'lib/src/x.test.ts':
        "export const fixture = 1;\njest.mock('./mocked');\nimport('./lazy');",
    }),
    [],
  );
});

test('an import from another package of the workspace counts only through its entry point', () => {
  assert.deepEqual(
    findings(
      {
        'lib/package.json': manifest,
        'lib/src/index.ts': "export { shared } from './shared';",
        'lib/src/shared.ts':
          'export const shared = 1;\nexport const other = 2;',
        'app/package.json': { name: 'app' },
        'app/src/index.ts': "import { shared } from '@x/lib';\nshared;",
      },
      ['lib', 'app'],
    ),
    ['lib/src/shared.ts:other: nothing uses it: delete it'],
  );
});
