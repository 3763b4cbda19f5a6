import { mockServices } from '@backstage/backend-test-utils';
import {
  FakeKubernetes,
  startFakeKubernetes,
} from '../__testUtils__/fakeKubernetes';
import { meshFixtures } from '../__testUtils__/meshFixtures';
import { startKubernetesBackend } from '../__testUtils__/kubernetesBackend';
import { KubernetesBackendSource } from './KubernetesBackendSource';

jest.setTimeout(60_000);

const entity = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': name },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

/** Runs the real Kubernetes backend against the fake clusters and returns our source pointed at it. */
async function startSource(fake: FakeKubernetes, clusters: string[]) {
  const backend = await startKubernetesBackend({
    entities: [
      entity('checkout'),
      entity('payments'),
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'istio-mesh',
          namespace: 'default',
          annotations: {
            'backstage.io/kubernetes-namespace': 'istio-system',
            'backstage.io/kubernetes-label-selector': '!meshpath.io/none',
          },
        },
        spec: { type: 'service-mesh', owner: 'group:default/platform' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'cluster-namespaces',
          namespace: 'default',
          annotations: {
            'backstage.io/kubernetes-label-selector': '!meshpath.io/none',
          },
        },
        spec: {
          type: 'kubernetes-namespaces',
          owner: 'group:default/platform',
        },
      },
    ],
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: clusters.map(name => ({
            name,
            url: fake.clusterUrl(name),
            authProvider: 'serviceAccount',
            serviceAccountToken: 'fake-token',
          })),
        },
      ],
    },
  });
  const source = new KubernetesBackendSource({
    auth: mockServices.auth(),
    discovery: backend.discovery,
    timeoutMs: 3000,
    meshWideEntityRef: 'resource:default/istio-mesh',
    namespacesEntityRef: 'resource:default/cluster-namespaces',
  });
  return { backend, source };
}

describe('KubernetesBackendSource through the real Kubernetes backend', () => {
  let fake: FakeKubernetes;

  afterEach(async () => {
    await fake?.close();
  });

  it("returns each entity's own mesh objects, and per-cluster errors next to the clusters that worked", async () => {
    fake = await startFakeKubernetes({
      'prod-eu': {
        behaviour: 'ok',
        objects: [...meshFixtures('checkout'), ...meshFixtures('payments')],
      },
      'prod-us': { behaviour: 'unauthorized' },
      staging: { behaviour: 'server-error' },
      edge: { behaviour: 'bad-payload' },
    });
    const { backend, source } = await startSource(fake, [
      'prod-eu',
      'prod-us',
      'staging',
      'edge',
    ]);
    try {
      const result = await source.fetchObjects('component:default/checkout');
      expect(result.errors).toEqual([]);
      const byCluster = Object.fromEntries(
        result.clusters.map(c => [c.cluster, c]),
      );

      const prod = byCluster['prod-eu'];
      expect(prod.errors).toEqual([]);
      expect(
        prod.objects
          .map(
            o =>
              `${o.apiVersion} ${o.kind} ${o.metadata.namespace}/${o.metadata.name}`,
          )
          .sort(),
      ).toEqual([
        'apps/v1 Deployment shop/checkout',
        'flagger.app/v1beta1 Canary shop/checkout',
        'networking.istio.io/v1 DestinationRule shop/checkout',
        'networking.istio.io/v1 VirtualService shop/checkout',
        'security.istio.io/v1 AuthorizationPolicy shop/checkout-callers',
        'security.istio.io/v1 PeerAuthentication shop/checkout',
        'v1 Pod shop/checkout-7d9f-abcde',
        'v1 Service shop/checkout',
      ]);
      expect(prod.objects.find(o => o.kind === 'Canary')?.status).toEqual({
        phase: 'Progressing',
        canaryWeight: 20,
        failedChecks: 1,
      });
      // The Kubernetes backend asked with the entity's label selector.
      expect(fake.requests).toContain(
        '/prod-eu/apis/flagger.app/v1beta1/canaries?labelSelector=backstage.io%2Fkubernetes-id%3Dcheckout',
      );

      expect(byCluster['prod-us'].objects).toEqual([]);
      expect(byCluster['prod-us'].errors[0]).toMatch(
        /UNAUTHORIZED_ERROR \(401\)/,
      );
      expect(byCluster.staging.errors[0]).toMatch(/SYSTEM_ERROR \(500\)/);
      expect(byCluster.edge.errors[0]).toMatch(/FETCH_ERROR: invalid json/);
    } finally {
      await backend.stop();
    }
  });

  it('reports a hanging cluster as a timeout of the source, not a crash', async () => {
    fake = await startFakeKubernetes({
      'prod-eu': { behaviour: 'ok', objects: meshFixtures('checkout') },
      stuck: { behaviour: 'hanging' },
    });
    const { backend, source } = await startSource(fake, ['prod-eu', 'stuck']);
    try {
      const result = await source.fetchObjects('component:default/checkout');
      expect(result.clusters).toEqual([]);
      expect(result.errors).toEqual([
        {
          source: 'kubernetes',
          message: expect.stringMatching(/did not answer within 3000 ms/),
        },
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('reports an entity the Kubernetes backend cannot find as a source error', async () => {
    fake = await startFakeKubernetes({
      'prod-eu': { behaviour: 'ok', objects: [] },
    });
    const { backend, source } = await startSource(fake, ['prod-eu']);
    try {
      const result = await source.fetchObjects('component:default/unknown');
      expect(result.errors[0].message).toMatch(
        /Kubernetes backend answered 400/,
      );
    } finally {
      await backend.stop();
    }
  });

  it('fetches the mesh-wide policies of the root namespace through a mesh entity', async () => {
    const rootPolicy = {
      group: 'security.istio.io',
      version: 'v1',
      plural: 'peerauthentications',
      object: {
        kind: 'PeerAuthentication',
        metadata: { name: 'default', namespace: 'istio-system' },
        spec: { mtls: { mode: 'STRICT' } },
      },
    };
    const namespace = (name: string, labels: Record<string, string>) => ({
      group: '',
      version: 'v1',
      plural: 'namespaces',
      object: {
        kind: 'Namespace',
        metadata: {
          name,
          labels: { 'kubernetes.io/metadata.name': name, ...labels },
        },
      },
    });
    fake = await startFakeKubernetes({
      'prod-eu': {
        behaviour: 'ok',
        objects: [
          ...meshFixtures('checkout'),
          rootPolicy,
          namespace('shop', { 'istio-injection': 'enabled' }),
          namespace('legacy', {}),
        ],
      },
    });
    const { backend, source } = await startSource(fake, ['prod-eu']);
    try {
      const result = await source.fetchMeshWide();
      expect(result.errors).toEqual([]);
      expect(
        result.clusters.map(c => [
          c.cluster,
          c.objects.map(
            o => `${o.kind} ${o.metadata.namespace}/${o.metadata.name}`,
          ),
        ]),
      ).toEqual([
        ['prod-eu', ['PeerAuthentication istio-system/default']],
        ['prod-eu', ['Namespace undefined/shop', 'Namespace undefined/legacy']],
      ]);
      // Cluster-scoped list: no namespace in the path, the entity's selector as labelSelector.
      expect(fake.requests).toContain(
        '/prod-eu/api/v1/namespaces?labelSelector=!meshpath.io%2Fnone',
      );
      const shop = result.clusters[1].objects[0];
      expect(shop.apiVersion).toBe('v1');
      expect(shop.metadata.labels?.['istio-injection']).toBe('enabled');
    } finally {
      await backend.stop();
    }
  });
});
