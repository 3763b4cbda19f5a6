import { TestDatabases } from '@backstage/backend-test-utils';
import { migrateUpTo, migrationsDir } from '../__testUtils__/migrations';

const migration = '20261216120000_fleet_columns.js';

jest.setTimeout(60_000);

describe('fleet columns migration', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'fills the fleet columns of states stored before it, and drops them on the way down, on %p',
    async id => {
      const knex = await databases.init(id);
      // Every migration before this one.
      await migrateUpTo(knex, migration);
      const state = {
        entityRef: 'component:default/payments',
        status: 'critical',
        refreshedAt: '2026-11-01T10:00:00.000Z',
        mtls: 'PERMISSIVE',
        clusters: [{ cluster: 'prod-eu' }, { cluster: 'prod-us' }],
        slos: [
          { errorBudgetRemaining: { state: 'known', value: 0.4 } },
          { errorBudgetRemaining: { state: 'unknown', reason: 'no traffic' } },
        ],
        compliance: {
          frameworks: [{ framework: 'SOC2', score: 0.5 }],
          findings: [
            { code: 'MP1101', severity: 'error' },
            { code: 'MP2006', severity: 'warning', waiverId: 'w' },
          ],
        },
      };
      await knex('mesh_entity_state').insert([
        {
          entity_ref: state.entityRef,
          status: 'critical',
          state: JSON.stringify(state),
          refreshed_at: new Date(state.refreshedAt),
        },
        {
          entity_ref: 'component:default/broken',
          status: 'unknown',
          state: '{not json',
          refreshed_at: new Date(state.refreshedAt),
        },
      ]);

      await knex.migrate.up({ directory: migrationsDir, name: migration });
      const row = await knex('mesh_entity_state')
        .where({ entity_ref: state.entityRef })
        .first();
      expect(row).toMatchObject({
        clusters: ',prod-eu,prod-us,',
        mtls: 'PERMISSIVE',
        open_findings: 1,
        finding_codes: ',MP1101:error,',
        maturity_rank: 0,
        maturity_level: null,
      });
      expect(Number(row.slo_budget)).toBe(0.4);
      expect(JSON.parse(row.compliance_scores)).toEqual({ SOC2: 0.5 });
      // A state it cannot read keeps the defaults until the next refresh.
      expect(
        await knex('mesh_entity_state')
          .where({ entity_ref: 'component:default/broken' })
          .first('open_findings', 'mtls'),
      ).toEqual({ open_findings: 0, mtls: 'unknown' });

      await knex.migrate.down({ directory: migrationsDir, name: migration });
      expect(await knex.schema.hasColumn('mesh_entity_state', 'mtls')).toBe(
        false,
      );
      expect(
        await knex.schema.hasColumn('mesh_entity_state', 'maturity_next'),
      ).toBe(false);
      await knex.destroy();
    },
  );
});
