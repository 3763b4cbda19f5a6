import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { gunzipSync } from 'zlib';
import { DatabaseMeshStore } from './DatabaseMeshStore';
import { migrateUpTo, migrationsDir } from '../__testUtils__/migrations';

const migration = '20261217120000_state_gzip.js';

jest.setTimeout(60_000);

describe('compressed state migration', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'leaves states stored before it uncompressed, stores new ones compressed, and drops the column on the way down, on %p',
    async id => {
      const knex = await databases.init(id);
      await migrateUpTo(knex, migration);
      const before = {
        entityRef: 'component:default/old',
        status: 'ok',
        refreshedAt: '2026-11-01T10:00:00.000Z',
      };
      await knex('mesh_entity_state').insert({
        entity_ref: before.entityRef,
        status: 'ok',
        state: JSON.stringify(before),
        refreshed_at: new Date(before.refreshedAt),
      });

      // The store is today's: it reads and writes the latest schema.
      const store = await DatabaseMeshStore.create({
        database: mockServices.database({ knex }),
      });
      expect(await store.getStateGzip(before.entityRef)).toBeUndefined();
      expect(await store.getStateJson(before.entityRef)).toBe(
        JSON.stringify(before),
      );
      const state = {
        entityRef: 'component:default/new',
        status: 'ok' as const,
        refreshedAt: '2026-11-01T10:00:00.000Z',
        objects: [],
        mtls: 'STRICT',
        clusters: [],
        canaries: [],
        slos: [],
        compliance: { frameworks: [], findings: [] },
        errors: [],
      };
      await store.putStates([{ state, facts: {} }]);
      const compressed = await store.getStateGzip(state.entityRef);
      expect(gunzipSync(compressed!).toString('utf8')).toBe(
        await store.getStateJson(state.entityRef),
      );

      // Back down to before this migration, one step at a time.
      for (;;) {
        const [done] = await knex.migrate.list({ directory: migrationsDir });
        const last = done[done.length - 1];
        await knex.migrate.down({ directory: migrationsDir });
        if ((last?.name ?? last?.file ?? last) === migration) break;
      }
      expect(
        await knex.schema.hasColumn('mesh_entity_state', 'state_gzip'),
      ).toBe(false);
      expect(await knex.schema.hasColumn('mesh_entity_state', 'state')).toBe(
        true,
      );
      await knex.destroy();
    },
  );
});
