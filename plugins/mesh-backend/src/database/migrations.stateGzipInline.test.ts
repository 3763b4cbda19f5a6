import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { randomBytes } from 'crypto';
import { Knex } from 'knex';
import { gunzipSync, gzipSync } from 'zlib';

const migrationsDir = resolvePackagePath(
  '@meshpath/plugin-mesh-backend',
  'migrations',
);
const migration = '20261218130000_state_gzip_inline.js';

jest.setTimeout(60_000);

/** A state whose JSON and gzip are both larger than PostgreSQL keeps in a row by default (random text barely compresses). */
function largeState(name: string) {
  return {
    entityRef: `component:default/${name}`,
    status: 'ok' as const,
    refreshedAt: '2026-12-01T10:00:00.000Z',
    objects: [],
    mtls: 'STRICT',
    clusters: [],
    canaries: [],
    slos: [],
    compliance: { frameworks: [], findings: [] },
    errors: Array.from({ length: 8 }, (_, i) => ({
      source: `cluster:c${i}`,
      message: randomBytes(600).toString('base64'),
    })),
  };
}

/**
 * Whether PostgreSQL keeps a state's gzip in its row: a value in the row has its
 * length header on top of its bytes, one moved out (TOAST) reports its bytes alone.
 */
async function gzipInRow(knex: Knex, entityRef: string): Promise<boolean> {
  const { rows } = await knex.raw(
    `SELECT pg_column_size(state_gzip) - octet_length(state_gzip) AS header
       FROM mesh_entity_state WHERE entity_ref = ?`,
    [entityRef],
  );
  return Number(rows[0].header) > 0;
}

describe('state gzip kept in the row (MAIN storage)', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'keeps the gzip in its row after the migration and not after it is undone, on %p',
    async id => {
      const knex = await databases.init(id);
      for (;;) {
        const [, pending] = await knex.migrate.list({
          directory: migrationsDir,
        });
        if (pending[0]?.file === migration) break;
        await knex.migrate.up({ directory: migrationsDir });
      }
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
        return pg ? gzipInRow(knex, state.entityRef) : undefined;
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
