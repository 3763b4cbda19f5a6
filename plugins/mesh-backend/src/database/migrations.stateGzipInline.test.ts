import { TestDatabases } from '@backstage/backend-test-utils';
import { gunzipSync, gzipSync } from 'zlib';
import {
  gzipInRow,
  largeState,
  migrateUpTo,
  migrationsDir,
} from '../__testUtils__/migrations';

const migration = '20261218130000_state_gzip_inline.js';

jest.setTimeout(60_000);

describe('state gzip kept in the row (MAIN storage)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'keeps the gzip in its row after the migration and not after it is undone, on %p',
    async id => {
      const knex = await databases.init(id);
      await migrateUpTo(knex, migration);
      const pg = id === 'POSTGRES_15';
      // Stores one state's row as this migration's schema has it, and says where PostgreSQL put its gzip.
      const storeAndLocate = async (name: string) => {
        const state = largeState(name);
        const json = JSON.stringify(state);
        await knex('mesh_entity_state').insert({
          entity_ref: state.entityRef,
          status: state.status,
          state: json,
          state_gzip: gzipSync(json),
          refreshed_at: new Date(state.refreshedAt),
        });
        const row = await knex('mesh_entity_state')
          .where({ entity_ref: state.entityRef })
          .first('state_gzip');
        expect(gunzipSync(row.state_gzip).toString('utf8')).toBe(json);
        return pg
          ? gzipInRow(knex, 'mesh_entity_state', state.entityRef)
          : undefined;
      };

      // Before: the gzip goes out of its row, a second lookup on every read.
      expect(await storeAndLocate('before')).toBe(pg ? false : undefined);
      await knex.migrate.up({ directory: migrationsDir, name: migration });
      // After: it stays in the row (the JSON still goes out).
      expect(await storeAndLocate('after')).toBe(pg ? true : undefined);
      await knex.migrate.down({ directory: migrationsDir, name: migration });
      expect(await storeAndLocate('down')).toBe(pg ? false : undefined);
      await knex.destroy();
    },
  );
});
