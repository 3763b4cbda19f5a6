import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  EntityMeshState,
  KubernetesObject,
} from '@meshpath/plugin-mesh-common';
import { createAnalyzer, evaluateAuthorization } from '@meshpath/mesh-engine';
import { DatabaseMeshStore } from '../database';
import { KubernetesClusterSource } from '../sources/cluster';
import { FakeCluster, FakeObject } from '../__testUtils__/fakeKubernetes';
import {
  RunningKubernetesBackend,
  startFakeClusters,
} from '../__testUtils__/kubernetesBackend';
import { RefreshService } from './RefreshService';
import {
  kubeObject,
  serviceComponent,
  serviceObjects,
} from '../__testUtils__/serviceObjects';

jest.setTimeout(120_000);

const ROOT = 'istio-system';

/** An object as the fake API server lists it: under its group, version and plural. */
function listed(object: KubernetesObject): FakeObject {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const kind = object.kind.toLowerCase();
  const plural = /[^aeiou]y$/.test(kind)
    ? `${kind.slice(0, -1)}ies`
    : `${kind}s`;
  const { apiVersion: _a, ...rest } = object;
  return { group, version, plural, object: rest as FakeObject['object'] };
}

const o = kubeObject;
const service = (name: string, namespace: string) =>
  serviceObjects(name, namespace, { servicePort: 80 });

const policy = (
  kind: string,
  namespace: string,
  name: string,
  spec: unknown,
  labels?: Record<string, string>,
) =>
  o(
    kind === 'DestinationRule'
      ? 'networking.istio.io/v1'
      : 'security.istio.io/v1',
    kind,
    namespace,
    name,
    { spec, ...(labels ? { labels } : {}) },
  );

const own = (name: string) => ({ 'backstage.io/kubernetes-id': name });

/** Worlds where the old per-service view was wrong, one service each. */
const WORLD: KubernetesObject[] = [
  o('v1', 'Namespace', undefined, ROOT),
  ...['shop', 'web', 'pay', 'ledger'].map(ns =>
    o('v1', 'Namespace', undefined, ns, {
      labels: { 'istio-injection': 'enabled' },
    }),
  ),
  o('v1', 'Namespace', undefined, 'amb', {
    labels: { 'istio.io/dataplane-mode': 'ambient' },
  }),
  policy('PeerAuthentication', ROOT, 'default', { mtls: { mode: 'STRICT' } }),
  // checkout: a gateway in istio-system, a caller in web, an allow-all of its namespace.
  ...service('checkout', 'shop'),
  ...service('frontend', 'web'),
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
  o('networking.istio.io/v1', 'VirtualService', 'shop', 'checkout', {
    labels: own('checkout'),
    spec: {
      hosts: ['shop.example.com'],
      gateways: [`${ROOT}/public-gateway`],
      http: [{ route: [{ destination: { host: 'checkout' } }] }],
    },
  }),
  policy(
    'AuthorizationPolicy',
    'shop',
    'checkout',
    {
      selector: { matchLabels: { app: 'checkout' } },
      rules: [
        {
          from: [
            { source: { principals: ['cluster.local/ns/web/sa/frontend'] } },
          ],
        },
      ],
    },
    own('checkout'),
  ),
  policy('AuthorizationPolicy', 'shop', 'allow-all', { rules: [{}] }),
  // payments: DENY from web before an ALLOW that names web's frontend.
  ...service('payments', 'pay'),
  policy(
    'AuthorizationPolicy',
    'pay',
    'deny-web',
    {
      action: 'DENY',
      selector: { matchLabels: { app: 'payments' } },
      rules: [{ from: [{ source: { namespaces: ['web'] } }] }],
    },
    own('payments'),
  ),
  policy(
    'AuthorizationPolicy',
    'pay',
    'allow-frontend',
    {
      selector: { matchLabels: { app: 'payments' } },
      rules: [
        {
          from: [
            { source: { principals: ['cluster.local/ns/web/sa/frontend'] } },
          ],
        },
      ],
    },
    own('payments'),
  ),
  // ledger: STRICT, except port 8080; its clients told to send plaintext to a STRICT server.
  ...service('ledger', 'ledger'),
  policy(
    'PeerAuthentication',
    'ledger',
    'ledger',
    {
      selector: { matchLabels: { app: 'ledger' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: { 8080: { mode: 'PERMISSIVE' } },
    },
    own('ledger'),
  ),
  ...service('reports', 'shop'),
  policy(
    'DestinationRule',
    'shop',
    'reports',
    { host: 'reports', trafficPolicy: { tls: { mode: 'DISABLE' } } },
    own('reports'),
  ),
  // search: ambient, an L7 policy and no waypoint to enforce it.
  ...service('search', 'amb'),
  policy(
    'AuthorizationPolicy',
    'amb',
    'search-get-only',
    {
      targetRefs: [{ kind: 'Service', group: '', name: 'search' }],
      rules: [{ to: [{ operation: { methods: ['GET'] } }] }],
    },
    own('search'),
  ),
];

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

/** A refresh of these catalog services from the backend's clusters into a new store on one database. */
async function refreshOf(
  id: TestDatabaseId,
  backend: RunningKubernetesBackend,
  names: string[],
) {
  const store = await DatabaseMeshStore.create({
    database: mockServices.database({ knex: await databases.init(id) }),
  });
  const refresh = new RefreshService({
    catalog: catalogServiceMock({
      entities: names.map(name => serviceComponent(name)),
    }),
    auth: mockServices.auth(),
    store,
    logger: mockServices.logger.mock(),
    clusterSources: [
      new KubernetesClusterSource({
        auth: mockServices.auth(),
        discovery: backend.discovery,
      }),
    ],
    analyzer: await createAnalyzer(),
    rootNamespace: ROOT,
    historyRetentionDays: 90,
  });
  const state = async (name: string) =>
    (await store.getState(`component:default/${name}`))!;
  return { refresh, state };
}

describe('the refresh through the real Kubernetes backend', () => {
  let clusters: Awaited<ReturnType<typeof startFakeClusters>>;

  beforeAll(async () => {
    clusters = await startFakeClusters({
      prod: { behaviour: 'ok', objects: WORLD.map(listed) },
    });
  });

  afterAll(() => clusters?.stop());

  describe.each(databases.eachSupportedId())('on %s', id => {
    let states: Record<string, EntityMeshState>;
    let listCalls: number;

    beforeAll(async () => {
      const names = [
        'checkout',
        'frontend',
        'payments',
        'ledger',
        'reports',
        'search',
      ];
      const { refresh, state } = await refreshOf(id, clusters.backend, names);
      const summary = await refresh.refreshAll(new Date());
      listCalls = summary.listCalls ?? 0;
      states = {};
      for (const name of names) states[name] = await state(name);
    });

    const workload = (name: string) => states[name].clusters[0].workloads[0];

    it('reads the cluster whole, in list calls that do not depend on the services', () => {
      expect(listCalls).toBeGreaterThan(0);
      expect(listCalls).toBeLessThan(60);
      expect(states.checkout.errors).toEqual([]);
    });

    it('finds the gateway in istio-system and the caller in web: no missing-gateway or unknown-principal finding', () => {
      expect(
        states.checkout.compliance.findings.filter(f => f.code === 'MP1103'),
      ).toEqual([]);
      expect(
        states.checkout.compliance.findings.filter(f =>
          /frontend/.test(f.message),
        ),
      ).toEqual([]);
    });

    it('sees the unlabelled allow-all of the namespace: anyone may call, and default-deny fails', () => {
      expect(workload('checkout').authorization.outcome).toBe('allow-all');
      expect(
        states.checkout.clusters[0].checks.find(c => c.code === 'MP2002'),
      ).toMatchObject({ passed: false });
    });

    it('evaluates DENY before ALLOW: web’s frontend is denied although an ALLOW names it', () => {
      const { authorization } = workload('payments');
      expect(authorization.deny.map(p => p.ref.name)).toEqual(['deny-web']);
      expect(
        evaluateAuthorization(authorization, {
          principal: 'cluster.local/ns/web/sa/frontend',
        }).verdict,
      ).toBe('deny');
    });

    it('resolves mTLS per port: the port-level PERMISSIVE is what the summary shows', () => {
      const port = workload('ledger').ports.find(p => p.port === 8080)!;
      expect(port).toMatchObject({
        mode: 'PERMISSIVE',
        decidedBy: { level: 'port' },
      });
      expect(states.ledger.mtls).toBe('PERMISSIVE');
    });

    it('shows a DestinationRule that disables TLS against a STRICT server as a conflict', () => {
      const [port] = workload('reports').ports;
      expect(port.clientTls.mode).toBe('DISABLE');
      expect(port.conflicts).toEqual([
        expect.objectContaining({ severity: 'error' }),
      ]);
      expect(states.reports.objects).toContainEqual(
        expect.objectContaining({
          kind: 'DestinationRule',
          tlsMode: 'DISABLE',
        }),
      );
    });

    it('says an L7 policy on an ambient service without a waypoint is not enforced', () => {
      expect(workload('search').dataplane).toBe('ambient');
      const [searchService] = states.search.clusters[0].services;
      expect(searchService.targetRefPolicies).toEqual([
        expect.objectContaining({ enforcement: 'ignored-needs-waypoint' }),
      ]);
    });
  });
});

describe('a cluster the Kubernetes backend cannot read, beside one it can', () => {
  let running: Awaited<ReturnType<typeof startFakeClusters>>;
  // Mutable: the fake API server reads the behaviour at each request.
  const clusters = {
    eu: { behaviour: 'ok' as const, objects: WORLD.map(listed) },
    us: {
      behaviour: 'server-error' as
        | 'ok'
        | 'server-error'
        | 'unauthorized'
        | 'bad-payload'
        | 'hanging',
      objects: WORLD.filter(
        x => x.metadata.labels?.['backstage.io/kubernetes-id'] !== 'checkout',
      ).map(listed),
    },
  };

  beforeAll(async () => {
    running = await startFakeClusters(clusters);
  });

  afterAll(() => running?.stop());

  it.each(databases.eachSupportedId())(
    'names the failed cluster on every service, shows the rest, and clears it on the next good read, on %s',
    async id => {
      clusters.us.behaviour = 'server-error';
      // ghost runs nowhere yet: us is a cluster it could be in.
      const { refresh, state } = await refreshOf(id, running.backend, [
        'checkout',
        'ghost',
      ]);
      const clusterErrors = (s: EntityMeshState) =>
        s.errors.filter(e => e.source.startsWith('cluster:'));

      const failed = await refresh.refreshAll(new Date('2026-11-30T10:00:00Z'));
      expect(
        failed.clusters?.map(c => [c.cluster, c.errors.length > 0]),
      ).toEqual([
        ['eu', false],
        ['us', true],
      ]);
      const checkout = await state('checkout');
      expect(checkout.clusters.map(c => c.cluster)).toEqual(['eu']);
      expect(checkout.clusters[0].workloads.map(w => w.name)).toEqual([
        'checkout',
      ]);
      // The source's errors of us, one per kind it could not list, and only those.
      expect(clusterErrors(checkout).length).toBeGreaterThan(0);
      expect(checkout.errors).toEqual(
        clusterErrors(checkout).map(() => ({
          source: 'cluster:us',
          message: expect.stringContaining('answered 500'),
        })),
      );
      const ghost = await state('ghost');
      expect(ghost.clusters).toEqual([]);
      expect(new Set(clusterErrors(ghost).map(e => e.source))).toEqual(
        new Set(['cluster:us']),
      );

      clusters.us.behaviour = 'ok';
      await refresh.refreshAll(new Date('2026-11-30T10:05:00Z'));
      expect(clusterErrors(await state('checkout'))).toEqual([]);
      expect(clusterErrors(await state('ghost'))).toEqual([]);
      expect((await state('checkout')).clusters.map(c => c.cluster)).toEqual([
        'eu',
      ]);
    },
  );
});

describe('a cluster read only in part', () => {
  let running: Awaited<ReturnType<typeof startFakeClusters>>;
  const checkout = [
    o('v1', 'Namespace', undefined, 'shop', {
      labels: { 'istio-injection': 'enabled' },
    }),
    ...service('checkout', 'shop'),
  ];
  const namespaceOnly = checkout.filter(x => x.kind === 'Namespace');
  // Mutable: the fake API server reads it at each request.
  const prod: FakeCluster = { behaviour: 'ok' };

  beforeAll(async () => {
    running = await startFakeClusters({ prod });
  });

  afterAll(() => running?.stop());

  /** A refresh that has seen checkout in prod; ghost runs nowhere, prod is a cluster it could be in. */
  async function afterGoodRead(id: TestDatabaseId) {
    prod.objects = checkout.map(listed);
    prod.forbidden = [];
    const run = await refreshOf(id, running.backend, ['checkout', 'ghost']);
    await run.refresh.refreshAll(new Date('2026-12-01T10:00:00Z'));
    expect((await run.state('checkout')).clusters.map(c => c.cluster)).toEqual([
      'prod',
    ]);
    return run;
  }
  const prodErrors = (s: EntityMeshState) =>
    s.errors.filter(e => e.source === 'cluster:prod');

  it.each(databases.eachSupportedId())(
    'keeps what a service had there while the kinds it is found by cannot be listed, and drops it once they can, on %s',
    async id => {
      const { refresh, state } = await afterGoodRead(id);

      // The credentials lose Deployments and Services: checkout is not found, but it was not looked for.
      prod.forbidden = ['apps/v1/deployments', 'core/v1/services'];
      await refresh.refreshAll(new Date('2026-12-01T10:05:00Z'));
      const unseen = await state('checkout');
      expect(unseen.clusters.map(c => c.cluster)).toEqual(['prod']);
      expect(unseen.clusters[0].workloads.map(w => w.name)).toEqual([
        'checkout',
      ]);
      expect(
        prodErrors(unseen)
          .map(e => e.message)
          .sort(),
      ).toEqual([
        expect.stringContaining('prod: Service: the cluster answered 403'),
        expect.stringContaining(
          'prod: apps/Deployment: the cluster answered 403',
        ),
      ]);
      // A service that could run there is told the cluster was not read whole.
      expect(prodErrors(await state('ghost'))).toEqual(prodErrors(unseen));

      // Read whole again without checkout: gone, and nothing is said of prod any more.
      prod.forbidden = [];
      prod.objects = namespaceOnly.map(listed);
      await refresh.refreshAll(new Date('2026-12-01T10:10:00Z'));
      expect((await state('checkout')).clusters).toEqual([]);
      expect(prodErrors(await state('checkout'))).toEqual([]);
      expect(prodErrors(await state('ghost'))).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'drops a service that is gone although a kind services are not found by could not be listed, on %s',
    async id => {
      const { refresh, state } = await afterGoodRead(id);

      // checkout is removed; VirtualServices cannot be listed (as RBAC often leaves an optional kind out).
      prod.objects = namespaceOnly.map(listed);
      prod.forbidden = ['networking.istio.io/v1/virtualservices'];
      await refresh.refreshAll(new Date('2026-12-01T10:05:00Z'));
      expect((await state('checkout')).clusters).toEqual([]);
      expect(prodErrors(await state('ghost'))).toEqual([]);
    },
  );
});
