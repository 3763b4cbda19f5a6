import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { HistoryPoint } from '@meshpath/plugin-mesh-common';
import { Knex } from 'knex';
import request from 'supertest';
import { DatabaseMeshStore } from '../database';
import { meshPlugin } from '../plugin';

jest.setTimeout(120_000);

const DAY_MS = 86_400_000;
const alice = mockCredentials.user.header('user:default/alice');
const bob = mockCredentials.user.header('user:default/bob');

const catalog = catalogServiceMock.factory({
  entities: ['checkout', 'ledger', 'search'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default' },
    spec: { type: 'service', owner: 'group:default/team-a' },
  })),
});

async function startReplica(knex: Knex) {
  const { server } = await startTestBackend({
    features: [
      meshPlugin,
      catalog,
      mockServices.database.factory({ knex }),
      mockServices.rootConfig.factory({
        data: {
          mesh: {
            kubernetes: { enabled: false },
            refresh: {
              enabled: false,
              onDemand: {
                entityIntervalSeconds: 60,
                callerLimit: 2,
                callerWindowMinutes: 10,
              },
            },
          },
        },
      }),
    ],
  });
  return server;
}

describe('mesh router bounds', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  describe.each(databases.eachSupportedId())('on %p', id => {
    it('serves history a page at a time, never past retention', async () => {
      const knex = await databases.init(id);
      const server = await startReplica(knex);
      const store = await DatabaseMeshStore.create({
        database: mockServices.database({ knex }),
      });
      // 10,000 points within the last day, as a busy entity has at default retention.
      const now = Date.now();
      const points: HistoryPoint[] = Array.from({ length: 10_000 }, (_, i) => ({
        metric: `m${i % 4}`,
        value: i,
        recordedAt: new Date(now - DAY_MS + i * 1000).toISOString(),
      }));
      // Older than the 90 days kept, not yet pruned.
      points.unshift({
        metric: 'm0',
        value: -1,
        recordedAt: new Date(now - 200 * DAY_MS).toISOString(),
      });
      await store.addHistory('component:default/checkout', points);

      const path = '/api/mesh/entities/component/default/checkout/history';
      const first = await request(server)
        .get(path)
        .query({ since: '1970-01-01T00:00:00Z' })
        .set('Authorization', alice)
        .expect(200);
      expect(first.body.items).toHaveLength(1000);
      expect(first.body.items[0].value).toBe(0);

      let values: number[] = first.body.items.map((p: HistoryPoint) => p.value);
      let cursor: string | undefined = first.body.nextCursor;
      while (cursor) {
        const next = await request(server)
          .get(path)
          .query({ since: '1970-01-01T00:00:00Z', limit: 5000, cursor })
          .set('Authorization', alice)
          .expect(200);
        expect(next.body.items.length).toBeLessThanOrEqual(5000);
        values = values.concat(
          next.body.items.map((p: HistoryPoint) => p.value),
        );
        cursor = next.body.nextCursor;
      }
      expect(values).toEqual(points.slice(1).map(p => p.value));

      for (const query of [
        { limit: 5001 },
        { limit: 0 },
        { cursor: 'not-a-cursor' },
        { metric: 'm'.repeat(129) },
        { since: 'yesterday' },
      ]) {
        const res = await request(server)
          .get(path)
          .query(query)
          .set('Authorization', alice);
        expect([query, res.status]).toEqual([query, 400]);
      }
    });

    it('answers 400, not a database error, to strings longer than their columns', async () => {
      const knex = await databases.init(id);
      const server = await startReplica(knex);
      const waiver = {
        ruleCode: 'MP1101',
        reason: 'legacy client',
        expiresAt: new Date(Date.now() + DAY_MS).toISOString(),
      };
      const waivers = '/api/mesh/entities/component/default/checkout/waivers';
      const long = await request(server)
        .post(waivers)
        .set('Authorization', alice)
        .send({ ...waiver, objectRef: `Service/shop/${'x'.repeat(500)}` });
      expect(long.status).toBe(400);
      const fits = await request(server)
        .post(waivers)
        .set('Authorization', alice)
        .send({ ...waiver, objectRef: `Service/shop/${'x'.repeat(499)}` });
      expect(fits.status).toBe(201);

      const longName = 'n'.repeat(64);
      for (const path of [
        `/entities/component/default/${longName}/waivers`,
        `/entities/component/${longName}/checkout/history`,
        `/entities/${longName}/default/checkout/slos`,
        `/entities/component/default/checkout/waivers/${'w'.repeat(65)}`,
        `/fleet?owner=${'o'.repeat(256)}`,
      ]) {
        const res = await request(server)
          .get(`/api/mesh${path}`)
          .set('Authorization', alice);
        if (path.includes('/waivers/')) continue; // DELETE only, below
        expect([path, res.status]).toEqual([path, 400]);
      }
      const revoke = await request(server)
        .delete(
          `/api/mesh/entities/component/default/checkout/waivers/${'w'.repeat(
            65,
          )}`,
        )
        .set('Authorization', alice);
      expect(revoke.status).toBe(400);
      const longNameWaiver = await request(server)
        .post(`/api/mesh/entities/component/default/${longName}/waivers`)
        .set('Authorization', alice)
        .send(waiver);
      expect(longNameWaiver.status).toBe(400);
    });

    it('limits on-demand refreshes per entity and per caller, across replicas', async () => {
      const knex = await databases.init(id);
      const [replicaA, replicaB] = [
        await startReplica(knex),
        await startReplica(knex),
      ];
      const refresh = (server: any, name: string, user: string) =>
        request(server)
          .post(`/api/mesh/entities/component/default/${name}/refresh`)
          .set('Authorization', user);

      expect((await refresh(replicaA, 'checkout', alice)).status).toBe(200);
      // The same entity again, through the other replica and by someone else.
      const again = await refresh(replicaB, 'checkout', bob);
      expect(again.status).toBe(429);
      expect(Number(again.headers['retry-after'])).toBeGreaterThan(50);
      expect(Number(again.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(again.body.error.name).toBe('TooManyRequestsError');

      // Alice's budget is two per ten minutes.
      expect((await refresh(replicaB, 'ledger', alice)).status).toBe(200);
      const spent = await refresh(replicaA, 'search', alice);
      expect(spent.status).toBe(429);
      expect(Number(spent.headers['retry-after'])).toBeGreaterThan(500);
      // Her refused request did not use up the entity's turn.
      expect((await refresh(replicaA, 'search', bob)).status).toBe(200);
    });
  });
});
