import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  EntityMeshState,
  KubernetesObject,
} from '@meshpath/plugin-mesh-common';
import { createAnalyzer } from '@meshpath/mesh-engine';
import { ClusterWorld, ClusterWorldSource } from '@meshpath/plugin-mesh-node';
import { DatabaseMeshStore } from '../database';
import {
  kubeObject,
  serviceComponent,
  serviceObjects,
} from '../__testUtils__/serviceObjects';
import { RefreshService } from './RefreshService';

jest.setTimeout(120_000);

const ROOT = 'istio-system';

/** checkout and cart in namespace shop, under a mesh-wide STRICT policy. */
const shopWorld = (): KubernetesObject[] => [
  kubeObject('v1', 'Namespace', undefined, ROOT),
  kubeObject('v1', 'Namespace', undefined, 'shop', {
    labels: { 'istio-injection': 'enabled' },
  }),
  ...serviceObjects('checkout', 'shop'),
  ...serviceObjects('cart', 'shop'),
  kubeObject('security.istio.io/v1', 'PeerAuthentication', ROOT, 'default', {
    spec: { mtls: { mode: 'STRICT' } },
  }),
];

/** Clusters as config names them: a cluster can fail, or be removed from config. */
class ConfiguredClusters implements ClusterWorldSource {
  readonly name = 'snapshot';
  listFails = false;
  constructor(public worlds: Record<string, KubernetesObject[] | Error>) {}
  async listClusters() {
    if (this.listFails) throw new Error('the source could not list');
    return Object.keys(this.worlds);
  }
  async readCluster(cluster: string): Promise<ClusterWorld> {
    const world = this.worlds[cluster];
    if (world instanceof Error)
      return { cluster, objects: [], errors: [world.message], listCalls: 0 };
    return { cluster, objects: world ?? [], errors: [], listCalls: 0 };
  }
}

const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

describe.each(databases.eachSupportedId())(
  'RefreshService: what the fleet page says of clusters, on %s',
  id => {
    async function setUp(worlds: Record<string, KubernetesObject[] | Error>) {
      const store = await DatabaseMeshStore.create({
        database: mockServices.database({ knex: await databases.init(id) }),
      });
      const clusters = new ConfiguredClusters(worlds);
      const refresh = new RefreshService({
        catalog: catalogServiceMock({
          entities: [serviceComponent('checkout'), serviceComponent('cart')],
        }),
        auth: mockServices.auth(),
        store,
        logger: mockServices.logger.mock(),
        clusterSources: [clusters],
        analyzer: await createAnalyzer(),
        rootNamespace: ROOT,
        historyRetentionDays: 90,
      });
      const state = async (name: string) =>
        (await store.getState(`component:default/${name}`)) as EntityMeshState;
      return { store, refresh, clusters, state };
    }

    it('records each cluster’s last read, and the fleet rows say why they warn', async () => {
      const { store, refresh, clusters } = await setUp({
        'prod-eu': shopWorld(),
        'prod-us': new Error('prod-us: ../clusters/prod-us: does not exist'),
      });
      await refresh.refreshAll(new Date('2026-11-30T10:00:00Z'));
      const outcomes = await store.listClusterOutcomes();
      expect(outcomes).toEqual([
        {
          cluster: 'prod-eu',
          source: 'snapshot',
          refreshedAt: '2026-11-30T10:00:00.000Z',
          readable: true,
          objects: shopWorld().length,
          errors: [],
        },
        {
          cluster: 'prod-us',
          source: 'snapshot',
          refreshedAt: '2026-11-30T10:00:00.000Z',
          readable: false,
          objects: 0,
          errors: ['prod-us: ../clusters/prod-us: does not exist'],
        },
      ]);
      const fleet = await store.listFleet({}, { offset: 0, limit: 10 });
      const unread = 'prod-us: ../clusters/prod-us: does not exist';
      // The world's own findings warn too: each row names the unread cluster among its reasons.
      expect(fleet.items.map(i => [i.entityRef, i.status])).toEqual([
        ['component:default/cart', 'warning'],
        ['component:default/checkout', 'warning'],
      ]);
      for (const row of fleet.items) {
        expect(row.statusReasons).toContain(unread);
        expect(row.statusReasons).toContainEqual(
          expect.stringMatching(/^\d+ warning findings?$/),
        );
      }

      // Read again: the outcome is replaced, and the rows are ok with no reason.
      clusters.worlds['prod-us'] = shopWorld();
      await refresh.refreshAll(new Date('2026-11-30T10:05:00Z'));
      expect(
        (await store.listClusterOutcomes()).map(o => [
          o.cluster,
          o.readable,
          o.refreshedAt,
        ]),
      ).toEqual([
        ['prod-eu', true, '2026-11-30T10:05:00.000Z'],
        ['prod-us', true, '2026-11-30T10:05:00.000Z'],
      ]);
      const after = await store.listFleet({}, { offset: 0, limit: 10 });
      for (const row of after.items)
        expect(row.statusReasons?.join()).not.toContain('prod-us');
    });

    it('drops the parts and errors of a cluster removed from config at the next refresh, and its outcome', async () => {
      const { store, refresh, clusters, state } = await setUp({
        'prod-eu': shopWorld(),
        'prod-us': shopWorld(),
        staging: new Error('staging: no answer within 60 s'),
      });
      await refresh.refreshAll(new Date('2026-11-30T10:00:00Z'));
      const before = await state('checkout');
      expect(before.clusters.map(c => c.cluster)).toEqual([
        'prod-eu',
        'prod-us',
      ]);
      expect(before.errors.map(e => e.source)).toEqual(['cluster:staging']);

      // A source that cannot list its clusters says nothing of which are gone: nothing is dropped.
      clusters.listFails = true;
      await refresh.refreshAll(new Date('2026-11-30T10:05:00Z'));
      expect((await state('checkout')).clusters.map(c => c.cluster)).toEqual([
        'prod-eu',
        'prod-us',
      ]);
      clusters.listFails = false;

      delete clusters.worlds['prod-us'];
      delete clusters.worlds.staging;
      await refresh.refreshAll(new Date('2026-11-30T10:10:00Z'));
      const checkout = await state('checkout');
      expect(checkout.clusters.map(c => c.cluster)).toEqual(['prod-eu']);
      expect(new Set(checkout.objects.map(x => x.cluster))).toEqual(
        new Set(['prod-eu']),
      );
      expect(checkout.errors).toEqual([]);
      expect((await store.listClusterOutcomes()).map(o => o.cluster)).toEqual([
        'prod-eu',
      ]);
      const fleet = await store.listFleet(
        { cluster: 'prod-us' },
        { offset: 0, limit: 10 },
      );
      expect(fleet.totalCount).toBe(0);
    });
  },
);
