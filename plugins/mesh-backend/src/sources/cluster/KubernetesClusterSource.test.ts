import { mockServices } from '@backstage/backend-test-utils';
import {
  FakeCluster,
  FakeKubernetes,
  FakeObject,
} from '../../__testUtils__/fakeKubernetes';
import {
  RunningKubernetesBackend,
  startFakeClusters,
} from '../../__testUtils__/kubernetesBackend';
import { meshFixtures } from '../../__testUtils__/meshFixtures';
import { CLUSTER_KINDS } from './clusterKinds';
import { ConfigReader } from '@backstage/config';
import {
  KubernetesClusterSource,
  KubernetesClusterSourceOptions,
} from './KubernetesClusterSource';
import { readClusterSources } from './readClusterSources';

jest.setTimeout(60_000);

const fake = (
  group: string,
  version: string,
  plural: string,
  object: FakeObject['object'],
): FakeObject => ({ group, version, plural, object });

/** What lives outside any one service: the objects a per-service view missed. */
const sharedObjects: FakeObject[] = [
  fake('', 'v1', 'namespaces', {
    kind: 'Namespace',
    metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } },
  }),
  fake('', 'v1', 'serviceaccounts', {
    kind: 'ServiceAccount',
    metadata: { name: 'frontend', namespace: 'web' },
  }),
  fake('networking.istio.io', 'v1', 'gateways', {
    kind: 'Gateway',
    metadata: { name: 'public-gateway', namespace: 'istio-system' },
    spec: { selector: { istio: 'ingressgateway' }, servers: [] },
  }),
  fake('security.istio.io', 'v1', 'peerauthentications', {
    kind: 'PeerAuthentication',
    metadata: {
      name: 'default',
      namespace: 'istio-system',
      managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
    },
    spec: { mtls: { mode: 'STRICT' } },
  }),
  fake('security.istio.io', 'v1', 'authorizationpolicies', {
    kind: 'AuthorizationPolicy',
    metadata: { name: 'allow-all', namespace: 'shop' },
    spec: { rules: [{}] },
  }),
  fake('gateway.networking.k8s.io', 'v1', 'httproutes', {
    kind: 'HTTPRoute',
    metadata: { name: 'storefront', namespace: 'web' },
    spec: { parentRefs: [{ name: 'waypoint' }] },
  }),
  fake('monitoring.coreos.com', 'v1', 'prometheusrules', {
    kind: 'PrometheusRule',
    metadata: { name: 'checkout-slo', namespace: 'shop' },
    spec: { groups: [] },
  }),
  // Owned by a ReplicaSet: the engine reads its Deployment's template instead.
  fake('', 'v1', 'pods', {
    kind: 'Pod',
    metadata: {
      name: 'checkout-6f7c-xyz12',
      namespace: 'shop',
      ownerReferences: [{ kind: 'ReplicaSet', name: 'checkout-6f7c' }],
    },
  }),
];

const services = (count: number) =>
  Array.from({ length: count }, (_, i) => meshFixtures(`svc-${i}`)).flat();

/** A cluster with Istio only: no Gateway API, Flagger or Prometheus operator installed. */
const istioOnly = (objects: FakeObject[]): FakeCluster => ({
  behaviour: 'ok',
  objects: objects.filter(o => o.group !== 'flagger.app'),
  unserved: [
    'gateway.networking.k8s.io',
    'flagger.app',
    'monitoring.coreos.com',
  ],
});

const CLUSTERS: Record<string, FakeCluster> = {
  'prod-eu': {
    behaviour: 'ok',
    objects: [
      ...meshFixtures('checkout'),
      ...meshFixtures('payments'),
      ...sharedObjects,
    ],
  },
  small: istioOnly(services(2)),
  large: istioOnly(services(40)),
  'prod-us': { behaviour: 'unauthorized' },
  staging: { behaviour: 'server-error' },
  edge: { behaviour: 'bad-payload' },
  restricted: {
    behaviour: 'ok',
    objects: meshFixtures('checkout'),
    forbidden: ['security.istio.io/v1/authorizationpolicies'],
  },
  // Istio before 1.22 serves its kinds at v1beta1 only.
  'legacy-istio': {
    behaviour: 'ok',
    objects: meshFixtures('checkout').map(o =>
      o.group.endsWith('istio.io') ? { ...o, version: 'v1beta1' } : o,
    ),
    unserved: ['networking.istio.io/v1', 'security.istio.io/v1'],
  },
  stuck: { behaviour: 'hanging' },
};

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

describe('KubernetesClusterSource through the real Kubernetes backend', () => {
  let cluster: FakeKubernetes;
  let backend: RunningKubernetesBackend;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({
      kubernetes: cluster,
      backend,
      stop,
    } = await startFakeClusters(CLUSTERS));
  });

  afterAll(() => stop?.());

  const source = (options: Partial<KubernetesClusterSourceOptions> = {}) =>
    new KubernetesClusterSource({
      auth: mockServices.auth(),
      discovery: backend.discovery,
      clusterTimeoutMs: 5000,
      ...options,
    });

  /** Requests one cluster received since `from`. */
  const requestsTo = (name: string, from = 0) =>
    cluster.requestLog.slice(from).filter(r => r.path.startsWith(`/${name}/`));

  it('lists the clusters the Kubernetes backend knows, less those served elsewhere', async () => {
    expect(await source().listClusters()).toEqual(Object.keys(CLUSTERS));
    expect(
      await source({ excludeClusters: ['edge', 'stuck'] }).listClusters(),
    ).toEqual(Object.keys(CLUSTERS).filter(n => n !== 'edge' && n !== 'stuck'));
  });

  it('builds the configured sources, a snapshot taking the place of the backend cluster of its name', async () => {
    const deps = {
      auth: mockServices.auth(),
      discovery: backend.discovery,
      urlReader: mockServices.urlReader.mock(),
    };
    const sources = readClusterSources(
      new ConfigReader({
        mesh: { clusterSnapshots: [{ name: 'edge', path: '/srv/edge' }] },
      }),
      deps,
    );
    expect(sources.map(s => s.name)).toEqual(['snapshot', 'kubernetes']);
    expect(await sources[0].listClusters()).toEqual(['edge']);
    expect(await sources[1].listClusters()).toEqual(
      Object.keys(CLUSTERS).filter(n => n !== 'edge'),
    );

    const off = readClusterSources(
      new ConfigReader({ mesh: { kubernetes: { enabled: false } } }),
      deps,
    );
    expect(off).toEqual([]);
  });

  it('reads a whole cluster cluster-wide, page by page, with the cluster credentials', async () => {
    const from = cluster.requestLog.length;
    const world = await source({ pageSize: 2 }).readCluster('prod-eu');

    expect(world.cluster).toBe('prod-eu');
    expect(world.errors).toEqual([]);
    expect(world.unreadKinds).toEqual([]);
    const expected = [
      ...meshFixtures('checkout'),
      ...meshFixtures('payments'),
      ...sharedObjects.filter(
        o => !o.object.metadata.name.startsWith('checkout-6f7c'),
      ),
    ].map(o => ({
      apiVersion: o.group ? `${o.group}/${o.version}` : o.version,
      kind: o.object.kind,
      metadata: o.object.metadata,
    }));
    expect(summary(world.objects)).toEqual(summary(expected));
    // Other teams' objects and the root namespace's policy are in the world.
    expect(summary(world.objects)).toEqual(
      expect.arrayContaining([
        'networking.istio.io/v1 Gateway istio-system/public-gateway',
        'security.istio.io/v1 PeerAuthentication istio-system/default',
        'security.istio.io/v1 AuthorizationPolicy shop/allow-all',
        'v1 Namespace -/shop',
      ]),
    );
    const canary = world.objects.find(o => o.kind === 'Canary');
    expect(canary?.status).toEqual({
      phase: 'Progressing',
      canaryWeight: 20,
      failedChecks: 1,
    });
    const policy = world.objects.find(o => o.metadata.name === 'default');
    expect(policy?.metadata).toEqual({
      name: 'default',
      namespace: 'istio-system',
    });

    const requests = requestsTo('prod-eu', from);
    expect(world.listCalls).toBe(requests.length);
    // Cluster-wide lists only: never a namespace or a label selector.
    expect(
      requests.filter(r => /\/namespaces\/|labelSelector/.test(r.path)),
    ).toEqual([]);
    // Three Pods at two a page: two pages, the second asked with the first's token.
    const pods = requests.filter(r =>
      r.path.startsWith('/prod-eu/api/v1/pods'),
    );
    expect(pods).toHaveLength(2);
    expect(pods[0].path).toBe('/prod-eu/api/v1/pods?limit=2');
    expect(pods[1].path).toMatch(
      /^\/prod-eu\/api\/v1\/pods\?limit=2&continue=[\w-]+$/,
    );
    // The proxy signs in with the cluster's own token, not the plugin's Backstage token.
    expect(new Set(requests.map(r => r.authorization))).toEqual(
      new Set(['Bearer token-of-prod-eu']),
    );
  });

  it('makes as many list calls for 40 services as for 2; kinds not installed are absent, not errors', async () => {
    const mesh = source();
    const small = await mesh.readCluster('small');
    const large = await mesh.readCluster('large');
    expect(small.errors).toEqual([]);
    expect(large.errors).toEqual([]);
    expect(small.objects).toHaveLength(2 * 7);
    expect(large.objects).toHaveLength(40 * 7);
    expect(large.listCalls).toBe(small.listCalls);
    // One call per kind; a kind not installed costs one call per version tried.
    const notInstalled = CLUSTER_KINDS.filter(k =>
      [
        'gateway.networking.k8s.io',
        'flagger.app',
        'monitoring.coreos.com',
      ].includes(k.group),
    );
    expect(large.listCalls).toBe(
      CLUSTER_KINDS.length -
        notInstalled.length +
        notInstalled.reduce((n, k) => n + k.versions.length, 0),
    );
  });

  it('falls back to the older API version of a kind the cluster serves only there', async () => {
    const world = await source().readCluster('legacy-istio');
    expect(world.errors).toEqual([]);
    expect(summary(world.objects)).toEqual(
      expect.arrayContaining([
        'networking.istio.io/v1beta1 VirtualService shop/checkout',
        'security.istio.io/v1beta1 PeerAuthentication shop/checkout',
      ]),
    );
    expect(world.objects).toHaveLength(8);
  });

  it('keeps what a cluster allowed and names the kind it refused', async () => {
    const world = await source().readCluster('restricted');
    expect(world.errors).toEqual([
      expect.stringMatching(
        /^restricted: security.istio.io\/AuthorizationPolicy: the cluster answered 403 authorizationpolicies.security.istio.io is forbidden/,
      ),
    ]);
    // Which kinds the world lacks, so the refresh can tell "not there" from "not looked at".
    expect(world.unreadKinds).toEqual([
      'security.istio.io/AuthorizationPolicy',
    ]);
    expect(world.objects.map(o => o.kind).sort()).toEqual([
      'Canary',
      'Deployment',
      'DestinationRule',
      'PeerAuthentication',
      'Pod',
      'Service',
      'VirtualService',
    ]);
  });

  it.each([
    [
      'prod-us',
      /^prod-us: the cluster refused the Kubernetes backend's credentials \(401 Unauthorized\); nothing was listed$/,
    ],
    [
      'nowhere',
      /^nowhere: the Kubernetes backend refused or failed the request \(404 Cluster 'nowhere' not found\)/,
    ],
  ])(
    'stops reading %s at the first refusal, with one clear error',
    async (name, message) => {
      const world = await source({ concurrency: 1 }).readCluster(name);
      expect(world).toEqual({
        cluster: name,
        objects: [],
        errors: [expect.stringMatching(message)],
        // Nothing was listed: every kind is missing.
        unreadKinds: CLUSTER_KINDS.map(kind => `${kind.group}/${kind.kind}`),
        listCalls: 1,
      });
    },
  );

  it('reports server errors and answers that are not lists in one line per reason naming the kinds, without failing the read', async () => {
    const mesh = source();
    const [staging, edge] = await Promise.all([
      mesh.readCluster('staging'),
      mesh.readCluster('edge'),
    ]);
    expect(staging.objects).toEqual([]);
    // One line for the cluster, not one per kind: every kind failed alike.
    expect(staging.errors).toEqual([
      `staging: all ${CLUSTER_KINDS.length} kinds: the cluster answered 500 etcdserver: request timed out`,
    ]);
    expect(edge.errors).toEqual([
      `edge: all ${CLUSTER_KINDS.length} kinds: the cluster answered with something that is not a list`,
    ]);
  });

  it('gives up on a hanging cluster after its own timeout while the others are read', async () => {
    const mesh = source({ clusterTimeoutMs: 1500 });
    const [stuck, prod] = await Promise.all([
      mesh.readCluster('stuck'),
      mesh.readCluster('prod-eu'),
    ]);
    expect(stuck.objects).toEqual([]);
    expect(stuck.errors).toEqual([
      `stuck: no answer within 1.5 s; 0 of ${CLUSTER_KINDS.length} kinds were listed`,
    ]);
    expect(stuck.unreadKinds).toEqual(
      CLUSTER_KINDS.map(kind => `${kind.group}/${kind.kind}`),
    );
    expect(prod.errors).toEqual([]);
    expect(prod.objects.length).toBeGreaterThan(0);
  });

  it('rejects with the abort reason when the caller aborts, before or during the read', async () => {
    const from = cluster.requestLog.length;
    await expect(
      source().readCluster('prod-eu', { signal: AbortSignal.abort() }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(requestsTo('prod-eu', from)).toEqual([]);

    const controller = new AbortController();
    const read = source({ clusterTimeoutMs: 30_000 }).readCluster('stuck', {
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    await expect(read).rejects.toMatchObject({ name: 'AbortError' });
  });
});
