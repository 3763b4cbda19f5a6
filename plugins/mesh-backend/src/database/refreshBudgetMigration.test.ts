import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';

jest.setTimeout(60_000);

const directory = resolvePackagePath(
  '@meshpath/plugin-mesh-backend',
  'migrations',
);
const name = '20261201130000_refresh_budget.js';

describe('refresh budget migration', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())('goes up and down on %p', async id => {
    const knex = await databases.init(id);
    await knex.migrate.latest({ directory });
    expect(await knex.schema.hasTable('mesh_refresh_budget')).toBe(true);
    // One row per scope and subject: the claim's upserts name that key as their conflict target.
    for (const used of [1, 2]) {
      await knex('mesh_refresh_budget')
        .insert({
          scope: 'entity',
          subject: 'component:default/a',
          window_start: new Date(),
          used,
        })
        .onConflict(['scope', 'subject'])
        .merge();
    }
    expect(await knex('mesh_refresh_budget').select('used')).toEqual([
      { used: 2 },
    ]);

    await knex.migrate.down({ directory, name });
    expect(await knex.schema.hasTable('mesh_refresh_budget')).toBe(false);
    expect(await knex.schema.hasTable('mesh_entity_state')).toBe(true);
    await knex.migrate.up({ directory, name });
    expect(await knex.schema.hasTable('mesh_refresh_budget')).toBe(true);
    await knex.destroy();
  });
});
