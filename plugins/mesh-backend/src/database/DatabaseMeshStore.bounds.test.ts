import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { HistoryPoint } from '@meshpath/plugin-mesh-common';
import { DatabaseMeshStore } from './DatabaseMeshStore';
import { RefreshBudgets } from './MeshStore';

jest.setTimeout(60_000);

describe('DatabaseMeshStore bounds', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(id: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(id);
    return DatabaseMeshStore.create({
      database: mockServices.database({ knex }),
    });
  }

  describe.each(databases.eachSupportedId())('on %p', id => {
    it('pages history in order, across points recorded at the same time', async () => {
      const store = await createStore(id);
      // Each refresh records several metrics at one time: pages must not split or repeat them.
      const points: HistoryPoint[] = [];
      for (let minute = 0; minute < 5; minute++) {
        for (const metric of ['a', 'b', 'c']) {
          points.push({
            metric,
            value: minute,
            recordedAt: new Date(
              Date.UTC(2026, 10, 1, 10, minute),
            ).toISOString(),
          });
        }
      }
      await store.addHistory('component:default/a', points);
      await store.addHistory('component:default/other', points);

      const since = new Date('2026-11-01T10:01:00Z');
      const seen: HistoryPoint[] = [];
      let page = await store.getHistoryPage('component:default/a', {
        since,
        limit: 4,
      });
      const sizes = [page.items.length];
      seen.push(...page.items);
      while (page.next) {
        page = await store.getHistoryPage('component:default/a', {
          since,
          limit: 4,
          after: page.next,
        });
        sizes.push(page.items.length);
        seen.push(...page.items);
      }
      expect(sizes).toEqual([4, 4, 4]);
      expect(seen).toEqual(points.slice(3));

      const onlyB = await store.getHistoryPage('component:default/a', {
        since,
        metric: 'b',
        limit: 10,
      });
      expect(onlyB.items.map(p => p.value)).toEqual([1, 2, 3, 4]);
      expect(onlyB.next).toBeUndefined();
    });

    it('grants one on-demand refresh per entity interval and a budget per caller', async () => {
      const store = await createStore(id);
      const budgets = (entityRef: string, caller: string): RefreshBudgets => ({
        entityRef,
        caller,
        entityIntervalMs: 60_000,
        callerLimit: 2,
        callerWindowMs: 600_000,
      });
      const at = (seconds: number) =>
        new Date(Date.UTC(2026, 10, 1, 10, 0, seconds));

      expect(
        await store.claimOnDemandRefresh(
          budgets('component:default/a', 'user:default/u'),
          at(0),
        ),
      ).toEqual({ granted: true });
      // The same entity again within the minute, whoever asks.
      expect(
        await store.claimOnDemandRefresh(
          budgets('component:default/a', 'user:default/v'),
          at(20),
        ),
      ).toEqual({ granted: false, retryAfterMs: 40_000 });
      expect(
        await store.claimOnDemandRefresh(
          budgets('component:default/b', 'user:default/u'),
          at(20),
        ),
      ).toEqual({ granted: true });
      // The caller's budget (2 per 10 minutes) is spent; refused, entity c keeps its turn.
      expect(
        await store.claimOnDemandRefresh(
          budgets('component:default/c', 'user:default/u'),
          at(30),
        ),
      ).toEqual({ granted: false, retryAfterMs: 570_000 });
      expect(
        await store.claimOnDemandRefresh(
          budgets('component:default/c', 'user:default/v'),
          at(31),
        ),
      ).toEqual({ granted: true });
      // After the interval the entity may be refreshed again.
      expect(
        await store.claimOnDemandRefresh(
          budgets('component:default/a', 'user:default/v'),
          at(60),
        ),
      ).toEqual({ granted: true });
      // A caller key longer than the column still gets a budget of its own.
      expect(
        await store.claimOnDemandRefresh(
          budgets('component:default/d', `user:default/${'x'.repeat(400)}`),
          at(61),
        ),
      ).toEqual({ granted: true });
    });

    it('grants one refresh of an entity to concurrent callers', async () => {
      const store = await createStore(id);
      const now = new Date();
      const claims = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          store.claimOnDemandRefresh(
            {
              entityRef: 'component:default/a',
              caller: `user:default/u${i}`,
              entityIntervalMs: 60_000,
              callerLimit: 10,
              callerWindowMs: 600_000,
            },
            now,
          ),
        ),
      );
      expect(claims.filter(c => c.granted)).toHaveLength(1);
    });
  });
});
