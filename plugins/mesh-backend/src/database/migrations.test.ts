import { TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

jest.setTimeout(60_000);

const migrationsDir = resolvePackagePath(
  '@meshpath/plugin-mesh-backend',
  'migrations',
);

const tables = [
  'mesh_entity_state',
  'mesh_history',
  'mesh_waivers',
  'mesh_audit_log',
];

describe('migrations', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())('go up and down on %p', async id => {
    const knex = await databases.init(id);

    await knex.migrate.latest({ directory: migrationsDir });
    for (const table of tables) {
      expect(await knex.schema.hasTable(table)).toBe(true);
    }
    await knex('mesh_waivers').insert({
      id: 'w1',
      entity_ref: 'component:default/a',
      rule_code: 'MP1101',
      reason: 'r',
      created_by: 'user:default/x',
      created_at: new Date(),
      expires_at: new Date(),
    });

    await knex.migrate.rollback({ directory: migrationsDir }, true);
    for (const table of tables) {
      expect(await knex.schema.hasTable(table)).toBe(false);
    }

    await knex.migrate.latest({ directory: migrationsDir });
    expect(await knex('mesh_waivers').count({ n: '*' })).toEqual([
      { n: expect.anything() },
    ]);
    await knex.destroy();
  });
});

describe('waiver workflow migration', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const migration = '20261201120000_waiver_workflow.js';

  const waiver = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    entity_ref: 'component:default/a',
    rule_code: 'MP1101',
    reason: 'r',
    created_by: 'user:default/x',
    created_at: new Date(),
    expires_at: new Date(Date.now() + 86_400_000),
    ...extra,
  });

  it.each(databases.eachSupportedId())(
    'approves waivers that already counted, and on the way down revokes requests nobody approved, on %p',
    async id => {
      const knex = await databases.init(id);
      await knex.migrate.up({ directory: migrationsDir });
      await knex('mesh_waivers').insert([
        waiver('old-active'),
        waiver('old-revoked', {
          revoked_at: new Date(),
          revoked_by: 'user:default/y',
        }),
      ]);

      await knex.migrate.up({ directory: migrationsDir, name: migration });
      const statuses = async () =>
        Object.fromEntries(
          (await knex('mesh_waivers').select('id', 'status')).map(r => [
            r.id,
            r.status,
          ]),
        );
      expect(await statuses()).toEqual({
        'old-active': 'approved',
        'old-revoked': 'revoked',
      });
      // One row per insert: SQLite's multi-row insert sets missing columns to null, not their default.
      await knex('mesh_waivers').insert(waiver('pending'));
      await knex('mesh_waivers').insert([
        waiver('rejected', {
          status: 'rejected',
          decided_by: 'user:default/z',
          decided_at: new Date(),
          decision_comment: 'no',
        }),
      ]);
      expect((await statuses()).pending).toBe('pending');

      await knex.migrate.down({ directory: migrationsDir, name: migration });
      expect(await knex.schema.hasColumn('mesh_waivers', 'status')).toBe(false);
      expect(await knex.schema.hasColumn('mesh_waivers', 'decided_by')).toBe(
        false,
      );
      // What the old code counts: unrevoked rows. Only the approved one is left.
      expect(
        (await knex('mesh_waivers').whereNull('revoked_at').select('id')).map(
          r => r.id,
        ),
      ).toEqual(['old-active']);

      await knex.migrate.latest({ directory: migrationsDir });
      expect(await statuses()).toEqual({
        'old-active': 'approved',
        'old-revoked': 'revoked',
        pending: 'revoked',
        rejected: 'revoked',
      });
      await knex.destroy();
    },
  );
});

describe('audit log comment migration', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const migration = '20261215120000_audit_log_comment.js';

  it.each(databases.eachSupportedId())(
    'says what the audit log holds (no refreshes), and restores the old comment on the way down, on %p',
    async id => {
      const knex = await databases.init(id);
      // SQLite keeps no comments: there the migration only has to run both ways.
      const onPostgres = id === 'POSTGRES_15';
      const tableComment = async () =>
        onPostgres
          ? (
              await knex.raw(
                "select obj_description('mesh_audit_log'::regclass, 'pg_class') as comment",
              )
            ).rows[0].comment
          : undefined;

      await knex.migrate.latest({ directory: migrationsDir });
      expect(await tableComment()).toBe(
        onPostgres
          ? 'Every change to waivers, and every removal of an entity that left the catalog (its waivers revoked, its history deleted), for audit'
          : undefined,
      );

      await knex.migrate.down({ directory: migrationsDir, name: migration });
      expect(await tableComment()).toBe(
        onPostgres
          ? 'Every change to waivers and every on-demand refresh, for audit'
          : undefined,
      );
      expect(await knex.schema.hasTable('mesh_audit_log')).toBe(true);
      await knex.migrate.latest({ directory: migrationsDir });
      await knex.destroy();
    },
  );
});
