import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EntityMeshState } from '@meshpath/plugin-mesh-common';
import request from 'supertest';
import { DatabaseMeshStore } from '../database';
import { meshPlugin } from '../plugin';

jest.setTimeout(60_000);

const entity = (name: string, owner = 'group:default/team-a') => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: { type: 'service', owner, lifecycle: 'production' },
});

const state = (
  entityRef: string,
  status: EntityMeshState['status'],
): EntityMeshState => ({
  entityRef,
  status,
  refreshedAt: '2026-11-01T10:00:00.000Z',
  objects: [],
  mtls: 'STRICT',
  clusters: [],
  canaries: [],
  slos: [],
  compliance: { frameworks: [], findings: [] },
  errors: [],
});

// The catalog, for the on-demand refresh.
const catalog = catalogServiceMock.mock({
  getEntityByRef: async (ref: any) => {
    const name = String(ref).split('/')[1];
    return name === 'absent' ? undefined : entity(name);
  },
});

// Mallory may not read the secret entity in the catalog, nor change anything.
const permissions = mockServices.permissions.mock({
  authorize: async (requests: any[], { credentials }: any) =>
    requests.map(r => {
      const mallory =
        credentials.principal.userEntityRef === 'user:default/mallory';
      if (r.permission.name === 'catalog.entity.read') {
        return {
          result:
            mallory && r.resourceRef.endsWith('/secret')
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        };
      }
      return { result: mallory ? AuthorizeResult.DENY : AuthorizeResult.ALLOW };
    }) as any,
  // The fleet asks for one conditional decision; conditional ones are tested in router.fleet.test.ts.
  authorizeConditional: async (requests: any[]) =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
});

describe('mesh router', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  async function start() {
    const knex = await databases.init('SQLITE_3');
    const { server } = await startTestBackend({
      features: [
        meshPlugin,
        catalog.factory,
        permissions.factory,
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: { mesh: { kubernetes: { enabled: false } } },
        }),
      ],
    });
    const store = await DatabaseMeshStore.create({
      database: mockServices.database({ knex }),
    });
    await store.putState(state('component:default/checkout', 'critical'), {
      owner: 'group:default/team-a',
    });
    await store.putState(state('component:default/secret', 'ok'), {
      owner: 'group:default/team-a',
    });
    return { server, store };
  }

  const alice = mockCredentials.user.header('user:default/alice');
  const mallory = mockCredentials.user.header('user:default/mallory');

  it('answers /health with credentials and 401 without', async () => {
    const { server } = await start();
    await request(server)
      .get('/api/mesh/health')
      .set('Authorization', alice)
      .expect(200, { status: 'ok' });
    const denied = await request(server)
      .get('/api/mesh/health')
      .set('Authorization', mockCredentials.none.header());
    expect(denied.status).toBe(401);
  });

  it('requires credentials on every route', async () => {
    const { server } = await start();
    for (const path of [
      '/entities/component/default/checkout/state',
      '/entities/component/default/checkout/waivers',
      '/fleet',
    ]) {
      const res = await request(server)
        .get(`/api/mesh${path}`)
        .set('Authorization', mockCredentials.none.header());
      expect([path, res.status]).toEqual([path, 401]);
    }
    const refresh = await request(server)
      .post('/api/mesh/entities/component/default/checkout/refresh')
      .set('Authorization', mockCredentials.none.header());
    expect(refresh.status).toBe(401);
  });

  it('serves state only for entities the caller may read in the catalog', async () => {
    const { server } = await start();
    const res = await request(server)
      .get('/api/mesh/entities/component/default/checkout/state')
      .set('Authorization', alice)
      .expect(200);
    expect(res.body).toMatchObject({
      entityRef: 'component:default/checkout',
      status: 'critical',
    });
    await request(server)
      .get('/api/mesh/entities/component/default/secret/state')
      .set('Authorization', mallory)
      .expect(404);
    await request(server)
      .get('/api/mesh/entities/component/default/absent/state')
      .set('Authorization', alice)
      .expect(404);
    await request(server)
      .get('/api/mesh/entities/component/default/checkout/compliance')
      .set('Authorization', alice)
      .expect(200, { frameworks: [], findings: [] });
  });

  it('filters the fleet by status', async () => {
    const { server } = await start();
    const all = await request(server)
      .get('/api/mesh/fleet')
      .set('Authorization', alice)
      .expect(200);
    expect(all.body.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/checkout',
      'component:default/secret',
    ]);
    const critical = await request(server)
      .get('/api/mesh/fleet?status=critical')
      .set('Authorization', alice)
      .expect(200);
    expect(critical.body.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/checkout',
    ]);
    await request(server)
      .get('/api/mesh/fleet?status=broken')
      .set('Authorization', alice)
      .expect(400);
  });

  // The waiver workflow's routes are tested in waiverRoutes.test.ts.

  it('refreshes one entity on demand with the permission, 403 without', async () => {
    const { server } = await start();
    await request(server)
      .post('/api/mesh/entities/component/default/checkout/refresh')
      .set('Authorization', mallory)
      .expect(403);
    const res = await request(server)
      .post('/api/mesh/entities/component/default/checkout/refresh')
      .set('Authorization', alice)
      .expect(200);
    // No sources and no Prometheus are configured here: a fresh state, not a failure.
    expect(res.body.refreshedAt).not.toBe('2026-11-01T10:00:00.000Z');
    expect(res.body).toMatchObject({
      entityRef: 'component:default/checkout',
      objects: [],
      mtls: 'unknown',
    });
  });
});
