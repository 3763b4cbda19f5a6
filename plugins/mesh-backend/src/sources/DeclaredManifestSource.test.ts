import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { startFakeGithub, tarballOf } from '@internal/test-stand-ins';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import {
  DeclaredManifestOptions,
  DeclaredManifestSource,
} from './DeclaredManifestSource';

/** Text that must never come back to a reader of the entity. */
const SECRET = 'hunter2-s3cr3t-token';

const manifest = (kind: string, name = 'checkout') =>
  stringify({
    apiVersion: 'networking.istio.io/v1',
    kind,
    metadata: { name },
    spec: {},
  });

/** An entity as the catalog stores it: the location annotations are the catalog's own. */
const entity = (annotations: Record<string, string>) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', annotations },
});

/** Everything the source returned, as a reader of the entity would see it. */
const visible = (result: unknown) => JSON.stringify(result);

describe('DeclaredManifestSource', () => {
  let root: string;
  /** The folder a catalog file location lives in, allowed by config. */
  let repo: string;
  /** A folder next to it, not allowed, holding a credentials file. */
  let outside: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'meshpath-declared-'));
    repo = join(root, 'repo');
    outside = join(root, 'outside');
    await mkdir(join(repo, 'mesh', 'policies'), { recursive: true });
    await mkdir(outside, { recursive: true });
    await writeFile(
      join(repo, 'mesh', 'virtualservice.yaml'),
      [manifest('VirtualService'), manifest('DestinationRule')].join('---\n'),
    );
    await writeFile(
      join(repo, 'mesh', 'policies', 'peer.yaml'),
      manifest('PeerAuthentication'),
    );
    await writeFile(join(repo, 'mesh', 'README.md'), '# not a manifest');
    // Invalid YAML whose parser excerpt would show the secret.
    await writeFile(
      join(outside, 'creds.yaml'),
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  password: "${SECRET}\n`,
    );
    await writeFile(
      join(outside, 'token.yaml'),
      stringify({
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: SECRET },
      }),
    );
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const fileEntity = (folder: string, extra: Record<string, string> = {}) =>
    entity({
      'meshpath.io/manifests': folder,
      'backstage.io/managed-by-location': `file:${join(
        repo,
        'catalog-info.yaml',
      )}`,
      ...extra,
    });

  const localSource = (options: Partial<DeclaredManifestOptions> = {}) =>
    new DeclaredManifestSource(mockServices.urlReader.mock(), {
      allowedDirectories: [repo],
      ...options,
    });

  describe('file: locations', () => {
    it('reads every manifest of the folder, reporting the unreadable file and keeping the rest', async () => {
      await writeFile(
        join(repo, 'mesh', 'policies', 'broken.yaml'),
        'kind: [unclosed\n',
      );
      const result = await localSource().read(fileEntity('./mesh'));
      expect(result!.objects.map(o => o.kind).sort()).toEqual([
        'DestinationRule',
        'PeerAuthentication',
        'VirtualService',
      ]);
      expect(result!.errors).toEqual([
        {
          source: 'git',
          message: expect.stringMatching(
            /^policies\/broken.yaml: not valid YAML at line \d+/,
          ),
        },
      ]);
    });

    it('returns undefined without the annotation and an error when the folder is missing', async () => {
      const source = localSource();
      expect(await source.read(entity({}))).toBeUndefined();
      const missing = await source.read(fileEntity('./nope'));
      expect(missing).toEqual({
        objects: [],
        errors: [
          {
            source: 'git',
            message: expect.stringContaining(
              './nope: the folder does not exist',
            ),
          },
        ],
      });
    });

    it('reports a folder without manifests instead of reading it as none', async () => {
      await mkdir(join(repo, 'docs'));
      await writeFile(join(repo, 'docs', 'README.md'), '# no manifests');
      expect(await localSource().read(fileEntity('docs'))).toEqual({
        objects: [],
        sourced: [],
        errors: [
          {
            source: 'git',
            message: 'docs: no .yaml or .yml files in the folder',
          },
        ],
      });
    });

    it('refuses an absolute path', async () => {
      const result = await localSource({
        allowedDirectories: [root],
      }).read(fileEntity(outside));
      expect(result!.objects).toEqual([]);
      expect(result!.errors).toEqual([
        {
          source: 'git',
          message: expect.stringContaining('must be a relative path'),
        },
      ]);
      expect(visible(result)).not.toContain(SECRET);
    });

    it.each(['../outside', 'mesh/../../outside', './mesh/..', '..\\outside'])(
      'refuses %s, which leaves the entity folder',
      async folder => {
        const result = await localSource({
          allowedDirectories: [root],
        }).read(fileEntity(folder));
        expect(result!.objects).toEqual([]);
        expect(result!.errors).toEqual([
          { source: 'git', message: expect.stringContaining('refused') },
        ]);
        expect(visible(result)).not.toContain(SECRET);
      },
    );

    it('ignores a backstage.io/source-location pointing elsewhere: the folder resolves against where the catalog read the entity', async () => {
      const result = await localSource({
        allowedDirectories: [root],
      }).read(
        fileEntity('.', {
          'backstage.io/source-location': `file:${outside}/`,
        }),
      );
      expect(visible(result)).not.toContain(SECRET);
      expect(result!.objects.map(o => o.kind)).not.toContain('Secret');
    });

    it('reads nothing outside the configured directories', async () => {
      const outsideEntity = entity({
        'meshpath.io/manifests': '.',
        'backstage.io/managed-by-location': `file:${join(
          outside,
          'catalog-info.yaml',
        )}`,
      });
      const result = await localSource().read(outsideEntity);
      expect(result).toEqual({
        objects: [],
        errors: [
          {
            source: 'git',
            message: expect.stringContaining(
              'mesh.declaredManifests.allowedDirectories',
            ),
          },
        ],
      });
      expect(visible(result)).not.toContain(SECRET);
    });

    it('reads nothing from disk when no directory is configured', async () => {
      const source = new DeclaredManifestSource(mockServices.urlReader.mock());
      const result = await source.read(fileEntity('./mesh'));
      expect(result).toEqual({
        objects: [],
        errors: [
          {
            source: 'git',
            message: expect.stringMatching(
              /no mesh.declaredManifests.allowedDirectories are configured/,
            ),
          },
        ],
      });
    });

    it('does not follow symbolic links out of the folder', async () => {
      await symlink(
        join(outside, 'token.yaml'),
        join(repo, 'mesh', 'token.yaml'),
      );
      await symlink(outside, join(repo, 'mesh', 'linked'));
      await symlink(
        join(repo, 'mesh', 'virtualservice.yaml'),
        join(repo, 'mesh', 'policies', 'same.yaml'),
      );
      const result = await localSource().read(fileEntity('mesh'));
      expect(visible(result)).not.toContain(SECRET);
      // A link inside the folder is read.
      expect(result!.objects.map(o => o.kind).sort()).toEqual([
        'DestinationRule',
        'DestinationRule',
        'PeerAuthentication',
        'VirtualService',
        'VirtualService',
      ]);
      expect(result!.errors).toEqual([
        {
          source: 'git',
          message: 'linked: a symbolic link out of the folder, not read',
        },
        {
          source: 'git',
          message: 'token.yaml: a symbolic link out of the folder, not read',
        },
      ]);
    });

    it('refuses a manifests folder that is itself a link out of the entity folder', async () => {
      await symlink(outside, join(repo, 'escape'));
      const result = await localSource().read(fileEntity('escape'));
      expect(result).toEqual({
        objects: [],
        errors: [
          {
            source: 'git',
            message: expect.stringContaining('leaves the entity folder'),
          },
        ],
      });
    });

    it('stops at the configured number of files and reports it', async () => {
      const result = await localSource({ maxFiles: 2 }).read(
        fileEntity('mesh'),
      );
      // Files are taken in path order: policies/peer.yaml, virtualservice.yaml.
      expect(result!.objects.map(o => o.kind)).toEqual([
        'PeerAuthentication',
        'VirtualService',
        'DestinationRule',
      ]);
      await writeFile(join(repo, 'mesh', 'z.yaml'), manifest('Sidecar'));
      const over = await localSource({ maxFiles: 2 }).read(fileEntity('mesh'));
      expect(over!.objects.map(o => o.kind)).not.toContain('Sidecar');
      expect(over!.errors).toEqual([
        {
          source: 'git',
          message:
            'More than 2 manifest files; z.yaml and any after it were not read',
        },
      ]);
    });

    it('skips a file over the size limit and stops at the total limit', async () => {
      await writeFile(
        join(repo, 'mesh', 'big.yaml'),
        `${manifest('Gateway')}# ${'x'.repeat(5000)}\n`,
      );
      const result = await localSource({ maxFileBytes: 1000 }).read(
        fileEntity('mesh'),
      );
      expect(result!.objects.map(o => o.kind)).not.toContain('Gateway');
      expect(result!.objects).toHaveLength(3);
      expect(result!.errors).toEqual([
        {
          source: 'git',
          message: 'big.yaml: larger than 1000 bytes, not read',
        },
      ]);

      const total = await localSource({ maxTotalBytes: 300 }).read(
        fileEntity('mesh'),
      );
      expect(total!.errors).toContainEqual({
        source: 'git',
        message: expect.stringMatching(
          /^More than 300 bytes of manifests; .+ and any after it were not read$/,
        ),
      });
      expect(total!.objects.length).toBeLessThan(3);
    });

    it('never puts file contents in its errors', async () => {
      await writeFile(
        join(repo, 'mesh', 'quote.yaml'),
        `apiVersion: v1\nkind: Secret\nmetadata:\n  name: creds\nstringData:\n  password: "${SECRET}\n`,
      );
      await writeFile(
        join(repo, 'mesh', 'alias.yaml'),
        `apiVersion: v1\nkind: Secret\nmetadata:\n  name: *${SECRET}\n`,
      );
      await writeFile(
        join(repo, 'mesh', 'duplicate.yaml'),
        `apiVersion: v1\nkind: Secret\nmetadata: {name: a}\ndata: {${SECRET}: 1, ${SECRET}: 2}\n`,
      );
      await writeFile(
        join(repo, 'mesh', 'notobject.yaml'),
        `${SECRET}: true\n`,
      );
      const result = await localSource().read(fileEntity('mesh'));
      expect(visible(result!.errors)).not.toContain(SECRET);
      // The other files are still read.
      expect(result!.objects.map(o => o.kind)).toContain('VirtualService');
      expect(result!.errors.map(e => e.message).sort()).toEqual([
        expect.stringMatching(/^alias.yaml: not valid YAML/),
        expect.stringMatching(/^duplicate.yaml: not valid YAML at line 4/),
        expect.stringMatching(/^notobject.yaml: .*not a Kubernetes object/),
        expect.stringMatching(/^quote.yaml: not valid YAML at line \d+/),
      ]);
    });
  });

  describe('repository locations, through the real URL readers and a local stand-in for GitHub', () => {
    let github: Awaited<ReturnType<typeof startFakeGithub>>;
    let checkout: string;

    beforeEach(async () => {
      // The entity's repository, acme/checkout, as GitHub would serve its tarball.
      checkout = join(root, 'checkout');
      await mkdir(join(checkout, 'deploy', 'mesh'), { recursive: true });
      await writeFile(join(checkout, 'catalog-info.yaml'), '# the entity');
      await writeFile(
        join(checkout, 'deploy', 'mesh', 'vs.yaml'),
        manifest('VirtualService'),
      );
      await writeFile(
        join(checkout, 'deploy', 'mesh', 'dr.yaml'),
        manifest('DestinationRule'),
      );
      await writeFile(join(checkout, 'creds.yaml'), `password: "${SECRET}\n`);
    });
    afterEach(() => github?.stop());

    const serve = async () => {
      github = await startFakeGithub('acme', 'checkout', {
        tarball: await tarballOf(checkout, 'acme-checkout-c0ffee0'),
      });
      return UrlReaders.default({
        config: new ConfigReader({
          integrations: {
            github: [
              {
                host: 'github.com',
                apiBaseUrl: github.apiBaseUrl,
                token: 'test-token',
              },
            ],
          },
        }),
        logger: mockServices.logger.mock(),
      });
    };

    const urlEntity = (folder: string, extra: Record<string, string> = {}) =>
      entity({
        'meshpath.io/manifests': folder,
        'backstage.io/managed-by-location':
          'url:https://github.com/acme/checkout/blob/main/catalog-info.yaml',
        ...extra,
      });

    it('reads the folder of the repository the entity came from', async () => {
      const source = new DeclaredManifestSource(await serve());
      const result = await source.read(urlEntity('deploy/mesh'));
      expect(result).toEqual({
        objects: [
          expect.objectContaining({ kind: 'DestinationRule' }),
          expect.objectContaining({ kind: 'VirtualService' }),
        ],
        // The same objects, each with the file (relative to the folder) and line it starts at.
        sourced: [
          {
            object: result!.objects[0],
            source: {
              file: expect.stringMatching(/\.ya?ml$/),
              line: expect.any(Number),
            },
          },
          {
            object: result!.objects[1],
            source: {
              file: expect.stringMatching(/\.ya?ml$/),
              line: expect.any(Number),
            },
          },
        ],
        errors: [],
      });
      expect(github.record.unexpected).toEqual([]);
    });

    it('reports a folder the repository does not have', async () => {
      const source = new DeclaredManifestSource(await serve());
      expect(await source.read(urlEntity('deploy/nope'))).toEqual({
        objects: [],
        sourced: [],
        errors: [
          {
            source: 'git',
            message: 'deploy/nope: no .yaml or .yml files in the folder',
          },
        ],
      });
    });

    it('ignores a backstage.io/source-location in another repository', async () => {
      const source = new DeclaredManifestSource(await serve());
      const result = await source.read(
        urlEntity('deploy/mesh', {
          'backstage.io/source-location':
            'url:https://github.com/acme/secrets/tree/main/',
        }),
      );
      expect(github.record.unexpected).toEqual([]);
      expect(result!.objects).toHaveLength(2);
    });

    it.each([
      'https://github.com/acme/secrets/tree/main/mesh',
      '//github.com/acme/secrets/tree/main/mesh',
      '/acme/secrets/tree/main/mesh',
      '../../../secrets/tree/main/mesh',
      'deploy/../../../../secrets/tree/main',
      'deploy/%2e%2e/%2e%2e/x',
      'deploy/mesh?ref=other',
    ])('refuses %s without asking the Git host', async folder => {
      const source = new DeclaredManifestSource(await serve());
      const result = await source.read(urlEntity(folder));
      expect(result).toEqual({
        objects: [],
        errors: [
          { source: 'git', message: expect.stringContaining('refused') },
        ],
      });
      expect(github.record.unexpected).toEqual([]);
    });

    it('refuses a location whose path is in its query', async () => {
      const source = new DeclaredManifestSource(await serve());
      const result = await source.read(
        entity({
          'meshpath.io/manifests': 'mesh',
          'backstage.io/managed-by-location':
            'url:https://dev.azure.com/acme/shop/_git/checkout?path=/catalog-info.yaml',
        }),
      );
      expect(result!.errors[0].message).toContain('not supported');
    });

    it('keeps the file and size limits on repository reads', async () => {
      await writeFile(
        join(checkout, 'deploy', 'mesh', 'big.yaml'),
        `${manifest('Gateway')}# ${'x'.repeat(5000)}\n`,
      );
      const urlReader = await serve();
      const sized = await new DeclaredManifestSource(urlReader, {
        maxFileBytes: 1000,
      }).read(urlEntity('deploy/mesh'));
      expect(sized!.objects.map(o => o.kind)).toEqual([
        'DestinationRule',
        'VirtualService',
      ]);
      expect(sized!.errors).toEqual([
        {
          source: 'git',
          message: 'big.yaml: larger than 1000 bytes, not read',
        },
      ]);

      const counted = await new DeclaredManifestSource(urlReader, {
        maxFiles: 1,
      }).read(urlEntity('deploy/mesh'));
      expect(counted!.objects).toHaveLength(1);
      expect(counted!.errors).toEqual([
        {
          source: 'git',
          message: expect.stringMatching(
            /^More than 1 manifest files; .+ and any after it were not read$/,
          ),
        },
      ]);
    });

    it('never puts file contents in its errors', async () => {
      await writeFile(
        join(checkout, 'deploy', 'mesh', 'creds.yaml'),
        `password: "${SECRET}\n`,
      );
      const source = new DeclaredManifestSource(await serve());
      const result = await source.read(urlEntity('deploy/mesh'));
      expect(result!.objects).toHaveLength(2);
      expect(result!.errors).toEqual([
        {
          source: 'git',
          message: expect.stringMatching(/^creds.yaml: not valid YAML at line/),
        },
      ]);
      expect(visible(result)).not.toContain(SECRET);
    });

    it('gives up on a Git host that does not answer', async () => {
      // A host that accepts connections and never replies.
      const sockets: Socket[] = [];
      const silent = createServer(socket => sockets.push(socket));
      await new Promise<void>(resolve =>
        silent.listen(0, '127.0.0.1', resolve),
      );
      try {
        const { port } = silent.address() as { port: number };
        const urlReader = UrlReaders.default({
          config: new ConfigReader({
            integrations: {
              github: [
                {
                  host: 'github.com',
                  apiBaseUrl: `http://127.0.0.1:${port}`,
                  token: 'test-token',
                },
              ],
            },
          }),
          logger: mockServices.logger.mock(),
        });
        const source = new DeclaredManifestSource(urlReader, {
          timeoutMs: 200,
        });
        const result = await source.read(urlEntity('deploy/mesh'));
        expect(result).toEqual({
          objects: [],
          errors: [
            {
              source: 'git',
              message: expect.stringContaining('no answer within 0.2 s'),
            },
          ],
        });
      } finally {
        sockets.forEach(socket => socket.destroy());
        await new Promise(resolve => silent.close(resolve));
      }
    });
  });
});
