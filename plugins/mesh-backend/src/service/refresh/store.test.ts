import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { DatabaseMeshStore } from '../../database';
import { storeUpdates } from './store';

jest.setTimeout(60_000);

describe('storeUpdates', () => {
  // PostgreSQL enforces the owner column's length, so an over-long owner breaks the chunk's transaction.
  const databases = TestDatabases.create({ ids: ['POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'logs why the chunk fell back to one write per entity, and stores the others, on %p',
    async id => {
      const knex = await databases.init(id);
      const store = await DatabaseMeshStore.create({
        database: mockServices.database({ knex }),
      });
      const logger = mockServices.logger.mock();
      const measured = (entityRef: string, owner: string) => ({
        entityRef,
        facts: { owner },
        update: {
          kind: 'measured' as const,
          part: { slos: [], errors: [] },
        },
      });

      await storeUpdates(
        store,
        [
          measured('component:default/a', 'group:default/a'),
          measured('component:default/b', `group:default/${'b'.repeat(300)}`),
        ],
        { now: new Date('2026-11-01T00:00:00Z'), logger },
      );

      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /^Mesh refresh: storing 2 entities in one transaction failed, storing them one by one: .*value too long/,
        ),
      );
      expect(logger.error).toHaveBeenCalledWith(
        expect.stringMatching(
          /^Mesh refresh of component:default\/b could not be stored/,
        ),
      );
      expect(await store.getState('component:default/a')).toBeDefined();
      await knex.destroy();
    },
  );
});
