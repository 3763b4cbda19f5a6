import type {
  AuthorizationRequest,
  PolicyModel,
  WorkloadPolicy,
} from '@meshpath/plugin-mesh-common';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { AnalysisResult, createAnalyzer } from '../analysis/analyzer';
import { evaluateAuthorization } from '../analysis/policy/evaluateAuthorization';
import { loadManifests } from '../manifests/loadManifests';
import type { KubernetesObject } from '@meshpath/plugin-mesh-common';

// The example estate (examples/README.md) the portal serves by default: each
// service must show, through the engine, the state the estate promises.
const examples = resolve(__dirname, '../../../../examples');

interface ClusterView extends AnalysisResult {
  objects: KubernetesObject[];
}

// The portal analyses with mesh.platform (app-config.yaml): where Prometheus, the ingress pods and the load tester run.
const platform = parse(
  readFileSync(resolve(examples, '../app-config.yaml'), 'utf8'),
).mesh.platform;

async function analyseCluster(cluster: string): Promise<ClusterView> {
  const loaded = await loadManifests([join(examples, 'clusters', cluster)]);
  expect(loaded.findings).toEqual([]);
  const analyzer = await createAnalyzer();
  const objects = loaded.objects.map(o => o.object);
  const reachability = {
    trustDomain: platform.trustDomain,
    monitoringNamespace: platform.monitoringNamespace,
    ingressNamespace: platform.ingressNamespace,
    loadTesterNamespace: platform.loadTester.namespace,
  };
  return { ...analyzer.analyze(loaded.objects, { reachability }), objects };
}

const views: Record<string, ClusterView> = {};
beforeAll(async () => {
  views['prod-eu'] = await analyseCluster('prod-eu');
  views['prod-us'] = await analyseCluster('prod-us');
});

const compliance = (cluster: string, namespace: string, service: string) =>
  views[cluster].compliance.filter(
    r => r.subject.namespace === namespace && r.subject.name === service,
  );
const failed = (cluster: string, namespace: string, service: string) =>
  compliance(cluster, namespace, service)
    .filter(r => !r.passed)
    .map(r => r.code)
    .sort();
const workload = (policy: PolicyModel, namespace: string, name: string) => {
  const found = policy.workloads.find(
    w => w.namespace === namespace && w.name === name,
  );
  if (!found) throw new Error(`no workload ${namespace}/${name}`);
  return found;
};
const object = (
  cluster: string,
  kind: string,
  namespace: string,
  name: string,
) =>
  views[cluster].objects.find(
    o =>
      o.kind === kind &&
      o.metadata.namespace === namespace &&
      o.metadata.name === name,
  ) as any;
const principal = (namespace: string, account: string) =>
  `cluster.local/ns/${namespace}/sa/${account}`;
const decide = (w: WorkloadPolicy, request: AuthorizationRequest) =>
  evaluateAuthorization(w.authorization, request).verdict;

/** Each row of examples/README.md: its namespace and the compliance rules it fails, and nothing else. */
const rows: Record<string, { namespace: string; fails: string[] }> = {
  orders: { namespace: 'orders', fails: [] },
  payments: { namespace: 'payments', fails: [] },
  cart: { namespace: 'orders', fails: ['MP2008'] },
  storefront: { namespace: 'web', fails: [] },
  auth: { namespace: 'identity', fails: ['MP2008'] },
  users: { namespace: 'accounts', fails: ['MP2001', 'MP2008'] },
  products: { namespace: 'catalog', fails: ['MP2002', 'MP2008'] },
  search: {
    namespace: 'catalog',
    fails: ['MP2002', 'MP2005', 'MP2006', 'MP2008'],
  },
  inventory: { namespace: 'catalog', fails: ['MP2001', 'MP2002', 'MP2008'] },
  recommendations: { namespace: 'catalog', fails: ['MP2002'] },
  notifications: {
    namespace: 'notifications',
    fails: [
      'MP2001',
      'MP2002',
      'MP2004',
      'MP2005',
      'MP2006',
      'MP2007',
      'MP2008',
      'MP2009',
    ],
  },
  reporting: { namespace: 'reporting', fails: ['MP2008'] },
};
/** The platform's own namespaces: not services of the estate. */
const platformNamespaces = [
  'istio-system',
  'istio-ingress',
  'monitoring',
  'batch',
];

describe.each(['prod-eu', 'prod-us'])(
  'the rows of the example estate in %s',
  cluster => {
    it.each(Object.keys(rows))("%s fails exactly its row's rules", service => {
      const { namespace, fails } = rows[service];
      if (service === 'reporting' && cluster === 'prod-us') return;
      expect(failed(cluster, namespace, service)).toEqual(fails);
    });

    it('shows no finding beyond the rows: every workload reachable by Prometheus and its callers', () => {
      const beyondCompliance = views[cluster].findings
        .filter(
          f =>
            !f.code.startsWith('MP20') &&
            !platformNamespaces.includes(
              f.object?.namespace ?? f.object?.name ?? '',
            ),
        )
        .map(
          f =>
            `${f.code} ${f.object?.kind}/${f.object?.namespace ?? ''}/${
              f.object?.name
            }`,
        )
        .sort();
      expect(beyondCompliance).toEqual(
        [
          // notifications: not enrolled, so no proxy and no policy applies.
          'MP1113 Namespace//notifications',
          'MP1124 Deployment/notifications/notifications',
          // reporting: its waypoint was removed, so the ALLOW for the waypoint names an account that is gone.
          ...(cluster === 'prod-eu'
            ? ['MP1119 AuthorizationPolicy/reporting/reporting-from-waypoint']
            : []),
        ].sort(),
      );
    });
  },
);

describe.each(['prod-eu', 'prod-us'])('the example estate in %s', cluster => {
  it('orders passes every compliance rule, behind STRICT mTLS and a precise ALLOW', () => {
    const results = compliance(cluster, 'orders', 'orders');
    expect(results.map(r => r.code).sort()).toEqual([
      'MP2001',
      'MP2002',
      'MP2004',
      'MP2005',
      'MP2006',
      'MP2007',
      'MP2008',
      'MP2009',
    ]);
    expect(results.filter(r => !r.passed)).toEqual([]);
    expect(object(cluster, 'Canary', 'orders', 'orders').status.phase).toBe(
      'Succeeded',
    );
    const primary = workload(views[cluster].policy, 'orders', 'orders-primary');
    expect(primary.ports.map(p => [p.port, p.mode])).toEqual([
      [8080, 'STRICT'],
    ]);
    expect(
      decide(primary, {
        principal: principal('web', 'storefront'),
        port: 8080,
      }),
    ).toBe('allow');
    expect(
      decide(primary, {
        principal: principal('catalog', 'search'),
        port: 8080,
      }),
    ).toBe('deny');
  });

  it("payments' policy lets orders POST /charge and would deny catalog/search", () => {
    const primary = workload(
      views[cluster].policy,
      'payments',
      'payments-primary',
    );
    const charge = { method: 'POST', path: '/charge', port: 8080 };
    expect(
      decide(primary, { principal: principal('orders', 'orders'), ...charge }),
    ).toBe('allow');
    expect(
      decide(primary, { principal: principal('catalog', 'search'), ...charge }),
    ).toBe('deny');
    expect(
      decide(primary, {
        principal: principal('orders', 'orders'),
        method: 'GET',
        path: '/charge',
        port: 8080,
      }),
    ).toBe('deny');
  });

  it("cart's route timeout is the declared 2s, except where it was edited live", () => {
    const declared = parse(
      readFileSync(
        join(examples, 'services/cart/manifests/virtualservice.yaml'),
        'utf8',
      ),
    );
    expect(declared.spec.http[0].timeout).toBe('2s');
    const live = object(cluster, 'VirtualService', 'orders', 'cart');
    expect(live.spec.http[0].timeout).toBe(
      cluster === 'prod-eu' ? '10s' : '2s',
    );
  });

  it('storefront is exposed through the ingress Gateway with a JWT and delivered by a canary', () => {
    // Mid-rollout in prod-eu only; promoted in prod-us.
    const rollout =
      cluster === 'prod-eu'
        ? { phase: 'Progressing', canaryWeight: 30, weights: [70, 30] }
        : { phase: 'Succeeded', canaryWeight: 0, weights: [100, 0] };
    expect(object(cluster, 'Canary', 'web', 'storefront').status).toMatchObject(
      { phase: rollout.phase, canaryWeight: rollout.canaryWeight },
    );
    const route = object(cluster, 'VirtualService', 'web', 'storefront').spec
      .http[0].route;
    expect(route.map((r: any) => r.weight)).toEqual(rollout.weights);
    const jwt = compliance(cluster, 'web', 'storefront').find(
      r => r.code === 'MP2003',
    );
    expect(jwt?.passed).toBe(true);
  });

  it('auth is ambient and its L7 targetRefs policy is enforced by its waypoint', () => {
    const { policy } = views[cluster];
    const auth = workload(policy, 'identity', 'auth');
    expect(auth.dataplane).toBe('ambient');
    const service = policy.services.find(
      s => s.namespace === 'identity' && s.name === 'auth',
    );
    expect(service?.waypoint).toMatchObject({
      name: 'waypoint',
      boundBy: 'service',
      found: true,
    });
    const allow = auth.authorization.allow.find(
      p => p.ref.name === 'auth-callers',
    );
    expect(allow).toMatchObject({
      scope: 'targetRefs',
      enforcement: 'waypoint',
    });
  });

  it('users accepts plaintext: the namespace PeerAuthentication is PERMISSIVE', () => {
    const users = workload(views[cluster].policy, 'accounts', 'users');
    expect(users.ports).toEqual([
      expect.objectContaining({
        port: 8080,
        mode: 'PERMISSIVE',
        decidedBy: {
          level: 'namespace',
          ref: expect.objectContaining({
            namespace: 'accounts',
            name: 'default',
          }),
        },
      }),
    ]);
    expect(failed(cluster, 'accounts', 'users')).toContain('MP2001');
  });

  it('the catalog namespace has no default-deny AuthorizationPolicy', () => {
    for (const service of [
      'products',
      'search',
      'inventory',
      'recommendations',
    ])
      expect(failed(cluster, 'catalog', service)).toContain('MP2002');
    expect(failed(cluster, 'catalog', 'products')).toEqual([
      'MP2002',
      'MP2008',
    ]);
  });

  it("search's route has no timeout and unbounded retries", () => {
    const results = compliance(cluster, 'catalog', 'search');
    expect(results.find(r => r.code === 'MP2005')).toMatchObject({
      passed: false,
      message: '1 HTTP route(s) have no timeout',
    });
    expect(results.find(r => r.code === 'MP2006')).toMatchObject({
      passed: false,
      message: '10 retry attempts exceed the limit of 3',
    });
  });

  it('inventory accepts plaintext on port 9090 alone, under mesh-wide STRICT', () => {
    const inventory = workload(views[cluster].policy, 'catalog', 'inventory');
    expect(inventory.mtls.mode).toBe('STRICT');
    expect(inventory.ports).toEqual([
      expect.objectContaining({
        port: 9090,
        mode: 'PERMISSIVE',
        decidedBy: expect.objectContaining({ level: 'port' }),
      }),
    ]);
    expect(
      compliance(cluster, 'catalog', 'inventory').find(
        r => r.code === 'MP2001',
      ),
    ).toMatchObject({
      passed: false,
      message: 'port 9090 overrides mTLS to PERMISSIVE',
    });
  });

  it("recommendations' canary analysis failed", () => {
    expect(
      object(cluster, 'Canary', 'catalog', 'recommendations').status,
    ).toMatchObject({ phase: 'Failed', failedChecks: 5, canaryWeight: 0 });
  });

  it('notifications is not enrolled in the mesh', () => {
    expect(
      workload(views[cluster].policy, 'notifications', 'notifications')
        .dataplane,
    ).toBe('none');
    expect(
      views[cluster].findings.filter(
        f => f.code === 'MP1113' && f.object?.name === 'notifications',
      ),
    ).toHaveLength(1);
    expect(failed(cluster, 'notifications', 'notifications')).toContain(
      'MP2001',
    );
  });

  it('the ingress gateway and legacy-batch are the non-catalogued workloads', () => {
    const { policy } = views[cluster];
    expect(
      workload(policy, 'istio-ingress', 'istio-ingressgateway').principal,
    ).toBe(principal('istio-ingress', 'istio-ingressgateway'));
    expect(workload(policy, 'batch', 'legacy-batch').dataplane).toBe('none');
  });
});

describe('reporting, the service in one cluster', () => {
  it('runs in prod-eu ambient without a waypoint, so its targetRefs policy is ignored', () => {
    const { policy } = views['prod-eu'];
    const reporting = workload(policy, 'reporting', 'reporting');
    expect(reporting.dataplane).toBe('ambient');
    const service = policy.services.find(
      s => s.namespace === 'reporting' && s.name === 'reporting',
    );
    expect(service?.waypoint).toBeUndefined();
    expect(
      reporting.authorization.allow.find(
        p => p.ref.name === 'reporting-callers',
      ),
    ).toMatchObject({
      scope: 'targetRefs',
      enforcement: 'ignored-needs-waypoint',
    });
  });

  it('is absent from prod-us', () => {
    expect(
      views['prod-us'].objects.filter(
        o => o.metadata.namespace === 'reporting',
      ),
    ).toEqual([]);
    expect(
      views['prod-us'].policy.workloads.some(w => w.namespace === 'reporting'),
    ).toBe(false);
  });
});

describe('the waiver that expires soon', () => {
  it('waives a finding search really has: MP2006, the unbounded retries', () => {
    const { waivers } = parse(
      readFileSync(join(examples, 'waivers.yaml'), 'utf8'),
    );
    expect(waivers).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/search',
        ruleCode: 'MP2006',
        expiresInDays: 5,
      }),
    ]);
    // The backend matches a waiver's objectRef to the finding's object as Kind/namespace/name.
    for (const cluster of ['prod-eu', 'prod-us'])
      expect(
        views[cluster].findings
          .filter(f => f.code === 'MP2006')
          .map(
            f => `${f.object?.kind}/${f.object?.namespace}/${f.object?.name}`,
          ),
      ).toContain(waivers[0].objectRef);
  });
});
