import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  EntityMeshState,
  GoldenPath,
  KubernetesObject,
} from '@meshpath/plugin-mesh-common';
import { createAnalyzer } from '@meshpath/mesh-engine';
import { ClusterWorld, ClusterWorldSource } from '@meshpath/plugin-mesh-node';
import { mkdir, mkdtemp, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { DatabaseMeshStore } from '../database';
import { DeclaredManifestSource } from '../sources/DeclaredManifestSource';
import { ObservedTrafficSnapshot } from '../traffic/ObservedTrafficSnapshot';
import type { TrafficObserver } from '../traffic/TrafficObserver';
import { RefreshService } from './RefreshService';
import {
  kubeObject,
  serviceComponent,
  serviceObjects,
} from '../__testUtils__/serviceObjects';

jest.setTimeout(120_000);

const ROOT = 'istio-system';

const component = (name: string, annotations: Record<string, string> = {}) =>
  serviceComponent(name, { annotations, system: 'shop' });

const o = kubeObject;
const service = serviceObjects;

const namespace = (name: string, labels = { 'istio-injection': 'enabled' }) =>
  o('v1', 'Namespace', undefined, name, { labels });

/**
 * A world where a per-service view was wrong: checkout's public route is in
 * istio-system on a gateway there, its caller lives in another namespace,
 * its namespace has an unlabelled allow-all policy, and a neighbour has
 * problems of its own.
 */
function shopWorld(): KubernetesObject[] {
  return [
    namespace(ROOT, {} as any),
    namespace('shop'),
    namespace('web'),
    ...service('checkout', 'shop'),
    ...service('cart', 'shop'),
    ...service('frontend', 'web'),
    o('security.istio.io/v1', 'PeerAuthentication', ROOT, 'default', {
      spec: { mtls: { mode: 'STRICT' } },
    }),
    o('networking.istio.io/v1', 'Gateway', ROOT, 'public-gateway', {
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 80, name: 'http', protocol: 'HTTP' },
            hosts: ['shop.example.com'],
          },
        ],
      },
    }),
    o('networking.istio.io/v1', 'VirtualService', ROOT, 'checkout-public', {
      spec: {
        hosts: ['shop.example.com'],
        gateways: ['public-gateway'],
        http: [
          {
            route: [
              { destination: { host: 'checkout.shop.svc.cluster.local' } },
            ],
            timeout: '2s',
          },
        ],
      },
    }),
    // Unlabelled: a per-service view never saw it.
    o('security.istio.io/v1', 'AuthorizationPolicy', 'shop', 'allow-all', {
      spec: { rules: [{}] },
    }),
    o('security.istio.io/v1', 'AuthorizationPolicy', 'shop', 'checkout', {
      labels: { 'backstage.io/kubernetes-id': 'checkout' },
      spec: {
        selector: { matchLabels: { app: 'checkout' } },
        rules: [
          {
            from: [
              {
                source: {
                  principals: ['cluster.local/ns/web/sa/frontend'],
                },
              },
            ],
          },
        ],
      },
    }),
    // cart's own broken route: its finding is cart's, never checkout's.
    o('networking.istio.io/v1', 'VirtualService', 'shop', 'cart', {
      labels: { 'backstage.io/kubernetes-id': 'cart' },
      spec: {
        hosts: ['cart'],
        http: [{ route: [{ destination: { host: 'cart', subset: 'v9' } }] }],
      },
    }),
  ];
}

class FixtureClusters implements ClusterWorldSource {
  readonly name = 'fixture';
  readonly reads: string[] = [];
  constructor(public worlds: Record<string, KubernetesObject[] | Error>) {}
  async listClusters() {
    return Object.keys(this.worlds);
  }
  async readCluster(cluster: string): Promise<ClusterWorld> {
    this.reads.push(cluster);
    const world = this.worlds[cluster];
    if (world instanceof Error)
      return { cluster, objects: [], errors: [world.message], listCalls: 1 };
    return { cluster, objects: world, errors: [], listCalls: 3 };
  }
}

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
});

describe.each(databases.eachSupportedId())('RefreshService on %s', id => {
  async function setUp(options: {
    worlds: Record<string, KubernetesObject[] | Error>;
    entities?: any[];
    goldenPaths?: Record<string, GoldenPath>;
    declared?: DeclaredManifestSource;
    traffic?: ConstructorParameters<typeof RefreshService>[0]['traffic'];
  }) {
    const store = await DatabaseMeshStore.create({
      database: mockServices.database({ knex: await databases.init(id) }),
    });
    const clusters = new FixtureClusters(options.worlds);
    const refresh = new RefreshService({
      catalog: catalogServiceMock({
        entities: options.entities ?? [
          component('checkout'),
          component('cart'),
          component('frontend'),
        ],
      }),
      auth: mockServices.auth(),
      store,
      logger: mockServices.logger.mock(),
      clusterSources: [clusters],
      analyzer: await createAnalyzer(),
      rootNamespace: ROOT,
      historyRetentionDays: 90,
      goldenPaths: options.goldenPaths,
      declared: options.declared,
      traffic: options.traffic,
    });
    const state = async (name: string) =>
      (await store.getState(`component:default/${name}`)) as EntityMeshState;
    return { store, refresh, clusters, state };
  }

  it('analyses the whole cluster once: no false findings for a cross-namespace gateway, the namespace allow-all counts', async () => {
    const { refresh, state } = await setUp({ worlds: { prod: shopWorld() } });
    const summary = await refresh.refreshAll(new Date());
    expect(summary.clusters).toEqual([
      expect.objectContaining({ cluster: 'prod', entities: 3, listCalls: 3 }),
    ]);
    const checkout = await state('checkout');
    const codes = checkout.compliance.findings.map(
      f => `${f.code} ${f.object?.kind}/${f.object?.name}`,
    );
    // The gateway and the caller's principal exist elsewhere in the cluster.
    expect(codes.filter(c => c.startsWith('MP1103'))).toEqual([]);
    expect(codes.join('\n')).not.toMatch(/cart/);
    // The allow-all policy of its namespace fails the default-deny control.
    const check = checkout.clusters[0].checks.find(c => c.code === 'MP2002');
    expect(check).toMatchObject({ passed: false });
    // Scored against the rule's controls, which the stored check does not repeat.
    expect(check).not.toHaveProperty('controls');
    expect(
      checkout.compliance.frameworks.find(f => f.framework === 'SOC2'),
    ).toMatchObject({ failed: expect.any(Number) });
    expect(
      checkout.compliance.frameworks.reduce((n, f) => n + f.failed, 0),
    ).toBeGreaterThan(0);
    expect(checkout.objects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          kind: 'AuthorizationPolicy',
          name: 'allow-all',
          relation: 'covering',
        }),
        expect.objectContaining({
          kind: 'VirtualService',
          namespace: ROOT,
          name: 'checkout-public',
          relation: 'about',
          gateways: ['public-gateway'],
          routes: [
            expect.objectContaining({
              timeout: '2s',
              destinations: [{ host: 'checkout.shop.svc.cluster.local' }],
            }),
          ],
        }),
      ]),
    );
    // cart's broken subset is cart's finding.
    const cart = await state('cart');
    expect(cart.compliance.findings.map(f => f.code)).toContain('MP1102');
  });

  it('carries the engine’s policy model per workload: allow-all wins over the ALLOW list, mTLS from the mesh-wide policy', async () => {
    const { refresh, state } = await setUp({ worlds: { prod: shopWorld() } });
    await refresh.refreshAll(new Date());
    const checkout = await state('checkout');
    const [workload] = checkout.clusters[0].workloads;
    expect(workload).toMatchObject({
      name: 'checkout',
      principal: 'cluster.local/ns/shop/sa/checkout',
      mtls: { mode: 'STRICT', decidedBy: { level: 'mesh' } },
    });
    expect(workload.authorization.outcome).toBe('allow-all');
    expect(checkout.mtls).toBe('STRICT');
    expect(checkout.clusters[0].services.map(s => s.name)).toEqual([
      'checkout',
    ]);
  });

  it('merges clusters: a cluster that cannot be read keeps its last part, with the reason, and the other is fresh', async () => {
    const { refresh, clusters, state } = await setUp({
      worlds: { eu: shopWorld(), us: shopWorld() },
    });
    await refresh.refreshAll(new Date('2026-11-30T10:00:00Z'));
    expect((await state('checkout')).clusters.map(c => c.cluster)).toEqual([
      'eu',
      'us',
    ]);
    clusters.worlds.us = new Error('no answer within 60 s');
    await refresh.refreshAll(new Date('2026-11-30T10:05:00Z'));
    const checkout = await state('checkout');
    expect(
      checkout.clusters.map(c => [c.cluster, c.refreshedAt, c.errors]),
    ).toEqual([
      ['eu', '2026-11-30T10:05:00.000Z', []],
      [
        'us',
        '2026-11-30T10:00:00.000Z',
        [{ source: 'cluster:us', message: 'no answer within 60 s' }],
      ],
    ]);
    expect(new Set(checkout.objects.map(x => x.cluster))).toEqual(
      new Set(['eu', 'us']),
    );
    expect(checkout.errors).toContainEqual({
      source: 'cluster:us',
      message: 'no answer within 60 s',
    });
  });

  it('keeps each service in its namespace on the fleet page after the measurements and an unread cluster', async () => {
    const { refresh, clusters, store } = await setUp({
      worlds: { eu: shopWorld(), us: shopWorld() },
    });
    const inNamespace = async (fleetNamespace: string) =>
      (
        await store.listFleet(
          { namespace: fleetNamespace },
          { offset: 0, limit: 10 },
        )
      ).items.map(i => i.entityRef);
    // refreshAll stores the clusters' parts, then the measurements.
    await refresh.refreshAll(new Date('2026-11-30T10:00:00Z'));
    expect(await inNamespace('shop')).toEqual([
      'component:default/cart',
      'component:default/checkout',
    ]);
    expect(await inNamespace('web')).toEqual(['component:default/frontend']);
    clusters.worlds.us = new Error('no answer within 60 s');
    await refresh.refreshAll(new Date('2026-11-30T10:05:00Z'));
    expect(await inNamespace('shop')).toEqual([
      'component:default/cart',
      'component:default/checkout',
    ]);
  });

  it('says on every service that a cluster could not be read, also where it has no part yet, until the cluster is read again', async () => {
    const { refresh, clusters, state } = await setUp({
      worlds: { eu: shopWorld(), us: new Error('no answer within 60 s') },
      entities: [component('checkout'), component('ghost')],
    });
    await refresh.refreshAll(new Date('2026-11-30T10:00:00Z'));
    const usFailed = { source: 'cluster:us', message: 'no answer within 60 s' };
    const checkout = await state('checkout');
    // The rest shown: eu's part, with us named as unread (the measurements, stored after, keep it).
    expect(checkout.clusters.map(c => c.cluster)).toEqual(['eu']);
    expect(checkout.errors).toEqual([usFailed]);
    expect(checkout.status).not.toBe('ok');
    // Located nowhere: us is where it could be.
    const ghost = await state('ghost');
    expect(ghost.clusters).toEqual([]);
    expect(ghost.errors).toEqual([usFailed]);

    clusters.worlds.us = shopWorld().filter(
      x => x.metadata.labels?.['backstage.io/kubernetes-id'] !== 'checkout',
    );
    await refresh.refreshAll(new Date('2026-11-30T10:05:00Z'));
    expect((await state('checkout')).errors).toEqual([]);
    expect((await state('ghost')).errors).toEqual([]);
  });

  it('keeps both clusters’ parts when the task that started later stores first', async () => {
    const { refresh, state } = await setUp({
      worlds: { eu: shopWorld(), us: shopWorld() },
    });
    await refresh.refreshCluster(
      { source: 'fixture', cluster: 'us' },
      new Date('2026-11-30T10:00:05Z'),
    );
    await refresh.refreshCluster(
      { source: 'fixture', cluster: 'eu' },
      new Date('2026-11-30T10:00:00Z'),
    );
    const checkout = await state('checkout');
    expect(checkout.clusters.map(c => [c.cluster, c.refreshedAt])).toEqual([
      ['eu', '2026-11-30T10:00:00.000Z'],
      ['us', '2026-11-30T10:00:05.000Z'],
    ]);
    expect(
      new Set(
        checkout.canaries
          .map(c => c.cluster)
          .concat(checkout.objects.map(x => x.cluster)),
      ),
    ).toEqual(new Set(['eu', 'us']));
    // An older read of a cluster does not replace a newer part of it.
    await refresh.refreshCluster(
      { source: 'fixture', cluster: 'us' },
      new Date('2026-11-30T09:59:00Z'),
    );
    expect((await state('checkout')).clusters.map(c => c.refreshedAt)).toEqual([
      '2026-11-30T10:00:00.000Z',
      '2026-11-30T10:00:05.000Z',
    ]);
  });

  it('drops a cluster’s part once the service is gone from it', async () => {
    const { refresh, clusters, state } = await setUp({
      worlds: { eu: shopWorld(), us: shopWorld() },
    });
    await refresh.refreshAll(new Date());
    clusters.worlds.us = shopWorld().filter(
      x => x.metadata.labels?.['backstage.io/kubernetes-id'] !== 'checkout',
    );
    await refresh.refreshAll(new Date());
    const checkout = await state('checkout');
    expect(checkout.clusters.map(c => c.cluster)).toEqual(['eu']);
    expect(checkout.objects.every(x => x.cluster === 'eu')).toBe(true);
    expect(checkout.compliance.findings.every(f => f.cluster === 'eu')).toBe(
      true,
    );
  });

  it("applies each entity's golden-path rule policy to the one analysis", async () => {
    const { refresh, state } = await setUp({
      worlds: { prod: shopWorld() },
      entities: [
        component('checkout'),
        component('cart', { 'meshpath.io/golden-path': 'relaxed' }),
      ],
      goldenPaths: {
        relaxed: {
          rules: { disabled: ['MP1102'], severities: {} },
        } as unknown as GoldenPath,
      },
    });
    await refresh.refreshAll(new Date());
    expect(
      (await state('cart')).compliance.findings.map(f => f.code),
    ).not.toContain('MP1102');
  });

  it('keeps a golden path named after an inherited member (toString, constructor, __proto__) to that entity', async () => {
    const hostile = ['toString', 'constructor', '__proto__'];
    const { refresh, state } = await setUp({
      worlds: { prod: shopWorld() },
      entities: [
        component('checkout'),
        ...hostile.map((preset, i) =>
          component(`hostile${i}`, { 'meshpath.io/golden-path': preset }),
        ),
      ],
      goldenPaths: {
        relaxed: {
          rules: { disabled: ['MP1102'], severities: {} },
        } as unknown as GoldenPath,
      },
    });
    await refresh.refreshAll(new Date());
    for (const [i, preset] of hostile.entries()) {
      expect((await state(`hostile${i}`)).errors).toContainEqual({
        source: 'golden-path',
        message: expect.stringContaining(`"${preset}" is not a golden path`),
      });
    }
    expect(
      (await state('checkout')).errors.filter(e => e.source === 'golden-path'),
    ).toEqual([]);
  });

  it('stops between clusters once the scheduler aborts, and stores what it finished', async () => {
    const { refresh, clusters, store } = await setUp({
      worlds: { 'prod-a': shopWorld(), 'prod-b': shopWorld() },
    });
    const controller = new AbortController();
    // Abort as soon as the first cluster has been read.
    const read = clusters.readCluster.bind(clusters);
    clusters.readCluster = async (cluster: string) => {
      const world = await read(cluster);
      controller.abort();
      return world;
    };
    await refresh.refreshAll(new Date(), controller.signal);
    expect(clusters.reads).toEqual(['prod-a']);
    const stored = await store.getState('component:default/checkout');
    expect(stored?.clusters.map(c => c.cluster) ?? []).not.toContain('prod-b');
  });

  it('lists declared SLOs as unknown without Prometheus, and keeps them when a cluster refreshes', async () => {
    const { refresh, state } = await setUp({
      worlds: { prod: shopWorld() },
      entities: [
        component('checkout', { 'meshpath.io/slo-availability': '99.9' }),
      ],
    });
    await refresh.refreshAll(new Date());
    await refresh.refreshCluster({ source: 'fixture', cluster: 'prod' });
    const [slo] = (await state('checkout')).slos;
    expect(slo.definition).toMatchObject({
      kind: 'availability',
      target: 99.9,
    });
    expect(slo.sli).toMatchObject({
      state: 'unknown',
      reason: expect.stringContaining('mesh.prometheus.baseUrl'),
    });
  });

  it('lists the SLOs the live PrometheusRule of the service declares, without annotations or Prometheus', async () => {
    const labels = {
      service: 'checkout',
      namespace: 'shop',
      meshpath_rules: 'slo-v2',
    };
    const rule = o(
      'monitoring.coreos.com/v1',
      'PrometheusRule',
      'shop',
      'checkout-slo',
      {
        labels: {
          'backstage.io/kubernetes-id': 'checkout',
          'meshpath.io/slo': 'checkout',
        },
        spec: {
          groups: [
            {
              name: 'checkout-slo-recording',
              rules: [
                {
                  record: 'meshpath:slo_availability_objective:ratio',
                  expr: 'vector(0.995)',
                  labels: { ...labels, window_days: '28' },
                },
              ],
            },
          ],
        },
      },
    );
    const { refresh, state } = await setUp({
      worlds: { prod: [...shopWorld(), rule] },
      entities: [component('checkout')],
    });
    await refresh.refreshAll(new Date());
    const checkout = await state('checkout');
    expect(checkout.slos.map(x => x.definition)).toEqual([
      { kind: 'availability', target: 99.5, windowDays: 28 },
    ]);
    expect(checkout.slos[0].sli.state).toBe('unknown');
    // And the "SLO declared" check reads the same live rule.
    expect(
      checkout.clusters[0].checks.find(c => c.code === 'MP2009'),
    ).toMatchObject({ passed: true });
  });

  it('reads drift after onboarding as clean: the declared folder equals what is live', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshpath-drift-'));
    try {
      // Its policy, and its namespace as an onboarding folder declares it (the live Namespace carries no service label).
      const live = shopWorld().filter(
        x =>
          (x.kind === 'AuthorizationPolicy' &&
            x.metadata.labels?.['backstage.io/kubernetes-id'] === 'checkout') ||
          (x.kind === 'Namespace' && x.metadata.name === 'shop'),
      );
      expect(live.map(x => x.kind).sort()).toEqual([
        'AuthorizationPolicy',
        'Namespace',
      ]);
      await mkdir(join(dir, 'mesh'));
      await writeFile(
        join(dir, 'mesh', 'policy.yaml'),
        live.map(x => stringify(x)).join('---\n'),
      );
      const { refresh, state } = await setUp({
        worlds: { prod: shopWorld() },
        entities: [
          component('checkout', {
            'backstage.io/managed-by-location': `file:${join(
              dir,
              'catalog-info.yaml',
            )}`,
            'meshpath.io/manifests': './mesh',
          }),
        ],
        declared: new DeclaredManifestSource(
          // Local files only: the URL reader is never asked.
          {} as any,
          { allowedDirectories: [dir] },
        ),
      });
      await refresh.refreshAll(new Date());
      const { drift, errors } = await state('checkout');
      expect(errors).toEqual([]);
      expect(drift).toMatchObject({
        comparedKinds: ['Namespace', 'AuthorizationPolicy.security.istio.io'],
        clusters: ['prod'],
        declaredNotLive: [],
        liveNotDeclared: [],
        differing: [],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads the objects a golden path writes once per namespace as live, not as declared but missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshpath-drift-ns-'));
    try {
      const namespaceLabels = {
        'app.kubernetes.io/managed-by': 'meshpath',
        'meshpath.io/namespace': 'shop',
      };
      const denyAll = {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: {
          name: 'shop-deny-all',
          namespace: 'shop',
          labels: namespaceLabels,
        },
        spec: {},
      };
      const defaultDeny = {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: {
          name: 'shop-default-deny',
          namespace: 'shop',
          labels: namespaceLabels,
        },
        spec: { podSelector: {}, policyTypes: ['Ingress'] },
      };
      // Another namespace's object of the same kind is not this service's.
      const elsewhere = {
        ...defaultDeny,
        metadata: {
          name: 'other-default-deny',
          namespace: 'other',
          labels: { ...namespaceLabels, 'meshpath.io/namespace': 'other' },
        },
      };
      await mkdir(join(dir, 'mesh'));
      await writeFile(
        join(dir, 'mesh', 'namespace.yaml'),
        [denyAll, defaultDeny].map(x => stringify(x)).join('---\n'),
      );
      // The service's own policy, as in the test above.
      await writeFile(
        join(dir, 'mesh', 'policy.yaml'),
        stringify(
          shopWorld().find(
            x =>
              x.kind === 'AuthorizationPolicy' &&
              x.metadata.labels?.['backstage.io/kubernetes-id'] === 'checkout',
          ),
        ),
      );
      const { refresh, state } = await setUp({
        worlds: { prod: [...shopWorld(), denyAll, defaultDeny, elsewhere] },
        entities: [
          component('checkout', {
            'backstage.io/managed-by-location': `file:${join(
              dir,
              'catalog-info.yaml',
            )}`,
            'meshpath.io/manifests': './mesh',
          }),
        ],
        declared: new DeclaredManifestSource({} as any, {
          allowedDirectories: [dir],
        }),
      });
      await refresh.refreshAll(new Date());
      const { drift } = await state('checkout');
      expect(drift).toMatchObject({
        declaredNotLive: [],
        liveNotDeclared: [],
        differing: [],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('points findings and drift on declared objects at their file and line in Git', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'meshpath-located-'));
    try {
      const declared = shopWorld().filter(
        x => x.metadata.labels?.['backstage.io/kubernetes-id'] === 'checkout',
      );
      await mkdir(join(dir, 'mesh'));
      const text = declared.map(x => stringify(x)).join('---\n');
      await writeFile(join(dir, 'mesh', 'all.yaml'), text);
      const { refresh, state } = await setUp({
        worlds: { prod: shopWorld() },
        entities: [
          component('checkout', {
            'backstage.io/managed-by-location': `file:${join(
              dir,
              'catalog-info.yaml',
            )}`,
            'meshpath.io/manifests': './mesh',
          }),
        ],
        declared: new DeclaredManifestSource({} as any, {
          allowedDirectories: [dir],
        }),
      });
      await refresh.refreshAll(new Date());
      const { findings } = (await state('checkout')).compliance;
      const declaredNames = new Set(
        declared.map(x => `${x.kind}/${x.metadata.name}`),
      );
      const onDeclared = findings.filter(
        f => f.object && declaredNames.has(`${f.object.kind}/${f.object.name}`),
      );
      expect(onDeclared.length).toBeGreaterThan(0);
      const lines = text.split('\n');
      for (const finding of onDeclared) {
        expect(finding.source?.file).toBe('all.yaml');
        // The line is where that object's document starts.
        const from = lines.slice(finding.source!.line - 1).join('\n');
        expect(from).toMatch(
          new RegExp(`^apiVersion:[^]*?kind: ${finding.object!.kind}\\n`),
        );
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('classifies each observed caller against the policy in force: DENY before ALLOW, plaintext to STRICT, allowed', async () => {
    const world = [
      ...shopWorld(),
      o('security.istio.io/v1', 'AuthorizationPolicy', 'shop', 'deny-web', {
        labels: { 'backstage.io/kubernetes-id': 'cart' },
        spec: {
          action: 'DENY',
          selector: { matchLabels: { app: 'cart' } },
          rules: [{ from: [{ source: { namespaces: ['web'] } }] }],
        },
      }),
      o('security.istio.io/v1', 'AuthorizationPolicy', 'shop', 'cart-callers', {
        labels: { 'backstage.io/kubernetes-id': 'cart' },
        spec: {
          selector: { matchLabels: { app: 'cart' } },
          rules: [
            {
              from: [
                {
                  source: {
                    principals: [
                      'cluster.local/ns/web/sa/frontend',
                      'cluster.local/ns/shop/sa/checkout',
                    ],
                  },
                },
              ],
            },
          ],
        },
      }),
    ];
    const row = (
      workload: string,
      sourceNamespace: string,
      mutualTls: boolean,
      requests: number,
    ) => ({
      destinationWorkload: 'cart',
      destinationNamespace: 'shop',
      destinationService: 'cart.shop.svc.cluster.local',
      sourceWorkload: workload,
      sourceNamespace,
      ...(mutualTls
        ? {
            principal: `spiffe://cluster.local/ns/${sourceNamespace}/sa/${workload}`,
          }
        : {}),
      mutualTls,
      requests,
      connections: 0,
    });
    const observer = {
      observe: async () =>
        ObservedTrafficSnapshot.of({
          window: '24h',
          queryCount: 2,
          rows: [
            row('frontend', 'web', true, 120),
            row('checkout', 'shop', true, 80),
            row('legacy-batch', 'jobs', false, 5),
          ],
        }),
    } as unknown as TrafficObserver;
    const { refresh, state } = await setUp({
      worlds: { prod: world },
      traffic: { options: { windowHours: 24 }, observer },
    });
    const summary = await refresh.refreshAll(new Date());
    expect(summary.promqlQueries).toBe(2);
    const { traffic } = await state('cart');
    expect(
      traffic?.callers.map(c => [c.sourceWorkload, c.requests, c.verdict]),
    ).toEqual([
      ['frontend', 120, 'would-be-denied'],
      ['checkout', 80, 'allowed'],
      ['legacy-batch', 5, 'plaintext'],
    ]);
  });

  it('shows the callers of a service the measurements ran before its cluster part: at the cluster refresh, not a cycle later', async () => {
    let observed = 0;
    const observer = {
      observe: async () => {
        observed++;
        return ObservedTrafficSnapshot.of({
          window: '24h',
          queryCount: 2,
          rows: [
            {
              destinationWorkload: 'cart',
              destinationNamespace: 'shop',
              destinationService: 'cart.shop.svc.cluster.local',
              sourceWorkload: 'checkout',
              sourceNamespace: 'shop',
              principal: 'spiffe://cluster.local/ns/shop/sa/checkout',
              mutualTls: true,
              requests: 80,
              connections: 0,
            },
          ],
        });
      },
    } as unknown as TrafficObserver;
    const { refresh, state } = await setUp({
      worlds: { prod: shopWorld() },
      traffic: { options: { windowHours: 24 }, observer },
    });
    const now = new Date('2026-11-01T10:00:00.000Z');
    // The measurements task first, as at start-up: no workload of cart is known yet.
    await refresh.refreshMeasurements(now);
    expect((await state('cart')).traffic?.callers).toEqual([]);

    const summary = await refresh.refreshCluster(
      { source: 'fixture', cluster: 'prod' },
      new Date('2026-11-01T10:01:00.000Z'),
    );
    expect(
      (await state('cart')).traffic?.callers.map(c => [
        c.sourceWorkload,
        c.requests,
      ]),
    ).toEqual([['checkout', 80]]);
    expect(summary.promqlQueries).toBe(2);
    expect(observed).toBe(2);

    // Once the workloads are known, a cluster refresh sends no query.
    const again = await refresh.refreshCluster(
      { source: 'fixture', cluster: 'prod' },
      new Date('2026-11-01T10:02:00.000Z'),
    );
    expect(again.promqlQueries).toBeUndefined();
    expect(observed).toBe(2);
    expect((await state('cart')).traffic?.callers).toHaveLength(1);
  });

  it('reports traffic unknown, with how to enable it, without Prometheus', async () => {
    const { refresh, state } = await setUp({
      worlds: { prod: shopWorld() },
      traffic: { options: { windowHours: 24 } },
    });
    await refresh.refreshAll(new Date());
    expect((await state('checkout')).traffic).toMatchObject({
      window: '24h',
      state: 'unknown',
      reason: expect.stringContaining('mesh.prometheus.baseUrl'),
      callers: [],
    });
  });

  it('makes a hostile label-selector annotation that entity’s error, not the cycle’s', async () => {
    const { refresh, state } = await setUp({
      worlds: { prod: shopWorld() },
      entities: [
        component('checkout'),
        component('evil', {
          'backstage.io/kubernetes-label-selector': 'app in (a',
        }),
      ],
    });
    await refresh.refreshAll(new Date());
    expect((await state('checkout')).objects.length).toBeGreaterThan(0);
    expect((await state('evil')).errors).toEqual([
      {
        source: 'catalog',
        message: expect.stringContaining(
          'backstage.io/kubernetes-label-selector',
        ),
      },
    ]);
  });
});
