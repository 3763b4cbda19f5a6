import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';

// Node's own require, also under jest: it loads the ESM-only model packages
// natively (require(esm), Node 22) instead of through jest's CommonJS resolver,
// which cannot see packages that export only an `import` condition.
const nodeRequire = createRequire(__filename);

/** The folder of an installed package, found without resolving its (ESM-only) entry point. */
function packageDir(name: string): string {
  for (const base of nodeRequire.resolve.paths(name) ?? []) {
    const dir = join(base, name);
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`Package ${name} is not installed`);
}

/** Loads one ESM file of an installed package by its path inside the package. */
export function loadPackageFile<T>(name: string, file: string): T {
  // Module._load is Node's loader itself; jest replaces createRequire but not this.
  return (Module as any)._load(join(packageDir(name), file), null, false) as T;
}
