import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { EntityMeshState } from '@meshpath/plugin-mesh-common';
import { DatabaseMeshStore } from './DatabaseMeshStore';

jest.setTimeout(60_000);

const ref = (i: number) =>
  `component:default/svc-${String(i).padStart(4, '0')}`;

function state(
  entityRef: string,
  refreshedAt: string,
  status: EntityMeshState['status'] = 'ok',
): EntityMeshState {
  return {
    entityRef,
    status,
    refreshedAt,
    objects: [],
    mtls: 'STRICT',
    clusters: [],
    canaries: [],
    slos: [],
    compliance: { frameworks: [], findings: [] },
    errors: [],
  };
}

describe('DatabaseMeshStore batches', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(id: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(id);
    const store = await DatabaseMeshStore.create({
      database: mockServices.database({ knex }),
    });
    return { knex, store };
  }

  describe.each(databases.eachSupportedId())('on %p', id => {
    it('writes and reads back more states than one statement holds, with their fleet facts', async () => {
      const { knex, store } = await createStore(id);
      const refs = Array.from({ length: 250 }, (_, i) => ref(i));
      await store.putStates(
        refs.map((r, i) => ({
          state: state(r, '2026-11-01T10:00:00.000Z'),
          facts: { owner: `group:default/team-${i % 3}`, namespace: 'shop' },
        })),
      );

      const read = await store.getStatesJson([...refs, ref(9999)]);
      expect(read.size).toBe(250);
      expect(read.has(ref(9999))).toBe(false);
      expect(JSON.parse(read.get(ref(249))!)).toEqual(
        state(ref(249), '2026-11-01T10:00:00.000Z'),
      );
      const fleet = await store.listFleet(
        { owner: 'group:default/team-1', namespace: 'shop' },
        { offset: 0, limit: 500 },
      );
      expect(fleet.totalCount).toBe(83);
      expect(await store.getStatesJson([])).toEqual(new Map());
      await knex.destroy();
    });

    it('never replaces a stored state with one refreshed earlier, row by row; of one entity’s states the latest counts', async () => {
      const { knex, store } = await createStore(id);
      await store.putState(
        state(ref(1), '2026-11-01T10:05:00.000Z', 'warning'),
        {},
      );
      await store.putStates([
        // Older than the stored one: ignored.
        {
          state: state(ref(1), '2026-11-01T10:00:00.000Z', 'critical'),
          facts: {},
        },
        // Twice in one batch: the later refresh wins, whatever the order.
        { state: state(ref(2), '2026-11-01T10:10:00.000Z', 'ok'), facts: {} },
        {
          state: state(ref(2), '2026-11-01T10:01:00.000Z', 'critical'),
          facts: {},
        },
        { state: state(ref(3), '2026-11-01T10:00:00.000Z', 'ok'), facts: {} },
      ]);
      expect((await store.getState(ref(1)))?.status).toBe('warning');
      expect((await store.getState(ref(2)))?.status).toBe('ok');
      expect((await store.getState(ref(3)))?.status).toBe('ok');

      await store.putStates([
        {
          state: state(ref(1), '2026-11-01T10:06:00.000Z', 'critical'),
          facts: {},
        },
      ]);
      expect((await store.getState(ref(1)))?.status).toBe('critical');
      await knex.destroy();
    });

    it('lists the waivers counting at a time for many entities in one call', async () => {
      const { knex, store } = await createStore(id);
      const now = new Date('2026-11-01T10:00:00.000Z');
      const request = (entityRef: string, expiresAt: string) =>
        store.createWaiver(
          {
            entityRef,
            ruleCode: 'MP2001',
            reason: 'migration',
            createdBy: 'user:default/owner',
            expiresAt,
          },
          now,
        );
      const approve = (entityRef: string, waiverId: string) =>
        store.decideWaiver(
          entityRef,
          waiverId,
          { status: 'approved', decidedBy: 'user:default/approver' },
          now,
        );
      const a = await request(ref(1), '2026-12-01T00:00:00.000Z');
      await approve(ref(1), a.id);
      // Pending: does not count.
      await request(ref(1), '2026-12-01T00:00:00.000Z');
      // Approved but expired at the time asked.
      const expired = await request(ref(2), '2026-11-01T11:00:00.000Z');
      await approve(ref(2), expired.id);
      const other = await request(ref(3), '2026-12-01T00:00:00.000Z');
      await approve(ref(3), other.id);

      const active = await store.listActiveWaivers(
        [ref(1), ref(2)],
        new Date('2026-11-01T12:00:00.000Z'),
      );
      expect([...active.keys()]).toEqual([ref(1)]);
      expect(active.get(ref(1))).toEqual(
        await store.listWaivers(ref(1), new Date('2026-11-01T12:00:00.000Z')),
      );
      expect(active.get(ref(1))!.map(w => w.id)).toEqual([a.id]);
      await knex.destroy();
    });

    it('adds many entities’ history in one call', async () => {
      const { knex, store } = await createStore(id);
      const recordedAt = '2026-11-01T10:00:00.000Z';
      await store.addHistories(
        Array.from({ length: 120 }, (_, i) => ({
          entityRef: ref(i),
          points: [
            { metric: 'compliance:SOC2', value: i / 100, recordedAt },
            { metric: 'slo:availability', value: null, recordedAt },
          ],
        })),
      );
      await store.addHistories([{ entityRef: ref(0), points: [] }]);
      const since = new Date('2026-10-01T00:00:00.000Z');
      expect(await store.getHistory(ref(7), { since })).toEqual([
        { metric: 'compliance:SOC2', value: 0.07, recordedAt },
        { metric: 'slo:availability', value: null, recordedAt },
      ]);
      expect(await store.getHistory(ref(0), { since })).toHaveLength(2);
      await knex.destroy();
    });
  });
});
