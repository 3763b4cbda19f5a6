import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { stringify } from 'yaml';
import { meshPlugin } from '../plugin';

jest.setTimeout(60_000);

// One cluster as a snapshot: the platform's namespaces and gateway, two
// services sharing `shop`, and a workload elsewhere the caller did not ask for.
const objects = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'storefront' } },
  {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'storefront', namespace: 'storefront' },
  },
  {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'public', namespace: 'istio-system' },
    spec: { selector: { istio: 'ingressgateway' }, servers: [] },
  },
  {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace: 'istio-system' },
    spec: { mtls: { mode: 'STRICT' } },
  },
  {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: {
      name: 'deny-all',
      namespace: 'shop',
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      managedFields: [{ manager: 'kubectl' }],
    },
    spec: {},
    status: { validationMessages: [] },
  },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'billing', namespace: 'finance' },
    spec: {},
  },
];

async function start() {
  const folder = mkdtempSync(join(tmpdir(), 'meshpath-cluster-'));
  mkdirSync(join(folder, 'objects'));
  writeFileSync(
    join(folder, 'objects', 'all.yaml'),
    objects.map(o => stringify(o)).join('---\n'),
  );
  const { server } = await startTestBackend({
    features: [
      meshPlugin,
      mockServices.database.factory(),
      mockServices.rootConfig.factory({
        data: {
          mesh: {
            kubernetes: { enabled: false },
            refresh: { enabled: false },
            clusterSnapshots: [{ name: 'prod-eu', path: folder }],
          },
        },
      }),
    ],
  });
  return server;
}

describe('GET /mesh-context', () => {
  it("serves the live mesh around the asked namespaces, slimmed to what the analysis reads, to the scaffolder's service token", async () => {
    const server = await start();
    const res = await request(server)
      .get('/api/mesh/mesh-context?namespace=shop')
      .set('Authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(res.body.clusters).toEqual(['prod-eu']);
    expect(res.body.errors).toEqual([]);
    expect(
      res.body.objects.map(
        (o: any) =>
          `${o.kind} ${o.metadata.namespace ?? '-'}/${o.metadata.name}`,
      ),
    ).toEqual([
      'Namespace -/storefront',
      'ServiceAccount storefront/storefront',
      'Gateway istio-system/public',
      'PeerAuthentication istio-system/default',
      'AuthorizationPolicy shop/deny-all',
    ]);
    // No status, managed fields or annotations leave the backend.
    expect(res.body.objects[4]).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'deny-all', namespace: 'shop' },
      spec: {},
    });
  });

  it('refuses users and callers without credentials', async () => {
    const server = await start();
    expect(
      (
        await request(server)
          .get('/api/mesh/mesh-context?namespace=shop')
          .set('Authorization', mockCredentials.user.header())
      ).status,
    ).toBe(403);
    expect(
      (
        await request(server)
          .get('/api/mesh/mesh-context')
          .set('Authorization', mockCredentials.none.header())
      ).status,
    ).toBe(401);
  });

  it('refuses a namespace longer than Kubernetes allows', async () => {
    const server = await start();
    expect(
      (
        await request(server)
          .get(`/api/mesh/mesh-context?namespace=${'a'.repeat(64)}`)
          .set('Authorization', mockCredentials.service.header())
      ).status,
    ).toBe(400);
  });
});
