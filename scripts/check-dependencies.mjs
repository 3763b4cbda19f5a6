#!/usr/bin/env node
// Fails when a workspace package declares a dependency it never uses, or imports
// one it does not declare (or declares only for development), so removed
// dependencies stay removed. The rules and the allow-list: scripts/lib/dependencies.mjs.
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPackage, workspacePackages } from './lib/dependencies.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const problems = [];
for (const dir of workspacePackages(root)) {
  const { name, unused, testOnly, undeclared, developmentOnly } =
    checkPackage(dir);
  const manifest = `${relative(root, dir)}/package.json`;
  for (const dependency of unused) {
    problems.push(
      `${manifest}: ${dependency} is declared but nothing in ${name} uses it; remove it (if something loads it by name, add it to the allow-list in scripts/lib/dependencies.mjs with the reason)`,
    );
  }
  for (const dependency of testOnly) {
    problems.push(
      `${manifest}: ${dependency} is in dependencies but only tests, benchmarks or tooling use it; move it to devDependencies`,
    );
  }
  for (const { name: dependency, file } of undeclared) {
    problems.push(
      `${manifest}: ${dependency} is imported by ${file} but not declared; add it`,
    );
  }
  for (const { name: dependency, file } of developmentOnly) {
    problems.push(
      `${manifest}: ${dependency} is imported by production code (${file}) but declared only in devDependencies; move it to dependencies`,
    );
  }
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(
  'Dependencies: every declared dependency is used, every import is declared',
);
