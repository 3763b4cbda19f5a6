#!/usr/bin/env node
// Fails when a module exports a name that nothing imports (outside a package's
// entry points, which the API reports keep), so dead exports stay gone. The
// rules and the list of known ones: scripts/lib/exports.mjs.
import { fileURLToPath } from 'node:url';
import { workspacePackages } from './lib/dependencies.mjs';
import { KNOWN_UNUSED, unusedExports } from './lib/exports.mjs';

const root = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const rows = unusedExports(root, workspacePackages(root));
const found = new Set(rows.map(row => `${row.file}:${row.name}`));
const problems = rows
  .filter(row => !(`${row.file}:${row.name}` in KNOWN_UNUSED))
  .map(row => `${row.file}:${row.line}: ${row.name}: ${row.fix}`);
for (const key of Object.keys(KNOWN_UNUSED))
  if (!found.has(key))
    problems.push(
      `${key} is used or gone now: remove it from KNOWN_UNUSED in scripts/lib/exports.mjs`,
    );
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(
  `Exports: every export is imported somewhere (${
    Object.keys(KNOWN_UNUSED).length
  } known exceptions in scripts/lib/exports.mjs)`,
);
