import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  EntityMeshState,
  KubernetesObject,
} from '@meshpath/plugin-mesh-common';
import { createAnalyzer } from '@meshpath/mesh-engine';
import { DatabaseMeshStore } from '../database';
import { KubernetesClusterSource } from '../sources/cluster';
import {
  FakeCluster,
  FakeKubernetes,
  FakeObject,
  startFakeKubernetes,
} from '../__testUtils__/fakeKubernetes';
import {
  RunningKubernetesBackend,
  startKubernetesBackend,
} from '../__testUtils__/kubernetesBackend';
import { kubeObject, serviceObjects } from '../__testUtils__/serviceObjects';
import { RefreshService } from './RefreshService';

jest.setTimeout(120_000);

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

const component = (name: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': name },
  },
  spec: { type: 'service', owner: 'team', lifecycle: 'production' },
});

/** An object as the fake API server lists it: under its group, version and plural. */
function listed(object: KubernetesObject): FakeObject {
  const [group, version] = object.apiVersion.includes('/')
    ? object.apiVersion.split('/')
    : ['', object.apiVersion];
  const { apiVersion: _a, ...rest } = object;
  return {
    group,
    version,
    plural: `${object.kind.toLowerCase()}s`,
    object: rest as FakeObject['object'],
  };
}

const WORLD = [
  kubeObject('v1', 'Namespace', undefined, 'shop', {
    labels: { 'istio-injection': 'enabled' },
  }),
  ...serviceObjects('checkout', 'shop'),
];

describe('a cluster read only in part', () => {
  let kubernetes: FakeKubernetes;
  let backend: RunningKubernetesBackend;
  // Mutable: the fake API server reads it at each request.
  const prod: FakeCluster = { behaviour: 'ok', objects: WORLD.map(listed) };

  beforeAll(async () => {
    kubernetes = await startFakeKubernetes({ prod });
    backend = await startKubernetesBackend({
      entities: [],
      kubernetes: {
        serviceLocatorMethod: { type: 'multiTenant' },
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'prod',
                url: kubernetes.clusterUrl('prod'),
                authProvider: 'serviceAccount',
                serviceAccountToken: 'token-of-prod',
              },
            ],
          },
        ],
      },
    });
  });

  afterAll(async () => {
    await backend?.stop();
    await kubernetes?.close();
  });

  it.each(databases.eachSupportedId())(
    'keeps what a service had there while the kinds it is found by cannot be listed, and drops it once they can, on %s',
    async id => {
      prod.objects = WORLD.map(listed);
      prod.forbidden = [];
      const store = await DatabaseMeshStore.create({
        database: mockServices.database({ knex: await databases.init(id) }),
      });
      const refresh = new RefreshService({
        // ghost runs nowhere: prod is a cluster it could be in.
        catalog: catalogServiceMock({
          entities: ['checkout', 'ghost'].map(component),
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
        rootNamespace: 'istio-system',
        historyRetentionDays: 90,
      });
      const state = async (name: string) =>
        (await store.getState(`component:default/${name}`))!;
      const prodErrors = (s: EntityMeshState) =>
        s.errors.filter(e => e.source === 'cluster:prod');

      await refresh.refreshAll(new Date('2026-12-01T10:00:00Z'));
      expect((await state('checkout')).clusters.map(c => c.cluster)).toEqual([
        'prod',
      ]);

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
      prod.objects = WORLD.filter(o => o.kind === 'Namespace').map(listed);
      await refresh.refreshAll(new Date('2026-12-01T10:10:00Z'));
      expect((await state('checkout')).clusters).toEqual([]);
      expect(prodErrors(await state('checkout'))).toEqual([]);
      expect(prodErrors(await state('ghost'))).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'drops a service that is gone although a kind services are not found by could not be listed, on %s',
    async id => {
      prod.objects = WORLD.map(listed);
      prod.forbidden = [];
      const store = await DatabaseMeshStore.create({
        database: mockServices.database({ knex: await databases.init(id) }),
      });
      const refresh = new RefreshService({
        catalog: catalogServiceMock({
          entities: ['checkout', 'ghost'].map(component),
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
        rootNamespace: 'istio-system',
        historyRetentionDays: 90,
      });
      const state = async (name: string) =>
        (await store.getState(`component:default/${name}`))!;
      await refresh.refreshAll(new Date('2026-12-01T11:00:00Z'));
      expect((await state('checkout')).clusters.map(c => c.cluster)).toEqual([
        'prod',
      ]);

      // checkout is removed; VirtualServices cannot be listed (as RBAC often leaves an optional kind out).
      prod.objects = WORLD.filter(o => o.kind === 'Namespace').map(listed);
      prod.forbidden = ['networking.istio.io/v1/virtualservices'];
      await refresh.refreshAll(new Date('2026-12-01T11:05:00Z'));
      expect((await state('checkout')).clusters).toEqual([]);
      expect(
        (await state('ghost')).errors.filter(e => e.source === 'cluster:prod'),
      ).toEqual([]);
    },
  );
});
