// Finds declared dependencies a workspace package never uses, and packages it
// imports without declaring. Node built-ins only, so the check needs no install.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join, relative, extname, resolve } from 'node:path';

// Folders that hold no sources of the package itself.
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  'dist',
  'dist-types',
  'coverage',
  '__fixtures__',
]);
const SOURCE_EXTENSIONS = new Set([
  '.ts',
  '.tsx',
  '.js',
  '.jsx',
  '.mjs',
  '.cjs',
  '.mts',
  '.cts',
]);

// Used without an import the scanner can see; each entry says who loads it.
export const IMPLICITLY_USED = {
  // knex loads the database driver named by `client`, in the portal and in TestDatabases.
  'better-sqlite3': 'loaded by knex for the `better-sqlite3` client',
  pg: 'loaded by knex for the `pg` client',
  // The app backend serves the frontend bundle of the package it finds by name.
  app: 'served by @backstage/plugin-app-backend (appPackageName)',
};

// Per package: implicitly used dependencies that only make sense there.
export const IMPLICITLY_USED_IN = {
  // Builds better-sqlite3 when no prebuilt binary fits (as Backstage's create-app template does).
  backend: { 'node-gyp': 'builds better-sqlite3 from source' },
  // The schema validators are loaded by package and file name (src/schema/validators.ts).
  '@meshpath/mesh-engine': {
    'kubernetes-models': 'validators loaded by name',
    '@kubernetes-models/istio': 'validators loaded by name',
    '@kubernetes-models/gateway-api': 'validators loaded by name',
    '@kubernetes-models/prometheus-operator': 'validators loaded by name',
  },
};

// The toolchain: production files may load it in a checkout (bin/meshpath runs sources through its transform).
const TOOLCHAIN = new Set(['@backstage/cli']);

const SPECIFIER_PATTERNS = [
  // import x from 'm'; export { x } from 'm'; import type { X } from 'm'
  /\bfrom\s*['"]([^'"\n]+)['"]/g,
  // import 'm' (side effects only)
  /(?:^|[;\s])import\s*['"]([^'"\n]+)['"]/g,
  // require('m'), import('m'), require.resolve('m'), jest.mock('m'), jest.requireActual('m')
  /\b(?:require(?:\.resolve)?|import|jest\.(?:mock|doMock|requireActual|requireMock))\s*\(\s*['"]([^'"\n]+)['"]/g,
  // /// <reference types="m" />
  /\/\/\/\s*<reference\s+types\s*=\s*['"]([^'"\n]+)['"]/g,
];

const BUILTINS = new Set(builtinModules);

/** The package a module specifier names, or undefined for relative paths and Node built-ins. */
export function packageNameOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  if (specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@')
    ? parts.slice(0, 2).join('/')
    : parts[0];
  if (BUILTINS.has(name)) return undefined;
  if (!/^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name)) return undefined;
  return name;
}

/** Every package named by an import, export, require or reference in the text. */
export function importedPackages(text) {
  const names = new Set();
  for (const pattern of SPECIFIER_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const name = packageNameOf(match[1]);
      if (name) names.add(name);
    }
  }
  return names;
}

function sourceFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) {
        files.push(...sourceFiles(path));
      }
    } else if (SOURCE_EXTENSIONS.has(extname(entry.name))) {
      files.push(path);
    } else if (!extname(entry.name) && isNodeScript(path)) {
      // bin/ entry points without an extension
      files.push(path);
    } else if (entry.name === '.eslintrc.js') {
      files.push(path);
    }
  }
  return files;
}

function isNodeScript(path) {
  const head = readFileSync(path, 'utf8').slice(0, 64);
  return /^#!.*\bnode\b/.test(head);
}

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

// The manifest of a dependency as the package resolves it, or undefined if not installed.
function dependencyManifest(packageDir, name) {
  const require = createRequire(join(packageDir, 'package.json'));
  let dir = packageDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name, 'package.json');
    if (existsSync(candidate)) return readJson(candidate);
    const parent = join(dir, '..');
    if (parent === dir) break;
    dir = parent;
  }
  try {
    return readJson(require.resolve(`${name}/package.json`));
  } catch {
    return undefined;
  }
}

function binNames(manifest, name) {
  if (!manifest?.bin) return [];
  if (typeof manifest.bin === 'string') return [name.replace(/^@[^/]+\//, '')];
  return Object.keys(manifest.bin);
}

// @types/foo types foo; @types/scope__name types @scope/name.
function typedPackage(name) {
  const bare = name.slice('@types/'.length);
  return bare.includes('__') ? `@${bare.replace('__', '/')}` : bare;
}

// Files that only tests, benchmarks or tooling load: what they import belongs in devDependencies.
const DEVELOPMENT_FILE =
  /(^|\/)(__testUtils__|__fixtures__|__mocks__|bench|e2e-tests|dev|scripts)\/|\.(test|e2e|bench)\.[cm]?[jt]sx?$|(^|\/)setupTests\.[jt]s$|(^|\/)\.eslintrc\.js$/;

/** Adds to names the declared peers of each declared name in it, until nothing changes. */
function withPeers(packageDir, names, declared) {
  const closed = new Set(names);
  const pending = [...closed];
  while (pending.length > 0) {
    const name = pending.pop();
    if (!declared.has(name)) continue;
    const manifest = dependencyManifest(packageDir, name);
    for (const peer of Object.keys(manifest?.peerDependencies ?? {})) {
      if (declared.has(peer) && !closed.has(peer)) {
        closed.add(peer);
        pending.push(peer);
      }
    }
  }
  for (const name of declared) {
    if (name.startsWith('@types/') && closed.has(typedPackage(name))) {
      closed.add(name);
    }
  }
  return closed;
}

/**
 * The dependency problems of one workspace package:
 * `unused`: declared in dependencies or devDependencies, used by nothing;
 * `testOnly`: in dependencies, but only tests, benchmarks or tooling use it;
 * `undeclared`: imported, but not declared at all;
 * `developmentOnly`: imported by production code, but declared only in devDependencies.
 */
export function checkPackage(packageDirectory) {
  const packageDir = resolve(packageDirectory);
  const manifest = readJson(join(packageDir, 'package.json'));
  const runtime = Object.keys(manifest.dependencies ?? {});
  const development = Object.keys(manifest.devDependencies ?? {});
  const peers = Object.keys(manifest.peerDependencies ?? {});
  const declared = new Set([...runtime, ...development, ...peers]);

  // Package name -> the first file that imports it, for production and development files.
  const productionImports = new Map();
  const developmentImports = new Map();
  for (const file of sourceFiles(packageDir)) {
    const path = relative(packageDir, file).split('\\').join('/');
    const imports = DEVELOPMENT_FILE.test(path)
      ? developmentImports
      : productionImports;
    const text = readFileSync(file, 'utf8');
    const names = importedPackages(text);
    // The automatic JSX runtime imports react/jsx-runtime from every .tsx file.
    if (/\.[jt]sx$/.test(path)) names.add('react');
    for (const name of names) {
      if (!imports.has(name)) imports.set(name, path);
    }
  }

  const scriptWords = new Set(
    Object.values(manifest.scripts ?? {}).flatMap(script =>
      script.split(/[\s=;&|()'"]+/),
    ),
  );
  const allowed = {
    ...IMPLICITLY_USED,
    ...(IMPLICITLY_USED_IN[manifest.name] ?? {}),
  };
  const loadedByName = [...declared].filter(name => {
    if (allowed[name]) return true;
    // Named in a package.json script: as a command it provides, or as a module.
    const bins = binNames(dependencyManifest(packageDir, name), name);
    return (
      bins.some(bin => scriptWords.has(bin)) ||
      [...scriptWords].some(word => packageNameOf(word) === name)
    );
  });

  const usedInProduction = withPeers(
    packageDir,
    [...productionImports.keys(), ...loadedByName],
    declared,
  );
  const used = withPeers(
    packageDir,
    [...usedInProduction, ...developmentImports.keys()],
    declared,
  );

  const unused = [...runtime, ...development]
    .filter(name => !used.has(name))
    .sort();
  const testOnly = runtime
    .filter(name => used.has(name) && !usedInProduction.has(name))
    .sort();
  const undeclared = [...productionImports, ...developmentImports]
    .filter(([name]) => name !== manifest.name && !declared.has(name))
    .map(([name, file]) => ({ name, file }));
  const developmentOnly = [...productionImports]
    .filter(
      ([name]) =>
        development.includes(name) &&
        !TOOLCHAIN.has(name) &&
        !runtime.includes(name) &&
        !peers.includes(name),
    )
    .map(([name, file]) => ({ name, file }));
  return {
    name: manifest.name,
    unused,
    testOnly,
    undeclared: uniqueByName(undeclared),
    developmentOnly,
  };
}

function uniqueByName(entries) {
  const byName = new Map();
  for (const entry of entries) {
    if (!byName.has(entry.name)) byName.set(entry.name, entry);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The workspace package folders of the repository at root. */
export function workspacePackages(root) {
  const { workspaces = [] } = readJson(join(root, 'package.json'));
  return workspaces.flatMap(pattern => {
    if (!pattern.endsWith('/*')) return [join(root, pattern)];
    const parent = join(root, pattern.slice(0, -2));
    return readdirSync(parent)
      .map(name => join(parent, name))
      .filter(dir => statSync(dir).isDirectory())
      .filter(dir => existsSync(join(dir, 'package.json')));
  });
}
