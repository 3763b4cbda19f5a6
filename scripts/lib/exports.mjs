// Finds exports that nothing imports: a module's exported name that no other
// module of the repository imports or re-exports, outside a package's entry
// points (its public API, kept by the API reports). Parses with the TypeScript
// compiler so type-only exports and re-export chains count like any other.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const ts = require('typescript');

// Folders that hold no sources to check or to count as importers.
const SKIPPED_FOLDERS = new Set([
  'node_modules',
  'dist',
  'dist-types',
  'coverage',
  '.git',
]);
const SOURCE = /\.(?:ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;
const RESOLVED_EXTENSIONS = ['.ts', '.tsx', '.mts', '.js', '.jsx', '.mjs'];
// Written by generators (OpenAPI router and client): their exports are the generator's.
const GENERATED = /(?:^|\/)(?:generated\/|[^/]*\.generated\.)/;
// Loaded by name, not imported: Jest and knex find these files themselves.
const LOADED_BY_NAME = [
  /\.(?:test|spec)\.[cm]?[jt]sx?$/,
  /(?:^|\/)migrations\/[^/]+\.js$/,
  /(?:^|\/)setupTests\.[jt]s$/,
  /\.d\.ts$/,
];

function sourceFiles(folder, files = []) {
  for (const entry of readdirSync(folder)) {
    if (SKIPPED_FOLDERS.has(entry)) continue;
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) sourceFiles(path, files);
    else if (SOURCE.test(entry)) files.push(path);
  }
  return files;
}

/** The file a relative specifier names, or undefined. */
export function resolveRelative(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [
    base,
    // `./x.js` written for an ES module resolves to x.ts.
    base.replace(/\.[cm]?js$/, ''),
  ];
  for (const candidate of candidates) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    for (const extension of RESOLVED_EXTENSIONS) {
      if (existsSync(candidate + extension)) return candidate + extension;
      const index = join(candidate, `index${extension}`);
      if (existsSync(index)) return index;
    }
  }
  return undefined;
}

const hasExportModifier = node =>
  (ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined)?.some(
    m => m.kind === ts.SyntaxKind.ExportKeyword,
  ) ?? false;
const hasDefaultModifier = node =>
  (ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined)?.some(
    m => m.kind === ts.SyntaxKind.DefaultKeyword,
  ) ?? false;

function bindingNames(name, names = []) {
  if (ts.isIdentifier(name)) names.push(name.text);
  else
    for (const element of name.elements ?? [])
      if (element.name) bindingNames(element.name, names);
  return names;
}

/**
 * What one file exports (name → line) and what it takes from other files:
 * `imports` (file → names, '*' for all of them) and `reexportsAll` (files whose
 * every export it passes on).
 */
export function analyseModule(file, text = readFileSync(file, 'utf8')) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const exported = new Map();
  // Exported interfaces and type aliases: declaration emit needs them exported
  // when an exported signature of the same file names them.
  const types = new Set();
  // Names an `export { … }` list without `from` exports: the list names them once more.
  const listed = new Set();
  // Names passed on from another module or package.
  const reexported = new Set();
  const imports = new Map();
  const reexportsAll = [];
  // Re-exports under another name: exported name → [file, imported name].
  const forwards = new Map();
  const line = node =>
    source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const use = (target, name) => {
    if (!target) return;
    if (!imports.has(target)) imports.set(target, new Set());
    imports.get(target).add(name);
  };
  const relativeTarget = specifier =>
    specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')
      ? resolveRelative(file, specifier.text)
      : undefined;

  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      const target = relativeTarget(statement.moduleSpecifier);
      const clause = statement.importClause;
      if (!target) continue;
      if (!clause)
        use(target, '*'); // side effects only: keeps the file, names nothing
      else {
        if (clause.name) use(target, 'default');
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) use(target, '*');
        else
          for (const element of bindings?.elements ?? [])
            use(target, (element.propertyName ?? element.name).text);
      }
    } else if (ts.isExportDeclaration(statement)) {
      const target = relativeTarget(statement.moduleSpecifier);
      if (!statement.exportClause) {
        if (target) reexportsAll.push(target);
      } else if (ts.isNamespaceExport(statement.exportClause)) {
        exported.set(statement.exportClause.name.text, line(statement));
        use(target, '*');
      } else {
        for (const element of statement.exportClause.elements) {
          const local = (element.propertyName ?? element.name).text;
          exported.set(element.name.text, line(element));
          if (target) forwards.set(element.name.text, [target, local]);
          if (statement.moduleSpecifier) reexported.add(element.name.text);
          else listed.add(local);
        }
      }
    } else if (ts.isExportAssignment(statement)) {
      exported.set('default', line(statement));
    } else if (hasExportModifier(statement)) {
      const names = ts.isVariableStatement(statement)
        ? statement.declarationList.declarations.flatMap(d =>
            bindingNames(d.name),
          )
        : hasDefaultModifier(statement)
        ? ['default']
        : statement.name
        ? [statement.name.text]
        : [];
      const isType =
        ts.isInterfaceDeclaration(statement) ||
        ts.isTypeAliasDeclaration(statement);
      for (const name of names) {
        exported.set(name, line(statement));
        if (isType) types.add(name);
      }
    }
  }
  // import('./x'), require('./x'), jest.mock('./x'): every export may be used.
  const visit = node => {
    if (
      ts.isCallExpression(node) &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0]) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        /^(?:require|jest\.(?:mock|doMock|requireActual|requireMock)|require\.resolve)$/.test(
          node.expression.getText(source),
        ))
    )
      use(relativeTarget(node.arguments[0]), '*');
    ts.forEachChild(node, visit);
  };
  visit(source);
  // How often each name stands in the file, to tell a local use from none.
  const mentions = new Map();
  const count = node => {
    if (ts.isIdentifier(node))
      mentions.set(node.text, (mentions.get(node.text) ?? 0) + 1);
    ts.forEachChild(node, count);
  };
  count(source);
  const usedLocally = name =>
    (mentions.get(name) ?? 0) > (listed.has(name) ? 2 : 1);
  return {
    exported,
    imports,
    reexportsAll,
    forwards,
    reexported,
    types,
    usedLocally,
  };
}

/** The entry files of a package: main, exports and bin (its public API). */
export function entryFiles(packageDir) {
  const manifest = JSON.parse(
    readFileSync(join(packageDir, 'package.json'), 'utf8'),
  );
  const targets = [manifest.main, manifest.types];
  const collect = value => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object')
      Object.values(value).forEach(collect);
  };
  collect(manifest.exports);
  collect(manifest.bin);
  return targets
    .filter(target => typeof target === 'string' && !target.startsWith('dist'))
    .map(target => resolveRelative(join(packageDir, 'x'), `./${target}`))
    .filter(Boolean);
}

/**
 * Every exported name in `packageDirs` that no file under `root` imports,
 * re-exports onwards to a use, or reaches through an entry point.
 * Returns `{ file, name, line }` rows, file relative to root.
 */
export function unusedExports(root, packageDirs) {
  const files = sourceFiles(root);
  const modules = new Map(files.map(file => [file, analyseModule(file)]));
  const used = new Map(files.map(file => [file, new Set()]));
  const pending = [];
  const markUsed = (file, name) => {
    const names = used.get(file);
    if (!names || names.has(name)) return;
    names.add(name);
    pending.push([file, name]);
  };
  const entries = new Set(packageDirs.flatMap(entryFiles));
  for (const entry of entries) markUsed(entry, '*');
  for (const module of modules.values())
    for (const [target, names] of module.imports)
      for (const name of names) markUsed(target, name);
  // A used name of a barrel is used in the module it comes from.
  while (pending.length > 0) {
    const [file, name] = pending.pop();
    const module = modules.get(file);
    if (!module) continue;
    for (const [exportedName, [target, local]] of module.forwards)
      if (name === '*' || name === exportedName) markUsed(target, local);
    for (const target of module.reexportsAll) {
      const targetExports = modules.get(target)?.exported;
      if (name === '*') markUsed(target, '*');
      else if (
        targetExports?.has(name) ||
        modules.get(target)?.reexportsAll.length
      )
        markUsed(target, name);
    }
  }
  const unused = [];
  for (const packageDir of packageDirs) {
    for (const file of files) {
      if (!file.startsWith(packageDir + '/')) continue;
      const path = relative(root, file);
      if (GENERATED.test(path) || LOADED_BY_NAME.some(p => p.test(path)))
        continue;
      const names = used.get(file);
      if (names.has('*')) continue;
      const module = modules.get(file);
      for (const [name, line] of module.exported) {
        if (names.has(name)) continue;
        const forwarded = module.reexported.has(name);
        const local = !forwarded && module.usedLocally(name);
        if (local && module.types.has(name)) continue;
        unused.push({
          file: path,
          name,
          line,
          fix: forwarded
            ? 'nothing imports it from here: drop the re-export'
            : local
            ? 'only its own module uses it: drop `export`'
            : 'nothing uses it: delete it',
        });
      }
    }
  }
  return unused.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

// Unused exports not yet removed, each with why; an entry that is no longer
// unused fails the check too, so the list only shrinks.
export const KNOWN_UNUSED = {
  'plugins/mesh-frontend/src/components/ComplianceCard/index.ts:ComplianceCardProps':
    'mesh-frontend was being edited alongside this check',
  'plugins/mesh-frontend/src/components/FindingsCard/index.ts:FindingsCardProps':
    'mesh-frontend was being edited alongside this check',
  'plugins/mesh-frontend/src/components/SloCard/index.ts:SloCardProps':
    'mesh-frontend was being edited alongside this check',
  'plugins/mesh-frontend/src/components/Waivers/index.ts:waiverObjectRef':
    'mesh-frontend was being edited alongside this check',
  'plugins/mesh-frontend/src/components/Waivers/WaiverRequestButton.tsx:waiverObjectRef':
    'mesh-frontend was being edited alongside this check',
  'plugins/mesh-frontend/src/hooks/useRetriedAsync.ts:isTransient':
    'mesh-frontend was being edited alongside this check',
};
