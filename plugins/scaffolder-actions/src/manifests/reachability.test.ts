import type {
  DeliveryStrategy,
  KubernetesObject,
  MeshServiceSpec,
  ReachabilityEntry,
} from '@meshpath/plugin-mesh-common';
import { computeReachability } from '@meshpath/mesh-engine';
import { repositoryGoldenPaths } from '../__testUtils__/workspace';
import { resolveSpec } from '../goldenPaths/resolveSpec';
import { buildManifests } from './buildManifests';
import { serviceLabels } from './workloadLabels';

// Plays Flagger, Kubernetes NetworkPolicy and Istio's policy evaluation (the engine's) against what the generator writes.
const goldenPaths = repositoryGoldenPaths();
const strategies: DeliveryStrategy[] = [
  'canary',
  'blue-green',
  'ab-testing',
  'none',
];

const namespace = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});
const deployment = (
  name: string,
  ns: string,
  labels: Record<string, string>,
  serviceAccount: string,
  port?: number,
) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns, labels },
  spec: {
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: {
        serviceAccountName: serviceAccount,
        containers: [
          {
            name,
            image: `${name}:1`,
            ...(port ? { ports: [{ name: 'http', containerPort: port }] } : {}),
          },
        ],
      },
    },
  },
});

/** The service's Deployment as the skeleton writes it, the callers' and the platform's workloads, and what the generator writes. */
function world(spec: MeshServiceSpec): KubernetesObject[] {
  const [port] = spec.ports;
  const injection: Record<string, string> =
    spec.dataplane === 'ambient'
      ? { 'istio.io/dataplane-mode': 'ambient' }
      : { 'istio-injection': 'enabled' };
  const callers = spec.callers.serviceAccounts.map(a => a.split('/'));
  const loadTester = spec.platform.loadTester;
  const objects = [
    namespace('istio-system'),
    ...[...new Set(callers.map(([ns]) => ns))].map(ns =>
      namespace(ns, injection),
    ),
    ...callers.map(([ns, sa]) => deployment(sa, ns, { app: sa }, sa)),
    namespace(spec.platform.ingressNamespace),
    // Istio's gateway chart: an Envoy in a container named istio-proxy.
    {
      ...deployment(
        'istio-ingressgateway',
        spec.platform.ingressNamespace,
        spec.platform.ingressSelector,
        'istio-ingressgateway',
      ),
      spec: {
        selector: { matchLabels: spec.platform.ingressSelector },
        template: {
          metadata: { labels: spec.platform.ingressSelector },
          spec: {
            serviceAccountName: 'istio-ingressgateway',
            containers: [{ name: 'istio-proxy', image: 'proxyv2' }],
          },
        },
      },
    },
    namespace(spec.platform.monitoringNamespace),
    namespace(loadTester.namespace, { 'istio-injection': 'enabled' }),
    deployment(
      'flagger-loadtester',
      loadTester.namespace,
      { app: 'flagger-loadtester' },
      'flagger-loadtester',
    ),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'flagger-loadtester', namespace: loadTester.namespace },
      spec: {
        selector: { app: 'flagger-loadtester' },
        ports: [{ name: 'http', port: 80, targetPort: 8080 }],
      },
    },
    deployment(
      spec.name,
      spec.namespace,
      { app: spec.name },
      spec.name,
      port.targetPort ?? port.port,
    ),
    // Without Flagger the skeleton declares the Service; with it, the Canary generates it.
    ...(spec.delivery.strategy === 'none'
      ? [
          {
            apiVersion: 'v1',
            kind: 'Service',
            metadata: {
              name: spec.name,
              namespace: spec.namespace,
              labels: serviceLabels(spec),
            },
            spec: {
              selector: { app: spec.name },
              ports: [
                {
                  name: 'http',
                  port: port.port,
                  targetPort: port.targetPort ?? port.port,
                },
              ],
            },
          },
        ]
      : []),
    ...buildManifests(spec).flatMap(file => file.objects),
  ] as KubernetesObject[];
  // The skeleton's pods carry the id label the policies select, beside the selector label Flagger rewrites.
  const own = objects.find(
    o =>
      o.kind === 'Deployment' &&
      o.metadata.name === spec.name &&
      o.metadata.namespace === spec.namespace,
  )!;
  own.spec.template.metadata.labels = {
    app: spec.name,
    version: 'v1',
    'backstage.io/kubernetes-id': spec.name,
  };
  return objects;
}

const line = (e: ReachabilityEntry) =>
  `${e.caller.label} → ${e.appPort ?? e.port}${
    e.appPort ? ` (HBONE ${e.port})` : ''
  }: ${e.reachable} [L4 ${e.l4.verdict}: ${e.l4.reason}] [L7 ${e.l7.verdict}: ${
    e.l7.reason
  }]`;

const exposures: Record<
  'mesh-internal' | 'gateway',
  Partial<MeshServiceSpec['exposure']>
> = {
  'mesh-internal': { mode: 'mesh-internal' },
  gateway: {
    mode: 'gateway',
    gateway: 'istio-system/public-gateway',
    hosts: ['pay.example.com'],
    jwt: {
      issuer: 'https://login.example.com/',
      jwksUri: 'https://login.example.com/.well-known/jwks.json',
    },
  },
};

/** The reference service on a preset: what a template user asks for. */
const specOf = (
  preset: string,
  strategy: DeliveryStrategy,
  mode: 'mesh-internal' | 'gateway',
) =>
  resolveSpec(
    {
      name: 'payments',
      namespace: 'payments',
      ports: [{ port: 8080, protocol: 'http' }],
      callers: { serviceAccounts: ['storefront-web/storefront'] },
      delivery: { strategy },
      exposure: exposures[mode],
    },
    goldenPaths[preset],
  );

/** Every preset with every strategy and exposure it allows (a locked field refuses the others). */
const cases = Object.keys(goldenPaths).flatMap(preset =>
  strategies.flatMap(strategy =>
    (['mesh-internal', 'gateway'] as const).flatMap(mode => {
      try {
        specOf(preset, strategy, mode);
        return [{ preset, strategy, mode }];
      } catch {
        return [];
      }
    }),
  ),
);

describe('the generated objects, after Flagger, against NetworkPolicy and Istio policy', () => {
  it.each(cases)(
    '$preset, $strategy, $mode: every declared caller, the gateway, Prometheus and the load tester get through, nobody else',
    ({ preset, strategy, mode }) => {
      const spec = specOf(preset, strategy, mode);
      const reachability = computeReachability(world(spec), {
        trustDomain: spec.platform.trustDomain,
        monitoringNamespace: spec.platform.monitoringNamespace,
        ingressNamespace: spec.platform.ingressNamespace,
        ingressSelector: spec.platform.ingressSelector,
        loadTesterNamespace: spec.platform.loadTester.namespace,
      }).filter(r => r.namespace === spec.namespace);
      const entries = reachability.flatMap(r =>
        r.entries.map(e => ({ workload: r.name, ...e })),
      );
      const kinds = (workload: string) =>
        new Set(
          entries.filter(e => e.workload === workload).map(e => e.caller.kind),
        );
      const flagger = strategy !== 'none';
      const serving = flagger ? 'payments-primary' : 'payments';
      // The pods that serve the traffic: declared callers, Prometheus on the sidecar (ambient is scraped at ztunnel), the gateway when exposed.
      expect(kinds(serving)).toEqual(
        new Set([
          'declared',
          ...(spec.dataplane === 'sidecar' ? ['prometheus'] : []),
          'any',
          ...(mode === 'gateway' ? ['gateway'] : []),
        ]),
      );
      // Blue/green and A/B get their traffic from the load tester, on the target.
      const loadTested = strategy === 'blue-green' || strategy === 'ab-testing';
      expect(kinds('payments').has('load-tester')).toBe(loadTested);
      const wrong = entries
        .filter(e =>
          e.expected === 'reachable'
            ? e.reachable !== 'yes'
            : e.reachable !== 'no',
        )
        .map(e => `${e.workload}: ${line(e)}`);
      expect(wrong).toEqual([]);
    },
  );
});
