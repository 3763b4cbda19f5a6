import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadManifests } from './loadManifests';

describe('loadManifests', () => {
  it('reads YAML files from folders recursively, in a stable order, and skips other files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshpath-manifests-'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(
      join(dir, 'b', 'two.yml'),
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: two }\n',
    );
    writeFileSync(
      join(dir, 'a.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: one }\n',
    );
    writeFileSync(join(dir, 'README.md'), '# not a manifest');
    const { objects, findings } = await loadManifests([dir]);
    expect(findings).toEqual([]);
    expect(objects.map(o => o.object.metadata.name)).toEqual(['one', 'two']);
    expect(objects[1].source).toEqual({
      file: join(dir, 'b', 'two.yml'),
      line: 1,
    });
  });

  it('reports a path that does not exist and goes on with the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'meshpath-manifests-'));
    writeFileSync(
      join(dir, 'a.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata: { name: one }\n',
    );
    const { objects, findings } = await loadManifests([
      join(dir, 'missing'),
      dir,
    ]);
    expect(objects).toHaveLength(1);
    expect(findings.map(f => f.message)).toEqual([
      `Cannot read ${join(dir, 'missing')}: ENOENT`,
    ]);
  });
});
