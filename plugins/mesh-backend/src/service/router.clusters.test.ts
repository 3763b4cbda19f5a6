import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { DatabaseMeshStore } from '../database';
import { meshPlugin } from '../plugin';

jest.setTimeout(120_000);

describe('GET /clusters', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'serves each cluster’s last read to anyone signed in, and 401 without credentials, on %p',
    async id => {
      const knex = await databases.init(id);
      const { server } = await startTestBackend({
        features: [
          meshPlugin,
          catalogServiceMock.factory({ entities: [] }),
          mockServices.database.factory({ knex }),
          mockServices.rootConfig.factory({
            data: {
              mesh: {
                kubernetes: { enabled: false },
                refresh: { enabled: false },
              },
            },
          }),
        ],
      });
      const store = await DatabaseMeshStore.create({
        database: mockServices.database({ knex }),
      });
      const unread = {
        cluster: 'prod-us',
        source: 'snapshot',
        refreshedAt: '2026-11-30T10:00:00.000Z',
        readable: false,
        objects: 0,
        errors: ['prod-us: ../clusters/prod-us: does not exist'],
      };
      await store.putClusterOutcome(unread);
      // An older read (an on-demand refresh overtaken by the schedule) does not replace it.
      await store.putClusterOutcome({
        ...unread,
        refreshedAt: '2026-11-30T09:55:00.000Z',
        readable: true,
        objects: 12,
        errors: [],
      });

      const answer = await request(server)
        .get('/api/mesh/clusters')
        .set('Authorization', mockCredentials.user.header('user:default/bob'));
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ items: [unread] });

      const denied = await request(server)
        .get('/api/mesh/clusters')
        .set('Authorization', mockCredentials.none.header());
      expect(denied.status).toBe(401);
    },
  );
});
