import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { gunzipSync, gzipSync } from 'zlib';
import { DatabaseMeshStore } from './DatabaseMeshStore';
import {
  gzipInRow,
  largeState,
  migrateUpTo,
  migrationsDir,
} from '../__testUtils__/migrations';

const migration = '20261218140000_state_gzip_table.js';

jest.setTimeout(60_000);

const decoded = (gzip: Buffer | undefined) =>
  gzip && JSON.parse(gunzipSync(gzip).toString('utf8'));

describe('state gzip in a table of its own', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'moves stored gzips out of the state rows and back, on %p',
    async id => {
      const knex = await databases.init(id);
      await migrateUpTo(knex, migration);
      // A state stored before, with its gzip in the state row.
      const before = largeState('before', '2026-12-01T10:00:00.000Z');
      const json = JSON.stringify(before);
      await knex('mesh_entity_state').insert({
        entity_ref: before.entityRef,
        status: before.status,
        state: json,
        state_gzip: gzipSync(json),
        refreshed_at: new Date(before.refreshedAt),
      });

      await knex.migrate.up({ directory: migrationsDir, name: migration });
      expect(
        await knex.schema.hasColumn('mesh_entity_state', 'state_gzip'),
      ).toBe(false);
      const store = await DatabaseMeshStore.create({
        database: mockServices.database({ knex }),
        skipMigrations: true,
      });
      expect(decoded(await store.getStateGzip(before.entityRef))).toEqual(
        before,
      );

      const newer = largeState('after', '2026-12-01T12:00:00.000Z');
      await store.putStates([{ state: newer, facts: {} }]);
      // A refresh that started earlier and finished later replaces neither the JSON nor the gzip.
      const older = largeState('after', '2026-12-01T11:00:00.000Z');
      await store.putStates([{ state: older, facts: {} }]);
      await store.putState(older, {});
      expect(decoded(await store.getStateGzip(newer.entityRef))).toEqual(newer);
      expect(await store.getState(newer.entityRef)).toEqual(newer);
      // On PostgreSQL the gzip stays in its row (SQLite has no per-column storage).
      expect(
        id === 'POSTGRES_15'
          ? await gzipInRow(knex, 'mesh_entity_state_gzip', newer.entityRef)
          : true,
      ).toBe(true);

      await knex.migrate.down({ directory: migrationsDir, name: migration });
      expect(await knex.schema.hasTable('mesh_entity_state_gzip')).toBe(false);
      const back = await knex('mesh_entity_state')
        .orderBy('entity_ref')
        .select('entity_ref', 'state_gzip');
      expect(back.map(r => [r.entity_ref, decoded(r.state_gzip)])).toEqual([
        [newer.entityRef, newer],
        [before.entityRef, before],
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'forgets the gzip of an entity that left the catalog, on %p',
    async id => {
      const knex = await databases.init(id);
      const store = await DatabaseMeshStore.create({
        database: mockServices.database({ knex }),
      });
      const kept = largeState('kept', '2026-12-01T10:00:00.000Z');
      const gone = largeState('gone', '2026-12-01T10:00:00.000Z');
      await store.putStates([
        { state: kept, facts: {} },
        { state: gone, facts: {} },
      ]);
      expect(await store.deleteStatesExcept([kept.entityRef])).toBe(1);
      expect(await store.getStateGzip(gone.entityRef)).toBeUndefined();
      expect(await knex('mesh_entity_state_gzip').pluck('entity_ref')).toEqual([
        kept.entityRef,
      ]);
      await knex.destroy();
    },
  );
});
