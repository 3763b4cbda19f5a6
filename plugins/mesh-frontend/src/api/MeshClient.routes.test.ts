import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { meshOperations, MeshOperationId } from './generated/MeshBackendClient';
import { MeshClient } from './MeshClient';

const server = setupServer();
const ref = 'component:default/payments';

function client() {
  return new MeshClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://meshpath.test' }),
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
}

/** Operations only backend services may call (the scaffolder's validation): no user reaches them. */
const serviceOnly = ['GetMeshContext'];

/** One call of the MeshApi per backend operation a user may call. */
const calls: Partial<
  Record<MeshOperationId, (c: MeshClient) => Promise<unknown>>
> = {
  GetHealth: c => c.getHealth(),
  GetEntityState: c => c.getEntityState(ref),
  GetEntitySlos: c => c.getEntitySlos(ref),
  GetEntityCompliance: c => c.getEntityCompliance(ref),
  GetEntityHistory: c => c.getHistory(ref),
  RefreshEntity: c => c.refreshEntity(ref),
  ListWaivers: c => c.listWaivers(ref),
  CreateWaiver: c =>
    c.requestWaiver(ref, { ruleCode: 'MP1101', reason: 'r', expiresAt: 'x' }),
  ApproveWaiver: c => c.approveWaiver(ref, 'w1'),
  RejectWaiver: c => c.rejectWaiver(ref, 'w1'),
  RevokeWaiver: c => c.revokeWaiver(ref, 'w1'),
  GetEntityAudit: c => c.getAudit(ref),
  GetClusterOutcomes: c => c.getClusterOutcomes(),
  GetFleet: c => c.getFleet({}),
  ExportFleet: c => c.exportFleet({}),
  GetFleetTeams: c => c.getFleetTeams({}),
  GetFleetTrend: c => c.getFleetTrend({ framework: 'SOC2' }),
  GetGoldenPaths: c => c.getGoldenPaths(),
};

describe('MeshClient routes', () => {
  registerMswTestHooks(server);

  it('reaches every route of the backend spec through the MeshApi', async () => {
    const seen: string[] = [];
    server.use(
      http.all('http://meshpath.test/api/mesh/*', ({ request }) => {
        const path = new URL(request.url).pathname.replace('/api/mesh', '');
        seen.push(`${request.method} ${path}`);
        return HttpResponse.json({ items: [] });
      }),
    );
    for (const [id, call] of Object.entries(calls)) {
      seen.length = 0;
      await call!(client());
      const { method, path } = meshOperations[id as MeshOperationId];
      const pattern = new RegExp(
        `^${method} ${path.replace(/\{\w+\}/g, '[^/]+')}$`,
      );
      expect({ id, seen }).toEqual({
        id,
        seen: [expect.stringMatching(pattern)],
      });
    }
    expect([...Object.keys(calls), ...serviceOnly].sort()).toEqual(
      Object.keys(meshOperations).sort(),
    );
  });

  it('sends the fleet query as the spec says: lists repeated, empty values left out', async () => {
    let url: URL | undefined;
    server.use(
      http.get('http://meshpath.test/api/mesh/fleet', ({ request }) => {
        url = new URL(request.url);
        return HttpResponse.json({
          items: [],
          totalCount: 0,
          offset: 0,
          limit: 25,
        });
      }),
    );
    await client().getFleet({
      owner: ['group:default/a', 'group:default/b'],
      namespace: '',
      sort: 'compliance',
      order: 'desc',
      sortFramework: 'SOC2',
      limit: 25,
    });
    expect(url?.searchParams.getAll('owner')).toEqual([
      'group:default/a',
      'group:default/b',
    ]);
    expect(url?.searchParams.has('namespace')).toBe(false);
    expect(Object.fromEntries(url!.searchParams)).toMatchObject({
      sort: 'compliance',
      order: 'desc',
      sortFramework: 'SOC2',
      limit: '25',
    });
  });

  it('downloads the export as the CSV the backend wrote', async () => {
    server.use(
      http.get(
        'http://meshpath.test/api/mesh/fleet/export',
        () =>
          new HttpResponse('service\r\ncomponent:default/a\r\n', {
            headers: { 'Content-Type': 'text/csv' },
          }),
      ),
    );
    const blob = await client().exportFleet({ status: 'critical' });
    expect(await blob.text()).toBe('service\r\ncomponent:default/a\r\n');
  });
});
