import type { Entity } from '@backstage/catalog-model';
import {
  PLATFORM_DEFAULTS,
  type KubernetesObject,
} from '@meshpath/plugin-mesh-common';
import { createAnalyzer } from '@meshpath/mesh-engine';
import { analyseCluster } from './analyseCluster';
import { attributeToEntity, IndexedAnalysis } from './attribute';
import { ClusterAttribution, locateEntity } from './attribution';

const ROOT = 'istio-system';
const id = { 'backstage.io/kubernetes-id': 'payments' };

const object = (
  apiVersion: string,
  kind: string,
  namespace: string | undefined,
  name: string,
  rest: Record<string, unknown> = {},
): KubernetesObject =>
  ({
    apiVersion,
    kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(rest.labels ? { labels: rest.labels } : {}),
    },
    ...(rest.spec ? { spec: rest.spec } : {}),
  } as KubernetesObject);

/** payments in `pay`: default-deny NetworkPolicy admitting only its callers' namespace, so Prometheus is blocked. */
const world: KubernetesObject[] = [
  object('v1', 'Namespace', undefined, ROOT),
  object('v1', 'Namespace', undefined, 'pay', {
    labels: { 'istio-injection': 'enabled' },
  }),
  object('apps/v1', 'Deployment', 'pay', 'payments', {
    labels: id,
    spec: {
      selector: { matchLabels: { app: 'payments' } },
      template: {
        metadata: { labels: { app: 'payments', ...id } },
        spec: {
          containers: [
            {
              name: 'payments',
              ports: [{ name: 'http', containerPort: 8080 }],
            },
          ],
        },
      },
    },
  }),
  object('v1', 'Service', 'pay', 'payments', {
    labels: id,
    spec: {
      selector: { app: 'payments' },
      ports: [{ name: 'http', port: 8080 }],
    },
  }),
  object('networking.k8s.io/v1', 'NetworkPolicy', 'pay', 'payments', {
    labels: id,
    spec: {
      podSelector: { matchLabels: id },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            {
              namespaceSelector: {
                matchLabels: { 'kubernetes.io/metadata.name': 'orders' },
              },
            },
          ],
          ports: [{ port: 8080 }],
        },
      ],
    },
  }),
];

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'service', owner: 'team', lifecycle: 'production' },
};

describe('attributeToEntity: reachability', () => {
  it('carries who can reach each of the entity’s workloads, with the blocked scrape flagged', async () => {
    const analysis = new IndexedAnalysis(
      analyseCluster(world, {
        analyzer: await createAnalyzer(),
        rootNamespace: ROOT,
      }),
      { cluster: 'prod', objects: world, errors: [], listCalls: 0 },
    );
    const located = locateEntity(entity);
    if ('error' in located) throw new Error(located.error);
    const attribution = new ClusterAttribution(world, {
      rootNamespace: ROOT,
    }).attribute(located.locator);
    const part = attributeToEntity({
      cluster: 'prod',
      now: new Date('2026-01-01T00:00:00Z'),
      world: { cluster: 'prod', objects: world, errors: [], listCalls: 0 },
      analysis,
      attribution,
      errors: [],
    });
    const [reachability] = part.section.reachability ?? [];
    expect(reachability).toMatchObject({ namespace: 'pay', name: 'payments' });
    const scrape = reachability.entries.filter(
      e => e.caller.kind === 'prometheus',
    );
    expect(scrape.map(e => [e.port, e.flag])).toEqual([
      [15020, 'blocked'],
      [15090, 'blocked'],
    ]);
    expect(part.findings.map(f => f.code)).toContain('MP1301');
  });

  it('looks for Prometheus where mesh.platform says it runs', async () => {
    const admitted = world.map(o =>
      o.kind === 'NetworkPolicy'
        ? {
            ...o,
            spec: {
              ...o.spec,
              ingress: [
                ...o.spec.ingress,
                {
                  from: [
                    {
                      namespaceSelector: {
                        matchLabels: {
                          'kubernetes.io/metadata.name': 'observability',
                        },
                      },
                    },
                  ],
                  ports: [{ port: 15020 }, { port: 15090 }],
                },
              ],
            },
          }
        : o,
    );
    const analyzer = await createAnalyzer();
    const scrapes = (platform?: typeof PLATFORM_DEFAULTS) =>
      (
        analyseCluster(admitted, { analyzer, rootNamespace: ROOT, platform })
          .reachability ?? []
      )
        .flatMap(r => r.entries)
        .filter(e => e.caller.kind === 'prometheus')
        .map(e => `${e.caller.namespace}:${e.port}:${e.reachable}`);
    expect(scrapes()).toEqual(['monitoring:15020:no', 'monitoring:15090:no']);
    expect(
      scrapes({ ...PLATFORM_DEFAULTS, monitoringNamespace: 'observability' }),
    ).toEqual(['observability:15020:yes', 'observability:15090:yes']);
  });
});
