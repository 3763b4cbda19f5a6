import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import type { EntityMeshState } from '@meshpath/plugin-mesh-common';
import { mkdtemp, rm, writeFile } from 'fs/promises';
import { tmpdir } from 'os';
import { join } from 'path';
import request from 'supertest';
import { stringify } from 'yaml';
import { DatabaseMeshStore } from '../database';
import { meshPlugin } from '../plugin';

jest.setTimeout(180_000);

// Five services; only payments belongs to Mallory's team.
const owners: Record<string, string> = {
  checkout: 'group:default/team-a',
  ledger: 'group:default/team-a',
  payments: 'group:default/team-m',
  search: 'group:default/team-a',
  vault: 'group:default/team-a',
};

const alice = mockCredentials.user.header('user:default/alice');
const mallory = mockCredentials.user.header('user:default/mallory');
const nobody = mockCredentials.user.header('user:default/nobody');

// The policy: Alice reads everything, Mallory what her team owns (a conditional
// decision the real catalog applies), Nobody nothing.
const permissions = mockServices.permissions.mock({
  authorizeConditional: async (requests: any[], { credentials }: any) =>
    requests.map(r => {
      const user = credentials.principal.userEntityRef;
      if (user === 'user:default/nobody')
        return { result: AuthorizeResult.DENY };
      if (
        user === 'user:default/mallory' &&
        isResourcePermission(r.permission, 'catalog-entity')
      ) {
        return createCatalogConditionalDecision(
          r.permission,
          catalogConditions.isEntityOwner({ claims: ['group:default/team-m'] }),
        );
      }
      return { result: AuthorizeResult.ALLOW };
    }) as any,
  // The same policy applied to one entity, as the permission backend would.
  authorize: async (requests: any[], { credentials }: any) =>
    requests.map(r => {
      const user = credentials.principal.userEntityRef;
      const readable =
        user === 'user:default/alice' ||
        (user === 'user:default/mallory' &&
          r.resourceRef === 'component:default/payments');
      return {
        result: readable ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }) as any,
});

function state(name: string, status: EntityMeshState['status']) {
  return {
    entityRef: `component:default/${name}`,
    status,
    refreshedAt: '2026-11-01T10:00:00.000Z',
    objects: [],
    mtls: 'STRICT',
    clusters: [],
    canaries: [],
    slos: [],
    compliance: { frameworks: [], findings: [] },
    errors: [],
  } as EntityMeshState;
}

describe('GET /fleet with conditional read permissions', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'meshpath-fleet-'));
    await writeFile(
      join(dir, 'catalog.yaml'),
      Object.entries(owners)
        .map(([name, owner]) =>
          stringify({
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name, namespace: 'default' },
            spec: { type: 'service', owner, lifecycle: 'production' },
          }),
        )
        .join('---\n'),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  describe.each(databases.eachSupportedId())('on %p', id => {
    it('counts and pages only what the caller may read', async () => {
      const knex = await databases.init(id);
      // The catalog on a database of its own, as in a real backend.
      const catalogKnex = await databases.init(id);
      const database = createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }) =>
          mockServices.database({
            knex: plugin.getId() === 'mesh' ? knex : catalogKnex,
          }),
      });
      const { server } = await startTestBackend({
        features: [
          catalogPlugin,
          meshPlugin,
          permissions.factory,
          database,
          mockServices.rootConfig.factory({
            data: {
              catalog: {
                locations: [
                  { type: 'file', target: join(dir, 'catalog.yaml') },
                ],
                rules: [{ allow: ['Component', 'Location'] }],
              },
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
      for (const name of Object.keys(owners)) {
        await store.putState(state(name, 'critical'), {
          owner: owners[name],
          // What an entity author controls reaches the CSV: a formula must stay text.
          ...(name === 'payments' ? { namespace: '=HYPERLINK("x")' } : {}),
        });
      }
      await store.addHistory('component:default/payments', [
        {
          metric: 'compliance:SOC2',
          value: 0.5,
          recordedAt: new Date().toISOString(),
        },
      ]);
      await store.addHistory('component:default/vault', [
        {
          metric: 'compliance:SOC2',
          value: 1,
          recordedAt: new Date().toISOString(),
        },
      ]);
      // Wait for the catalog to ingest the entities and their ownership relations.
      for (;;) {
        const res = await request(server)
          .get('/api/catalog/entities/by-query')
          .query({ filter: 'relations.ownedBy=group:default/team-m' })
          .set('Authorization', alice);
        if (res.body.totalItems === 1) break;
        await new Promise(r => setTimeout(r, 200));
      }

      const fleet = async (user: string, query: Record<string, unknown>) =>
        (
          await request(server)
            .get('/api/mesh/fleet')
            .query(query)
            .set('Authorization', user)
            .expect(200)
        ).body;
      const refs = (page: any) => page.items.map((i: any) => i.entityRef);

      const mallorys = await fleet(mallory, { status: 'critical' });
      expect(mallorys.totalCount).toBe(1);
      expect(refs(mallorys)).toEqual(['component:default/payments']);
      // The page is filled from what she may read, not cut from everyone's page.
      expect(refs(await fleet(mallory, { limit: 1 }))).toEqual([
        'component:default/payments',
      ]);
      expect(await fleet(mallory, { offset: 1, limit: 1 })).toMatchObject({
        items: [],
        totalCount: 1,
      });

      const alices = await fleet(alice, { limit: 2, offset: 2 });
      expect(alices.totalCount).toBe(5);
      expect(refs(alices)).toEqual([
        'component:default/payments',
        'component:default/search',
      ]);

      expect(await fleet(nobody, {})).toMatchObject({
        items: [],
        totalCount: 0,
      });

      // The export, the team rollup and the trend count only what she may read too.
      const csv = await request(server)
        .get('/api/mesh/fleet/export')
        .query({ sort: 'service', order: 'desc' })
        .set('Authorization', mallory)
        .expect(200)
        .expect('Content-Type', /text\/csv/);
      const lines = csv.text.trim().split('\r\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^service,owner,system,lifecycle,namespace,/);
      expect(lines[1]).toContain(
        `component:default/payments,group:default/team-m,,,"'=HYPERLINK(""x"")"`,
      );
      const alicesCsv = await request(server)
        .get('/api/mesh/fleet/export')
        .query({ sort: 'service', order: 'desc' })
        .set('Authorization', alice)
        .expect(200);
      expect(alicesCsv.text.trim().split('\r\n')).toHaveLength(6);

      const teams = await request(server)
        .get('/api/mesh/fleet/teams')
        .set('Authorization', mallory)
        .expect(200);
      expect(teams.body.items).toEqual([
        expect.objectContaining({ owner: 'group:default/team-m', services: 1 }),
      ]);
      const trend = await request(server)
        .get('/api/mesh/fleet/trend')
        .query({ framework: 'SOC2', days: 1 })
        .set('Authorization', mallory)
        .expect(200);
      expect(trend.body.points).toEqual([
        expect.objectContaining({ score: 0.5, services: 1 }),
      ]);

      // Sorting and filtering take only what the spec allows.
      await request(server)
        .get('/api/mesh/fleet')
        .query({ sort: 'state; drop table' })
        .set('Authorization', alice)
        .expect(400);
      await request(server)
        .get('/api/mesh/fleet')
        .query({ cluster: '%' })
        .set('Authorization', alice)
        .expect(400);
    });
  });
});
