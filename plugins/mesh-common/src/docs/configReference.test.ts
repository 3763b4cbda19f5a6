import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every key each Meshpath plugin declares in its config.d.ts has a row in its
// README's configuration table, and every row names a declared key, so the two
// cannot drift. The schema is the one the Backstage CLI derives from config.d.ts.

const repositoryRoot = join(__dirname, '..', '..', '..', '..');

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
}

/** Dotted paths of the leaves: `[]` for array items, `*` for any key of a map. */
function configKeys(schema: JsonSchema, path = ''): string[] {
  const children: Array<[string, JsonSchema]> = [];
  if (schema.properties) {
    for (const [name, child] of Object.entries(schema.properties))
      children.push([path ? `${path}.${name}` : name, child]);
  }
  if (
    typeof schema.additionalProperties === 'object' &&
    Object.keys(schema.additionalProperties).length > 0
  )
    children.push([`${path}.*`, schema.additionalProperties]);
  if (schema.type === 'array' && schema.items?.properties)
    children.push([`${path}[]`, schema.items]);
  if (children.length === 0) return [path];
  return children.flatMap(([childPath, child]) => configKeys(child, childPath));
}

/** Keys in the first column of the README's tables headed `| Key |`, as `mesh.…`. */
function documentedKeys(readme: string): string[] {
  const keys: string[] = [];
  let inKeyTable = false;
  for (const line of readme.split('\n')) {
    if (!line.startsWith('|')) {
      inKeyTable = false;
      continue;
    }
    if (/^\|\s*Key\s*\|/.test(line)) inKeyTable = true;
    const key = /^\|\s*`(mesh\.[^`]+)`\s*\|/.exec(line);
    if (inKeyTable && key) keys.push(key[1]);
  }
  return keys;
}

interface PluginWithConfig {
  folder: string;
  name: string;
}

function pluginsWithConfig(): PluginWithConfig[] {
  const plugins = join(repositoryRoot, 'plugins');
  return readdirSync(plugins)
    .filter(folder => existsSync(join(plugins, folder, 'package.json')))
    .map(folder => ({
      folder,
      manifest: JSON.parse(
        readFileSync(join(plugins, folder, 'package.json'), 'utf8'),
      ),
    }))
    .filter(({ manifest }) => manifest.configSchema)
    .map(({ folder, manifest }) => ({ folder, name: manifest.name }));
}

/** The schema the Backstage CLI derives from a package's config.d.ts. */
function derivedSchema(plugin: PluginWithConfig): JsonSchema {
  const directory = mkdtempSync(join(tmpdir(), 'meshpath-config-schema-'));
  const output = join(directory, 'schema.json');
  // To a file: the CLI exits right after writing, which can cut a pipe short.
  const fd = openSync(output, 'w');
  try {
    execFileSync(
      process.execPath,
      [
        require.resolve('@backstage/cli/bin/backstage-cli'),
        'config:schema',
        '--package',
        plugin.name,
        '--no-merge',
        '--format',
        'json',
      ],
      { cwd: repositoryRoot, stdio: ['ignore', fd, 'pipe'] },
    );
    const { schemas } = JSON.parse(readFileSync(output, 'utf8')) as {
      schemas: Array<{ path: string; value: JsonSchema }>;
    };
    const own = schemas.find(
      s => s.path === `plugins/${plugin.folder}/config.d.ts`,
    );
    if (!own) throw new Error(`No schema of plugins/${plugin.folder}`);
    return own.value;
  } finally {
    closeSync(fd);
    rmSync(directory, { recursive: true, force: true });
  }
}

describe('configuration keys in the READMEs', () => {
  it('finds leaves through objects, maps and arrays of objects', () => {
    expect(
      configKeys({
        type: 'object',
        properties: {
          mesh: {
            type: 'object',
            properties: {
              a: { type: 'string' },
              list: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { b: { type: 'number' } },
                },
              },
              names: { type: 'array', items: { type: 'string' } },
              map: {
                type: 'object',
                additionalProperties: { type: 'string' },
              },
            },
          },
        },
      }),
    ).toEqual(['mesh.a', 'mesh.list[].b', 'mesh.names', 'mesh.map.*']);
    expect(
      documentedKeys(
        [
          '| Permission | What |',
          '| `mesh.waiver.request` | not a key |',
          '',
          '| Key | What |',
          '| --- | ---- |',
          '| `mesh.a` | x |',
          '| other | `mesh.b` |',
          '',
          '`mesh.c`',
        ].join('\n'),
      ),
    ).toEqual(['mesh.a']);
  });

  const plugins = pluginsWithConfig();

  it('covers every plugin with a config.d.ts', () => {
    expect(plugins.map(p => p.folder).sort()).toEqual(
      expect.arrayContaining([
        'mesh-backend',
        'mesh-common',
        'permission-backend-module-mesh',
      ]),
    );
  });

  it.each(plugins.map(plugin => [plugin.folder, plugin]))(
    'plugins/%s/README.md documents exactly the keys of its config.d.ts',
    (_folder, plugin) => {
      const declared = configKeys(derivedSchema(plugin));
      const readme = readFileSync(
        join(repositoryRoot, 'plugins', plugin.folder, 'README.md'),
        'utf8',
      );
      const documented = documentedKeys(readme);
      const missing = declared.filter(key => !documented.includes(key));
      const stale = documented.filter(key => !declared.includes(key));
      expect({ missing, stale }).toEqual({ missing: [], stale: [] });
    },
    120_000,
  );
});
