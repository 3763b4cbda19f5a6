import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Finding, KubernetesObject } from '@meshpath/plugin-mesh-common';
import { createAnalyzer } from '@meshpath/mesh-engine';
import { spawnSync } from 'child_process';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import { stringify } from 'yaml';
import { DatabaseMeshStore } from '../database';
import {
  ClusterAttribution,
  locateEntity,
  objectKey,
} from './refresh/attribution';
import { serviceComponent } from '../__testUtils__/serviceObjects';
import { RefreshService } from './RefreshService';

jest.setTimeout(300_000);

const ROOT = 'istio-system';
const NAMESPACES = ['shop', 'web', 'pay'];
const NAMES = ['checkout', 'cart', 'frontend', 'ledger', 'search'];
const meshpath = resolve(
  require.resolve('@meshpath/mesh-engine/package.json'),
  '..',
  'bin',
  'meshpath',
);

const id = (name: string) => ({
  'backstage.io/kubernetes-id': name,
  app: name,
});

/** One service's objects, with optional routes and policies that may be wrong. */
const serviceArb = fc.record({
  name: fc.constantFrom(...NAMES),
  namespace: fc.constantFrom(...NAMESPACES),
  route: fc.option(
    fc.record({
      host: fc.constantFrom(...NAMES, 'missing'),
      subset: fc.option(fc.constantFrom('v1', 'v2')),
      gateway: fc.option(
        fc.constantFrom(`${ROOT}/public-gateway`, 'absent-gateway'),
      ),
      labelled: fc.boolean(),
    }),
  ),
  subsets: fc.option(fc.constantFrom(['v1'], ['v1', 'v2'])),
  mtls: fc.option(fc.constantFrom('STRICT', 'PERMISSIVE', 'DISABLE')),
  callers: fc.option(
    fc.array(fc.constantFrom(...NAMESPACES, 'ghost'), { maxLength: 2 }),
  ),
});

const worldArb = fc.record({
  services: fc.array(serviceArb, { minLength: 1, maxLength: 5 }),
  allowAllIn: fc.option(fc.constantFrom(...NAMESPACES)),
  // A namespace-wide DENY naming a namespace that may not exist: findings on a covering policy.
  denyFrom: fc.option(
    fc.record({
      in: fc.constantFrom(...NAMESPACES),
      from: fc.constantFrom(...NAMESPACES, 'ghost'),
    }),
  ),
  meshWideMtls: fc.option(fc.constantFrom('STRICT', 'PERMISSIVE')),
  enrolled: fc.subarray(NAMESPACES),
});

type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

function objectsOf(world: World): KubernetesObject[] {
  const objects: KubernetesObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ROOT } },
    ...NAMESPACES.map(ns => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns,
        labels: (world.enrolled.includes(ns)
          ? { 'istio-injection': 'enabled' }
          : {}) as Record<string, string>,
      },
    })),
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public-gateway', namespace: ROOT },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 80, name: 'http', protocol: 'HTTP' },
            hosts: ['*'],
          },
        ],
      },
    },
  ];
  const seen = new Set<string>();
  for (const s of world.services) {
    // One service of a name per namespace.
    if (seen.has(`${s.namespace}/${s.name}`)) continue;
    seen.add(`${s.namespace}/${s.name}`);
    const meta = { name: s.name, namespace: s.namespace, labels: id(s.name) };
    objects.push(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: meta,
        spec: {
          selector: { app: s.name },
          ports: [{ name: 'http', port: 80, targetPort: 8080 }],
        },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: meta,
        spec: {
          selector: { matchLabels: { app: s.name } },
          template: {
            metadata: { labels: { app: s.name, version: 'v1' } },
            spec: {
              serviceAccountName: s.name,
              containers: [{ name: s.name, image: 'x' }],
            },
          },
        },
      },
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: { name: s.name, namespace: s.namespace },
      },
    );
    if (s.route) {
      objects.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: {
          name: `${s.name}-route`,
          namespace: s.namespace,
          ...(s.route.labelled ? { labels: id(s.name) } : {}),
        },
        spec: {
          hosts: [s.route.gateway ? `${s.name}.example.com` : s.route.host],
          ...(s.route.gateway ? { gateways: [s.route.gateway] } : {}),
          http: [
            {
              route: [
                {
                  destination: {
                    host: s.route.host,
                    ...(s.route.subset ? { subset: s.route.subset } : {}),
                  },
                },
              ],
            },
          ],
        },
      });
    }
    if (s.subsets)
      objects.push({
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name: s.name, namespace: s.namespace },
        spec: {
          host: s.name,
          subsets: s.subsets.map(v => ({ name: v, labels: { version: v } })),
        },
      });
    if (s.mtls)
      objects.push({
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: s.name, namespace: s.namespace, labels: id(s.name) },
        spec: {
          selector: { matchLabels: { app: s.name } },
          mtls: { mode: s.mtls },
        },
      });
    if (s.callers)
      objects.push({
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: s.name, namespace: s.namespace, labels: id(s.name) },
        spec: {
          selector: { matchLabels: { app: s.name } },
          rules: [{ from: [{ source: { namespaces: s.callers } }] }],
        },
      });
  }
  if (world.allowAllIn)
    objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'allow-all', namespace: world.allowAllIn },
      spec: { rules: [{}] },
    });
  if (world.denyFrom)
    objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'deny-from', namespace: world.denyFrom.in },
      spec: {
        action: 'DENY',
        rules: [{ from: [{ source: { namespaces: [world.denyFrom.from] } }] }],
      },
    });
  if (world.meshWideMtls)
    objects.push({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: ROOT },
      spec: { mtls: { mode: world.meshWideMtls } },
    });
  return objects;
}

/** The `meshpath analyze --format json` findings of the objects written as YAML. */
function cliFindings(objects: KubernetesObject[]): Finding[] {
  const dir = mkdtempSync(join(tmpdir(), 'meshpath-property-'));
  try {
    writeFileSync(
      join(dir, 'world.yaml'),
      objects.map(o => stringify(o)).join('---\n'),
    );
    const run = spawnSync(
      process.execPath,
      [meshpath, 'analyze', '--format', 'json', '--root-namespace', ROOT, dir],
      { encoding: 'utf8', timeout: 120_000 },
    );
    if (run.status !== 0 && run.status !== 1)
      throw new Error(`meshpath exited ${run.status}: ${run.stderr}`);
    return JSON.parse(run.stdout).findings;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const line = (f: Finding) =>
  `${f.code} ${f.severity} ${f.object ? objectKey(f.object) : '-'} ${
    f.message
  }`;

describe('the portal and the CLI agree', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it("stores for each service exactly the CLI's findings on the same objects, restricted by the attribution", async () => {
    const analyzer = await createAnalyzer();
    // The property must not hold only because nothing was found.
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(worldArb, async world => {
        const objects = objectsOf(world);
        const store = await DatabaseMeshStore.create({
          database: mockServices.database({
            knex: await databases.init('SQLITE_3'),
          }),
        });
        const entities = NAMES.map(name => serviceComponent(name));
        await new RefreshService({
          catalog: catalogServiceMock({ entities }),
          auth: mockServices.auth(),
          store,
          logger: mockServices.logger.mock(),
          clusterSources: [
            {
              name: 'fixture',
              listClusters: async () => ['prod'],
              readCluster: async cluster => ({
                cluster,
                objects,
                errors: [],
                listCalls: 0,
              }),
            },
          ],
          analyzer,
          rootNamespace: ROOT,
          historyRetentionDays: 90,
        }).refreshAll(new Date());

        const cli = cliFindings(objects);
        const attribution = new ClusterAttribution(objects, {
          rootNamespace: ROOT,
        });
        for (const entity of entities) {
          const located = locateEntity(entity);
          if (!('locator' in located)) throw new Error(located.error);
          const attributed = attribution.attribute(located.locator);
          const keys = attributed
            ? ClusterAttribution.findingKeys(attributed)
            : new Set<string>();
          const expected = cli
            .filter(f => f.object && keys.has(objectKey(f.object)))
            .map(line)
            .sort();
          const state = await store.getState(
            `component:default/${entity.metadata.name}`,
          );
          const stored = (state?.compliance.findings ?? []).map(line).sort();
          expect(stored).toEqual(expected);
          compared += stored.length;
        }
      }),
      { numRuns: 25 },
    );
    expect(compared).toBeGreaterThan(25);
  });
});
