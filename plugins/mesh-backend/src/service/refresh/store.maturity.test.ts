import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { DatabaseMeshStore } from '../../database';
import { storeUpdates } from './store';

jest.setTimeout(60_000);

describe('storeUpdates scoring', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'assesses each stored state against the maturity levels, and the fleet row carries the level, on %p',
    async id => {
      const knex = await databases.init(id);
      const store = await DatabaseMeshStore.create({
        database: mockServices.database({ knex }),
      });
      const measured = {
        entityRef: 'component:default/orders',
        facts: { owner: 'group:default/orders-team' },
        update: {
          kind: 'measured' as const,
          part: { slos: [], errors: [] },
        },
      };
      const options = {
        now: new Date('2026-11-01T00:00:00Z'),
        logger: mockServices.logger.mock(),
        maturityLevels: [
          {
            name: 'bronze',
            requires: { noFindingSeverities: ['error' as const] },
          },
          { name: 'silver', requires: { sloDeclared: true } },
        ],
      };

      await storeUpdates(store, [measured], options);

      expect((await store.getState(measured.entityRef))?.maturity).toEqual({
        level: 'bronze',
        rank: 1,
        next: { level: 'silver', missing: ['no SLO declared'] },
      });
      const { items } = await store.listFleet(
        { level: 'bronze' },
        { offset: 0, limit: 10 },
      );
      expect(items).toEqual([
        expect.objectContaining({
          entityRef: 'component:default/orders',
          maturityLevel: 'bronze',
          maturityNext: { level: 'silver', missing: ['no SLO declared'] },
        }),
      ]);

      // Levels removed from config: the next refresh drops the assessment.
      await storeUpdates(store, [measured], {
        ...options,
        now: new Date('2026-11-01T00:05:00Z'),
        maturityLevels: [],
      });
      expect(
        (await store.getState(measured.entityRef))?.maturity,
      ).toBeUndefined();
      await knex.destroy();
    },
  );
});
