// The dependency check on a tiny workspace written to a temporary folder: run with `node --test scripts/lib/dependencies.test.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  checkPackage,
  importedPackages,
  packageNameOf,
  workspacePackages,
} from './dependencies.mjs';

function writeFiles(root, files) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(
      join(root, path),
      typeof content === 'string' ? content : JSON.stringify(content),
    );
  }
}

function withWorkspace(files, run) {
  const root = mkdtempSync(join(tmpdir(), 'meshpath-dependencies-'));
  try {
    writeFiles(root, files);
    return run(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// Installed packages of the fixture: a CLI with a bin, a library with a peer, its peer, a typed package.
const installed = {
  'node_modules/tool/package.json': { name: 'tool', bin: { 'tool-cli': 'x' } },
  'node_modules/ui/package.json': {
    name: 'ui',
    peerDependencies: { 'ui-peer': '*' },
  },
  'node_modules/ui-peer/package.json': { name: 'ui-peer' },
  'node_modules/typed/package.json': { name: 'typed' },
  'node_modules/@types/typed/package.json': { name: '@types/typed' },
};

test('reports declared dependencies nothing uses, and nothing that is used', () => {
  withWorkspace(
    {
      ...installed,
      'package.json': { workspaces: ['plugins/*'] },
      'plugins/a/package.json': {
        name: '@scope/a',
        scripts: { build: 'tool-cli build' },
        dependencies: {
          ui: '*',
          'ui-peer': '*',
          typed: '*',
          '@types/typed': '*',
          'never-imported': '*',
          pg: '*',
          'node-gyp': '*',
        },
        devDependencies: { tool: '*', 'dev-never-imported': '*' },
      },
      'plugins/a/src/index.ts': [
        "import { Button } from 'ui/components';",
        "import type { T } from 'typed';",
        'export { T, Button };',
      ].join('\n'),
    },
    root => {
      const [dir] = workspacePackages(root);
      const result = checkPackage(dir);
      // node-gyp is allowed only in the portal backend; pg is loaded by knex everywhere.
      assert.deepEqual(result.unused, [
        'dev-never-imported',
        'never-imported',
        'node-gyp',
      ]);
      assert.deepEqual(result.undeclared, []);
    },
  );
});

test('reports imports the manifest does not declare, and production imports of devDependencies', () => {
  withWorkspace(
    {
      ...installed,
      'package.json': { workspaces: ['plugins/*'] },
      'plugins/b/package.json': {
        name: 'b',
        dependencies: { typed: '*', 'only-in-tests': '*' },
        devDependencies: { ui: '*' },
      },
      'plugins/b/src/index.ts':
        "import 'typed';\nconst x = require('missing/deep/path');\nexport { Button } from 'ui';\nimport { readFileSync } from 'node:fs';\nimport path from 'path';\nimport self from 'b/other';",
      'plugins/b/src/index.test.ts':
        "jest.mock('only-in-tests');\nimport { y } from '@scope/also-missing';",
    },
    root => {
      const result = checkPackage(join(root, 'plugins/b'));
      assert.deepEqual(result.undeclared, [
        { name: '@scope/also-missing', file: 'src/index.test.ts' },
        { name: 'missing', file: 'src/index.ts' },
      ]);
      assert.deepEqual(result.developmentOnly, [
        { name: 'ui', file: 'src/index.ts' },
      ]);
      assert.deepEqual(result.testOnly, ['only-in-tests']);
      assert.deepEqual(result.unused, []);
    },
  );
});

test('finds package names in every form of import, and only there', () => {
  const text = [
    "import a from 'a';",
    "import type {\n  B,\n} from '@b/b/sub';",
    "export * from 'c';",
    "import 'd/style.css';",
    "await import('e');",
    "require.resolve('f/package.json');",
    "jest.requireActual('g');",
    '/// <reference types="h" />',
    "const text = 'not-an-import';",
    "import x from './relative';",
    "import fs from 'node:fs';",
  ].join('\n');
  assert.deepEqual(
    [...importedPackages(text)].sort(),
    ['@b/b', 'a', 'c', 'd', 'e', 'f', 'g', 'h'].sort(),
  );
  assert.equal(packageNameOf('fs/promises'), undefined);
  assert.equal(packageNameOf('@scope/name/deep'), '@scope/name');
});
