import { mockServices } from '@backstage/backend-test-utils';
import { mkdtemp, mkdir, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { DeclaredManifestSource } from './DeclaredManifestSource';

describe('DeclaredManifestSource', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshpath-declared-'));
    await mkdir(join(dir, 'mesh', 'policies'), { recursive: true });
    await writeFile(
      join(dir, 'mesh', 'virtualservice.yaml'),
      [
        stringify({
          apiVersion: 'networking.istio.io/v1',
          kind: 'VirtualService',
          metadata: { name: 'checkout' },
          spec: { hosts: ['checkout'] },
        }),
        stringify({
          apiVersion: 'networking.istio.io/v1',
          kind: 'DestinationRule',
          metadata: { name: 'checkout' },
          spec: { host: 'checkout' },
        }),
      ].join('---\n'),
    );
    await writeFile(
      join(dir, 'mesh', 'policies', 'peer.yaml'),
      stringify({
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'checkout' },
        spec: { mtls: { mode: 'STRICT' } },
      }),
    );
    await writeFile(
      join(dir, 'mesh', 'policies', 'broken.yaml'),
      'kind: [unclosed\n',
    );
    await writeFile(join(dir, 'mesh', 'README.md'), '# not a manifest');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const entity = (annotations: Record<string, string>) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', annotations },
  });

  it('reads every manifest of a local folder, reporting the unreadable file and keeping the rest', async () => {
    const source = new DeclaredManifestSource(mockServices.urlReader.mock());
    const result = await source.read(
      entity({
        'meshpath.io/manifests': './mesh',
        'backstage.io/managed-by-location': `file:${join(
          dir,
          'catalog-info.yaml',
        )}`,
      }),
    );
    expect(result!.objects.map(o => o.kind).sort()).toEqual([
      'DestinationRule',
      'PeerAuthentication',
      'VirtualService',
    ]);
    expect(result!.errors).toEqual([
      {
        source: 'git',
        message: expect.stringMatching(/^policies\/broken.yaml: /),
      },
    ]);
  });

  // A stub reader: no Git host is reachable here; the real reader is the backend's own.
  it('reads through the URL reader for repository locations', async () => {
    const urlReader = mockServices.urlReader.mock({
      readTree: async url => {
        expect(url).toBe(
          'https://git.example/shop/checkout/tree/main/deploy/mesh',
        );
        return {
          etag: 'abc',
          files: async () => [
            {
              path: 'vs.yaml',
              content: async () =>
                Buffer.from(
                  stringify({
                    apiVersion: 'networking.istio.io/v1',
                    kind: 'VirtualService',
                    metadata: { name: 'checkout' },
                  }),
                ),
              lastModifiedAt: undefined,
            },
          ],
          archive: async () => {
            throw new Error('unused');
          },
          dir: async () => {
            throw new Error('unused');
          },
        } as any;
      },
    });
    const result = await new DeclaredManifestSource(urlReader).read(
      entity({
        'meshpath.io/manifests': 'deploy/mesh',
        'backstage.io/source-location':
          'url:https://git.example/shop/checkout/tree/main/',
      }),
    );
    expect(result).toEqual({
      objects: [expect.objectContaining({ kind: 'VirtualService' })],
      errors: [],
    });
  });

  it('returns undefined without the annotation and an error when the folder is missing', async () => {
    const source = new DeclaredManifestSource(mockServices.urlReader.mock());
    expect(await source.read(entity({}))).toBeUndefined();
    const missing = await source.read(
      entity({
        'meshpath.io/manifests': './nope',
        'backstage.io/managed-by-location': `file:${join(dir, 'c.yaml')}`,
      }),
    );
    expect(missing!.errors[0].message).toMatch(
      /Reading .\/nope failed: ENOENT/,
    );
  });
});
