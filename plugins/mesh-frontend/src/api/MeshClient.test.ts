import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MeshClient } from './MeshClient';

const base = 'http://meshpath.test/api/mesh';
const entity = `${base}/entities/component/default/payments`;
const server = setupServer();

function client() {
  return new MeshClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://meshpath.test' }),
    fetchApi: { fetch: (input, init) => fetch(input, init) },
  });
}

const waiver = {
  id: 'w1',
  entityRef: 'component:default/payments',
  ruleCode: 'MP1101',
  reason: 'Accepted risk',
  status: 'pending',
  createdBy: 'user:default/alice',
  createdAt: '2026-11-20T00:00:00Z',
  expiresAt: '2026-12-20T00:00:00Z',
};

describe('MeshClient', () => {
  registerMswTestHooks(server);

  it('follows nextCursor until the last page of history', async () => {
    const seen: Array<Record<string, string>> = [];
    server.use(
      http.get(`${entity}/history`, ({ request }) => {
        const params = Object.fromEntries(new URL(request.url).searchParams);
        seen.push(params);
        const point = (value: number) => ({
          metric: 'slo:availability:budget',
          value,
          recordedAt: `2026-11-2${value}T00:00:00Z`,
        });
        return HttpResponse.json(
          params.cursor
            ? { items: [point(2)] }
            : { items: [point(1)], nextCursor: 'c1' },
        );
      }),
    );
    const points = await client().getHistory('component:default/payments', {
      metric: 'slo:availability:budget',
      since: '2026-11-01T00:00:00Z',
    });
    expect(points.map(p => p.value)).toEqual([1, 2]);
    expect(seen).toEqual([
      { metric: 'slo:availability:budget', since: '2026-11-01T00:00:00Z' },
      {
        metric: 'slo:availability:budget',
        since: '2026-11-01T00:00:00Z',
        cursor: 'c1',
      },
    ]);
  });

  it('posts a refresh and surfaces 429 with its Retry-After', async () => {
    server.use(
      http.post(`${entity}/refresh`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'TooManyRequestsError',
              message: 'try again in 42 s',
            },
          },
          { status: 429, headers: { 'Retry-After': '42' } },
        ),
      ),
    );
    const error = await client()
      .refreshEntity('component:default/payments')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(429);
    expect(error.response.headers.get('Retry-After')).toBe('42');
  });

  it('requests, approves, rejects and revokes waivers on their routes, with JSON bodies', async () => {
    const calls: Array<{ method: string; path: string; body?: unknown }> = [];
    const record = async ({ request }: { request: Request }) => {
      const text = await request.text();
      calls.push({
        method: request.method,
        path: new URL(request.url).pathname,
        ...(text ? { body: JSON.parse(text) } : {}),
      });
      return HttpResponse.json(waiver, {
        status:
          request.method === 'POST' && !request.url.match(/approve|reject/)
            ? 201
            : 200,
      });
    };
    server.use(
      http.post(`${entity}/waivers`, record),
      http.post(`${entity}/waivers/:id/approve`, record),
      http.post(`${entity}/waivers/:id/reject`, record),
      http.delete(`${entity}/waivers/:id`, record),
      http.get(`${entity}/waivers`, () =>
        HttpResponse.json({ items: [waiver] }),
      ),
    );
    const api = client();
    const ref = 'component:default/payments';
    await api.requestWaiver(ref, {
      ruleCode: 'MP1101',
      objectRef: 'Service/payments/payments',
      reason: 'Accepted risk',
      expiresAt: '2026-12-20T00:00:00.000Z',
    });
    await api.approveWaiver(ref, 'w1', 'fine until Q1');
    await api.rejectWaiver(ref, 'w/2');
    await api.revokeWaiver(ref, 'w1');
    expect(await api.listWaivers(ref)).toEqual([waiver]);
    const path = '/api/mesh/entities/component/default/payments/waivers';
    expect(calls).toEqual([
      {
        method: 'POST',
        path,
        body: {
          ruleCode: 'MP1101',
          objectRef: 'Service/payments/payments',
          reason: 'Accepted risk',
          expiresAt: '2026-12-20T00:00:00.000Z',
        },
      },
      {
        method: 'POST',
        path: `${path}/w1/approve`,
        body: { comment: 'fine until Q1' },
      },
      { method: 'POST', path: `${path}/w%2F2/reject`, body: {} },
      { method: 'DELETE', path: `${path}/w1` },
    ]);
  });

  it("reads a page of the audit log and rejects with the backend's message", async () => {
    server.use(
      http.get(`${entity}/audit`, ({ request }) => {
        const params = new URL(request.url).searchParams;
        if (params.get('offset') === '20') {
          return HttpResponse.json(
            {
              error: {
                name: 'NotAllowedError',
                message: 'mesh.audit.read denied',
              },
              response: { statusCode: 403 },
            },
            { status: 403 },
          );
        }
        return HttpResponse.json({
          items: [],
          totalCount: 0,
          offset: 0,
          limit: 20,
        });
      }),
    );
    const api = client();
    await expect(
      api.getAudit('component:default/payments', { offset: 0, limit: 20 }),
    ).resolves.toEqual({ items: [], totalCount: 0, offset: 0, limit: 20 });
    const error = await api
      .getAudit('component:default/payments', { offset: 20, limit: 20 })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.body.error.message).toBe('mesh.audit.read denied');
  });

  it('reads the golden paths from /golden-paths', async () => {
    const preset = {
      name: 'tier-1',
      locks: [{ field: 'delivery.strategy', rule: 'equal', value: 'canary' }],
      defaults: { delivery: { strategy: 'canary' } },
    };
    server.use(
      http.get(`${base}/golden-paths`, () =>
        HttpResponse.json({ items: [preset] }),
      ),
    );
    expect(await client().getGoldenPaths()).toEqual([preset]);
  });
});
