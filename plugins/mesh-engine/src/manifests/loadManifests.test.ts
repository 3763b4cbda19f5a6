import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  constants,
  mkdtempSync,
  mkdirSync,
  openSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadManifests, STDIN_SOURCE } from './loadManifests';

const namespace = (name: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name} }\n`;

function tempDir() {
  return mkdtempSync(join(tmpdir(), 'meshpath-manifests-'));
}

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
      `Cannot read ${join(dir, 'missing')}: no such file or folder (ENOENT)`,
    ]);
  });

  it('follows symbolic links to files and folders inside the folder, under the name they are reached by first', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'shared'));
    mkdirSync(join(dir, 'deploy'));
    writeFileSync(join(dir, 'shared', 'ns.yaml'), namespace('linked'));
    mkdirSync(join(dir, 'shared', 'more'));
    writeFileSync(join(dir, 'shared', 'more', 'x.yaml'), namespace('folder'));
    symlinkSync('../shared/ns.yaml', join(dir, 'deploy', 'ns.yaml'));
    symlinkSync('../shared/more', join(dir, 'deploy', 'more'));
    const { objects, findings } = await loadManifests([dir]);
    expect(findings).toEqual([]);
    expect(objects.map(o => [o.object.metadata.name, o.source!.file])).toEqual([
      ['folder', join(dir, 'deploy', 'more', 'x.yaml')],
      ['linked', join(dir, 'deploy', 'ns.yaml')],
    ]);
  });

  it('follows linked folders, reads each file once and stops at link cycles', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'base'));
    mkdirSync(join(dir, 'deploy'));
    writeFileSync(join(dir, 'base', 'a.yaml'), namespace('base'));
    writeFileSync(join(dir, 'deploy', 'b.yaml'), namespace('deploy'));
    symlinkSync('../base', join(dir, 'deploy', 'base'));
    symlinkSync('..', join(dir, 'deploy', 'up')); // back to an ancestor: a cycle
    const { objects, findings } = await loadManifests([
      join(dir, 'deploy'),
      dir,
      join(dir, 'base', 'a.yaml'), // named again: still read once
    ]);
    expect(findings.map(f => f.message)).toEqual([
      // deploy/base and deploy/up lead out of deploy/, the first folder given.
      `Cannot read ${join(
        dir,
        'deploy',
        'base',
      )}: symbolic link leading outside ${join(dir, 'deploy')}`,
      `Cannot read ${join(
        dir,
        'deploy',
        'up',
      )}: symbolic link leading outside ${join(dir, 'deploy')}`,
    ]);
    expect(objects.map(o => [o.object.metadata.name, o.source!.file])).toEqual([
      ['deploy', join(dir, 'deploy', 'b.yaml')],
      ['base', join(dir, 'base', 'a.yaml')],
    ]);
    const fromTop = await loadManifests([dir]);
    expect(fromTop.findings).toEqual([]);
    expect(fromTop.objects.map(o => o.source!.file)).toEqual([
      join(dir, 'base', 'a.yaml'),
      join(dir, 'deploy', 'b.yaml'),
    ]);
  });

  it('reports links leading out of the folder given instead of reading the host files', async () => {
    const outside = tempDir();
    writeFileSync(join(outside, 'secret.yaml'), namespace('secret'));
    const dir = tempDir();
    writeFileSync(join(dir, 'ok.yaml'), namespace('ok'));
    symlinkSync(join(outside, 'secret.yaml'), join(dir, 'file.yaml'));
    symlinkSync(outside, join(dir, 'folder'));
    symlinkSync('/', join(dir, 'host'));
    const { objects, findings } = await loadManifests([dir]);
    expect(objects.map(o => o.object.metadata.name)).toEqual(['ok']);
    expect(findings.map(f => [f.code, f.message])).toEqual(
      ['file.yaml', 'folder', 'host'].map(name => [
        'MP0003',
        `Cannot read ${join(dir, name)}: symbolic link leading outside ${dir}`,
      ]),
    );
    // Named on the command line, a link is the user's choice and is followed.
    const named = await loadManifests([join(dir, 'file.yaml')]);
    expect(named.objects.map(o => o.object.metadata.name)).toEqual(['secret']);
  });

  it('reports broken and looping links, and still reads the rest', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ok.yaml'), namespace('ok'));
    symlinkSync(join(dir, 'gone.yaml'), join(dir, 'broken.yaml'));
    symlinkSync('loop', join(dir, 'loop')); // fails as root too: ELOOP
    const { objects, findings } = await loadManifests([dir]);
    expect(objects.map(o => o.object.metadata.name)).toEqual(['ok']);
    expect(findings.map(f => [f.code, f.severity, f.message])).toEqual([
      [
        'MP0003',
        'error',
        `Cannot read ${join(
          dir,
          'broken.yaml',
        )}: symbolic link to a missing target (ENOENT)`,
      ],
      [
        'MP0003',
        'error',
        `Cannot read ${join(dir, 'loop')}: symbolic links form a loop (ELOOP)`,
      ],
    ]);
  });

  it('reads a FIFO given by name as a stream, e.g. <(kustomize build)', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'built');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // A writer in another process: opening a FIFO blocks until both ends are open.
    const writer = spawn('sh', [
      '-c',
      `printf '%s' "$0" > "${fifo}"`,
      namespace('piped'),
    ]);
    const written = new Promise(resolve => writer.on('close', resolve));
    const { objects, findings } = await loadManifests([fifo]);
    // Opening the read end unblocks a writer still waiting, had nothing read the FIFO.
    closeSync(openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK));
    expect(await written).toBe(0);
    expect(findings).toEqual([]);
    expect(objects.map(o => [o.object.metadata.name, o.source])).toEqual([
      ['piped', { file: fifo, line: 1 }],
    ]);
  });

  it('reports a socket named like a manifest instead of skipping it, and reads the rest', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), namespace('a'));
    const socket = join(dir, 'b.yaml');
    const server = createServer();
    await new Promise<void>(resolve => server.listen(socket, resolve));
    try {
      const inFolder = await loadManifests([dir]);
      expect(inFolder.objects.map(o => o.object.metadata.name)).toEqual(['a']);
      expect(inFolder.findings.map(f => f.message)).toEqual([
        `Cannot read ${socket}: not a regular file (a FIFO or device is read only when given by name)`,
      ]);
      // Given by name it is opened, which fails for a socket even as root.
      const byName = await loadManifests([socket]);
      expect(byName.findings.map(f => [f.code, f.message])).toEqual([
        [
          'MP0003',
          expect.stringMatching(new RegExp(`^Cannot read ${socket}: `)),
        ],
      ]);
    } finally {
      await new Promise(resolve => server.close(resolve));
    }
  });

  it('reads - from the given stdin, once, under the name <stdin>', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.yaml'), namespace('file'));
    const piped = namespace('in');
    const { objects, findings } = await loadManifests(['-', dir, '-'], {
      // In two chunks, as a pipe delivers them.
      stdin: Readable.from([Buffer.from(piped.slice(0, 9)), piped.slice(9)]),
    });
    expect(findings).toEqual([]);
    expect(objects.map(o => [o.object.metadata.name, o.source])).toEqual([
      ['in', { file: STDIN_SOURCE, line: 1 }],
      ['file', { file: join(dir, 'a.yaml'), line: 1 }],
    ]);
  });
});
