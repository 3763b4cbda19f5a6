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
