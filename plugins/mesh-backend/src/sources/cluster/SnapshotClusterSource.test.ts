import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonValue } from '@backstage/types';
import { startFakeGithub, tarballOf } from '@internal/test-stand-ins';
import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { ClusterSnapshot, readClusterSnapshots } from './clusterSnapshotConfig';
import { SnapshotClusterSource } from './SnapshotClusterSource';

/** Text that must never come back from the source. */
const SECRET = 'hunter2-s3cr3t-token';

/** What `kubectl get … -A -o yaml` writes: one List, items with kind and apiVersion. */
const kubectlList = (items: unknown[]) =>
  stringify({
    apiVersion: 'v1',
    kind: 'List',
    items,
    metadata: { resourceVersion: '' },
  });

const item = (
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  name: string,
  extra: Record<string, unknown> = {},
) => ({
  apiVersion,
  kind,
  metadata: {
    name,
    ...(namespace ? { namespace } : {}),
    uid: `${name}-uid`,
    managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
  },
  ...extra,
});

const meshExport = kubectlList([
  item('networking.istio.io/v1', 'VirtualService', 'shop', 'checkout', {
    spec: { hosts: ['checkout'] },
  }),
  item('networking.istio.io/v1', 'Gateway', 'istio-system', 'public-gateway'),
  item(
    'security.istio.io/v1',
    'PeerAuthentication',
    'istio-system',
    'default',
    {
      spec: { mtls: { mode: 'STRICT' } },
    },
  ),
]);
const workloadExport = kubectlList([
  item('v1', 'Namespace', undefined, 'shop'),
  item('v1', 'Service', 'shop', 'checkout'),
  item('apps/v1', 'Deployment', 'shop', 'checkout'),
  // Not read by the engine: left out of the world.
  item('apps/v1', 'ReplicaSet', 'shop', 'checkout-6f7c'),
  item('v1', 'Secret', 'shop', SECRET, { data: { password: SECRET } }),
  item('v1', 'Pod', 'shop', 'checkout-6f7c-xyz12', {
    metadata: {
      name: 'checkout-6f7c-xyz12',
      namespace: 'shop',
      ownerReferences: [{ kind: 'ReplicaSet', name: 'checkout-6f7c' }],
    },
  }),
  item('v1', 'Pod', 'shop', 'debug'),
]);

const EXPECTED = [
  'apps/v1 Deployment shop/checkout',
  'networking.istio.io/v1 Gateway istio-system/public-gateway',
  'networking.istio.io/v1 VirtualService shop/checkout',
  'security.istio.io/v1 PeerAuthentication istio-system/default',
  'v1 Namespace -/shop',
  'v1 Pod shop/debug',
  'v1 Service shop/checkout',
];

const summary = (
  objects: Array<{ apiVersion: string; kind: string; metadata: any }>,
) =>
  objects
    .map(
      o =>
        `${o.apiVersion} ${o.kind} ${o.metadata.namespace ?? '-'}/${
          o.metadata.name
        }`,
    )
    .sort();

const snapshotAt = (
  name: string,
  location: ClusterSnapshot['location'],
  limits: Partial<ClusterSnapshot['limits']> = {},
  timeoutMs = 10_000,
): ClusterSnapshot => ({
  name,
  location,
  limits: {
    maxFiles: 100,
    maxFileBytes: 1024 * 1024,
    maxTotalBytes: 10 * 1024 * 1024,
    ...limits,
  },
  timeoutMs,
});

describe('SnapshotClusterSource', () => {
  let root: string;
  let exportDir: string;
  let outside: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'meshpath-snapshot-'));
    exportDir = join(root, 'prod-eu');
    outside = join(root, 'outside');
    await mkdir(join(exportDir, 'workloads'), { recursive: true });
    await mkdir(outside);
    await writeFile(join(exportDir, 'mesh.yaml'), meshExport);
    await writeFile(join(exportDir, 'workloads', 'all.yml'), workloadExport);
    await writeFile(join(exportDir, 'notes.txt'), SECRET);
    await writeFile(
      join(outside, 'secret.yaml'),
      stringify(item('v1', 'Service', 'shop', SECRET)),
    );
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const local = (...snapshots: ClusterSnapshot[]) =>
    new SnapshotClusterSource({
      snapshots,
      urlReader: mockServices.urlReader.mock(),
    });

  it('serves a folder of kubectl exports as the world of a named cluster', async () => {
    const source = local(
      snapshotAt('prod-eu', { type: 'path', path: exportDir }),
      snapshotAt('audit', { type: 'path', path: join(exportDir, 'mesh.yaml') }),
    );
    expect(await source.listClusters()).toEqual(['prod-eu', 'audit']);

    const world = await source.readCluster('prod-eu');
    expect(world).toMatchObject({
      cluster: 'prod-eu',
      errors: [],
      listCalls: 0,
    });
    expect(summary(world.objects)).toEqual(EXPECTED);
    // As listed live: what the API server adds for its own bookkeeping is gone.
    expect(world.objects[0].metadata.managedFields).toBeUndefined();
    expect(JSON.stringify(world)).not.toContain(SECRET);

    // A single exported file is a snapshot too.
    const audit = await source.readCluster('audit');
    expect(audit.errors).toEqual([]);
    expect(audit.objects.map(o => o.kind)).toEqual([
      'VirtualService',
      'Gateway',
      'PeerAuthentication',
    ]);
  });

  it('names file and line of what it cannot parse, never its text, and keeps the rest', async () => {
    await writeFile(
      join(exportDir, 'workloads', 'broken.yaml'),
      `apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n---\nkind: [${SECRET}\n`,
    );
    const world = await local(
      snapshotAt('prod-eu', { type: 'path', path: exportDir }),
    ).readCluster('prod-eu');
    expect(world.errors).toEqual([
      'prod-eu: workloads/broken.yaml: not valid YAML at line 7, the document was skipped',
    ]);
    expect(summary(world.objects)).toContain('v1 Service -/x');
    expect(JSON.stringify(world)).not.toContain(SECRET);
  });

  it('does not follow a symbolic link out of the configured folder', async () => {
    await symlink(join(outside, 'secret.yaml'), join(exportDir, 'leak.yaml'));
    await symlink(outside, join(exportDir, 'more'));
    const world = await local(
      snapshotAt('prod-eu', { type: 'path', path: exportDir }),
    ).readCluster('prod-eu');
    expect(world.errors).toEqual([
      'prod-eu: leak.yaml: a symbolic link out of the folder, not read',
      'prod-eu: more: a symbolic link out of the folder, not read',
    ]);
    expect(summary(world.objects)).toEqual(EXPECTED);
    expect(JSON.stringify(world)).not.toContain(SECRET);
  });

  it('reads no more files and bytes than its limits allow, and says so', async () => {
    const files = await local(
      snapshotAt('prod-eu', { type: 'path', path: exportDir }, { maxFiles: 1 }),
    ).readCluster('prod-eu');
    expect(files.errors).toEqual([
      'prod-eu: More than 1 manifest files; workloads/all.yml and any after it were not read',
    ]);
    expect(files.objects.map(o => o.kind)).toEqual([
      'VirtualService',
      'Gateway',
      'PeerAuthentication',
    ]);

    const bytes = await local(
      snapshotAt(
        'prod-eu',
        { type: 'path', path: exportDir },
        { maxFileBytes: 600 },
      ),
    ).readCluster('prod-eu');
    expect(bytes.errors).toEqual([
      'prod-eu: mesh.yaml: larger than 600 bytes, not read',
      'prod-eu: workloads/all.yml: larger than 600 bytes, not read',
    ]);
  });

  it('reports a missing location, an empty one and an unknown cluster as that cluster’s error', async () => {
    await mkdir(join(root, 'empty'));
    const source = local(
      snapshotAt('gone', { type: 'path', path: join(root, 'nope') }),
      snapshotAt('empty', { type: 'path', path: join(root, 'empty') }),
    );
    expect((await source.readCluster('gone')).errors).toEqual([
      `gone: ${join(root, 'nope')}: does not exist`,
    ]);
    expect((await source.readCluster('empty')).errors).toEqual([
      'empty: no .yaml or .yml files in the snapshot',
    ]);
    expect(await source.readCluster('prod-us')).toEqual({
      cluster: 'prod-us',
      objects: [],
      errors: ['prod-us: no cluster snapshot of that name is configured'],
      listCalls: 0,
    });
  });

  it('rejects when the caller aborts', async () => {
    await expect(
      local(
        snapshotAt('prod-eu', { type: 'path', path: exportDir }),
      ).readCluster('prod-eu', { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });

  describe('by URL', () => {
    let server: Server;
    let base: string;
    const hanging: ServerResponse[] = [];

    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/exports/prod-eu.yaml') {
          res.writeHead(200, { 'content-type': 'application/yaml' });
          res.end(`${meshExport}---\n${workloadExport}`);
        } else if (req.url === '/exports/huge.yaml') {
          res.writeHead(200, { 'content-type': 'application/yaml' });
          res.end(`${meshExport}#${'x'.repeat(100_000)}\n`);
        } else if (req.url === '/exports/slow.yaml') {
          hanging.push(res);
        } else {
          res.writeHead(404).end();
        }
      });
      await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      hanging.forEach(res => res.destroy());
      server.closeAllConnections();
      await new Promise(r => server.close(r));
    });

    const fetchReader = () =>
      UrlReaders.default({
        config: new ConfigReader({
          backend: { reading: { allow: [{ host: new URL(base).host }] } },
        }),
        logger: mockServices.logger.mock(),
      });

    it('reads one exported file through the URL reader, within its limits and time', async () => {
      const source = new SnapshotClusterSource({
        urlReader: fetchReader(),
        snapshots: [
          snapshotAt('prod-eu', {
            type: 'url',
            url: `${base}/exports/prod-eu.yaml`,
          }),
          snapshotAt(
            'huge',
            { type: 'url', url: `${base}/exports/huge.yaml` },
            { maxFileBytes: 50_000 },
          ),
          snapshotAt(
            'slow',
            { type: 'url', url: `${base}/exports/slow.yaml` },
            {},
            500,
          ),
          snapshotAt('missing', {
            type: 'url',
            url: `${base}/exports/missing.yaml`,
          }),
        ],
      });
      const world = await source.readCluster('prod-eu');
      expect(world.errors).toEqual([]);
      expect(summary(world.objects)).toEqual(EXPECTED);

      expect((await source.readCluster('huge')).errors).toEqual([
        'huge: huge.yaml: larger than 50000 bytes, not read',
      ]);
      expect((await source.readCluster('slow')).errors).toEqual([
        `slow: Reading ${base}/exports/slow.yaml gave no answer within 0.5 s`,
      ]);
      expect((await source.readCluster('missing')).errors).toEqual([
        expect.stringMatching(/^missing: .*404/),
      ]);
    });

    it('reads a repository folder of exports through readTree', async () => {
      const repo = join(root, 'repo');
      await mkdir(join(repo, 'clusters'), { recursive: true });
      await writeFile(join(repo, 'README.md'), '# exports');
      await writeFile(join(repo, 'clusters', 'mesh.yaml'), meshExport);
      await writeFile(join(repo, 'clusters', 'workloads.yaml'), workloadExport);
      const github = await startFakeGithub('acme', 'exports', {
        tarball: await tarballOf(repo, 'acme-exports-c0ffee0'),
      });
      const urlReader = UrlReaders.default({
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
      try {
        const world = await new SnapshotClusterSource({
          urlReader,
          snapshots: [
            snapshotAt('prod-eu', {
              type: 'url',
              url: 'https://github.com/acme/exports/tree/main/clusters',
            }),
          ],
        }).readCluster('prod-eu');
        expect(world.errors).toEqual([]);
        expect(summary(world.objects)).toEqual(EXPECTED);
      } finally {
        await github.stop();
      }
    });
  });
});

describe('readClusterSnapshots', () => {
  const read = (clusterSnapshots: JsonValue) =>
    readClusterSnapshots(new ConfigReader({ mesh: { clusterSnapshots } }));

  it('reads each snapshot with its limits, defaults where none are given', () => {
    expect(
      read([
        { name: 'air-gapped', path: '/srv/exports/air-gapped' },
        {
          name: 'ci',
          url: 'https://ci.example.com/export.yaml',
          maxFiles: 5,
          readTimeoutSeconds: 10,
        },
      ]),
    ).toEqual([
      {
        name: 'air-gapped',
        location: { type: 'path', path: '/srv/exports/air-gapped' },
        limits: {
          maxFiles: 1000,
          maxFileBytes: 64 * 1024 * 1024,
          maxTotalBytes: 256 * 1024 * 1024,
        },
        timeoutMs: 120_000,
      },
      {
        name: 'ci',
        location: { type: 'url', url: 'https://ci.example.com/export.yaml' },
        limits: {
          maxFiles: 5,
          maxFileBytes: 64 * 1024 * 1024,
          maxTotalBytes: 256 * 1024 * 1024,
        },
        timeoutMs: 10_000,
      },
    ]);
    expect(readClusterSnapshots(new ConfigReader({}))).toEqual([]);
  });

  it.each([
    [
      [{ name: 'a' }],
      'mesh.clusterSnapshots[0] needs exactly one of path and url',
    ],
    [
      [{ name: 'a', path: '/x', url: 'https://x' }],
      'mesh.clusterSnapshots[0] needs exactly one of path and url',
    ],
    [
      [{ name: 'a', url: 'file:///etc' }],
      'mesh.clusterSnapshots[0].url must be an http or https URL',
    ],
    [
      [
        { name: 'a', path: '/x' },
        { name: 'a', path: '/y' },
      ],
      'mesh.clusterSnapshots[1].name: the cluster a is configured twice',
    ],
    [
      [{ name: ' ', path: '/x' }],
      'mesh.clusterSnapshots[0].name must be 1 to 253 characters without control characters',
    ],
    [
      [{ name: 'a', path: '/x', maxFiles: 0 }],
      'mesh.clusterSnapshots[0].maxFiles must be a positive number, got 0',
    ],
  ])('refuses %j at startup', (snapshots, message) => {
    expect(() => read(snapshots)).toThrow(message);
  });
});
