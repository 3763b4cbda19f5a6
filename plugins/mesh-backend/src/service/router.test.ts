import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { EntityMeshState } from '@meshpath/plugin-mesh-common';
import { get, IncomingHttpHeaders } from 'http';
import type { AddressInfo } from 'net';
import request from 'supertest';
import { gunzipSync } from 'zlib';
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

  it('serves the state as stored: compressed once at write to clients that accept gzip, JSON to the others', async () => {
    const { server, store } = await start();
    const path = '/api/mesh/entities/component/default/checkout/state';
    // The bytes on the wire (supertest would decompress them).
    const compressed = await new Promise<{
      status?: number;
      headers: IncomingHttpHeaders;
      body: Buffer;
    }>((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      get(
        {
          host: '127.0.0.1',
          port,
          path,
          headers: { Authorization: alice, 'Accept-Encoding': 'gzip' },
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode,
              headers: res.headers,
              body: Buffer.concat(chunks),
            }),
          );
        },
      ).on('error', reject);
    });
    expect(compressed.status).toBe(200);
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.headers['content-type']).toMatch(/^application\/json/);
    expect(compressed.headers.vary).toMatch(/Accept-Encoding/);
    // What the refresh compressed when it stored the state: nothing is compressed per request.
    const stored = await store.getStateGzip('component:default/checkout');
    expect(stored).toBeDefined();
    expect(Buffer.compare(compressed.body, stored!)).toBe(0);
    expect(JSON.parse(gunzipSync(compressed.body).toString('utf8'))).toEqual(
      state('component:default/checkout', 'critical'),
    );
    const plain = await request(server)
      .get(path)
      .set('Authorization', alice)
      .set('Accept-Encoding', 'identity')
      .expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toEqual(state('component:default/checkout', 'critical'));
    // Denied before anything is sent, compressed or not.
    await request(server)
      .get('/api/mesh/entities/component/default/secret/state')
      .set('Authorization', mallory)
      .set('Accept-Encoding', 'gzip')
      .expect(404);
  });

  it('rejects times that are not RFC 3339 date-times before the handler reads them', async () => {
    const { server } = await start();
    const entityPath = '/api/mesh/entities/component/default/checkout';
    // A date alone parses in JavaScript as midnight UTC, a day earlier than meant west of it.
    const history = await request(server)
      .get(`${entityPath}/history`)
      .query({ since: '2026-11-01' })
      .set('Authorization', alice);
    expect(history.status).toBe(400);
    expect(history.body.error.message).toMatch(/since.*date-time/);
    const waiver = await request(server)
      .post(`${entityPath}/waivers`)
      .set('Authorization', alice)
      .send({ ruleCode: 'MP1101', reason: 'legacy', expiresAt: '2099-01-01' });
    expect(waiver.status).toBe(400);
    expect(waiver.body.error.message).toMatch(/expiresAt.*date-time/);
    await request(server)
      .get(`${entityPath}/history`)
      .query({ since: '2026-11-01T00:00:00Z' })
      .set('Authorization', alice)
      .expect(200);
  });

  it('serves the SLOs and the compliance report as the stored state holds them', async () => {
    const { server } = await start();
    const entityPath = '/api/mesh/entities/component/default/checkout';
    const slos = await request(server)
      .get(`${entityPath}/slos`)
      .set('Authorization', alice)
      .expect(200);
    expect(slos.body).toEqual({
      refreshedAt: '2026-11-01T10:00:00.000Z',
      items: [],
    });
    await request(server)
      .get(`${entityPath}/compliance`)
      .set('Authorization', alice)
      .expect(200, { frameworks: [], findings: [] });
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
