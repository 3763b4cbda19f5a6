import { FakeObject } from './fakeKubernetes';

const id = (name: string) => ({
  'backstage.io/kubernetes-id': name,
  app: name,
});

/** Realistic Istio and Flagger objects for `checkout`, plus a neighbour that must not leak in. */
export function meshFixtures(
  service: string,
  namespace = 'shop',
): FakeObject[] {
  const labels = id(service);
  return [
    {
      group: '',
      version: 'v1',
      plural: 'services',
      object: {
        kind: 'Service',
        metadata: { name: service, namespace, labels },
        spec: {
          selector: { app: service },
          ports: [{ name: 'http', port: 8080, targetPort: 8080 }],
        },
      },
    },
    {
      group: '',
      version: 'v1',
      plural: 'pods',
      object: {
        kind: 'Pod',
        metadata: {
          name: `${service}-7d9f-abcde`,
          namespace,
          labels: { ...labels, 'security.istio.io/tlsMode': 'istio' },
        },
        spec: {
          containers: [
            { name: service, image: `ghcr.io/example/${service}:1.4.2` },
            { name: 'istio-proxy', image: 'docker.io/istio/proxyv2:1.24.2' },
          ],
        },
        status: { phase: 'Running' },
      },
    },
    {
      group: 'apps',
      version: 'v1',
      plural: 'deployments',
      object: {
        kind: 'Deployment',
        metadata: { name: service, namespace, labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: service } },
          template: {
            metadata: {
              labels: { app: service, 'sidecar.istio.io/inject': 'true' },
            },
            spec: {
              containers: [
                { name: service, image: `ghcr.io/example/${service}:1.4.2` },
              ],
            },
          },
        },
      },
    },
    {
      group: 'networking.istio.io',
      version: 'v1',
      plural: 'virtualservices',
      object: {
        kind: 'VirtualService',
        metadata: { name: service, namespace, labels },
        spec: {
          hosts: [service],
          http: [
            {
              route: [
                {
                  destination: { host: service, subset: 'stable' },
                  weight: 100,
                },
              ],
              retries: { attempts: 3, perTryTimeout: '2s' },
              timeout: '10s',
            },
          ],
        },
      },
    },
    {
      group: 'networking.istio.io',
      version: 'v1',
      plural: 'destinationrules',
      object: {
        kind: 'DestinationRule',
        metadata: { name: service, namespace, labels },
        spec: {
          host: service,
          trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
          subsets: [{ name: 'stable', labels: { app: service } }],
        },
      },
    },
    {
      group: 'security.istio.io',
      version: 'v1',
      plural: 'peerauthentications',
      object: {
        kind: 'PeerAuthentication',
        metadata: { name: service, namespace, labels },
        spec: {
          selector: { matchLabels: { app: service } },
          mtls: { mode: 'STRICT' },
        },
      },
    },
    {
      group: 'security.istio.io',
      version: 'v1',
      plural: 'authorizationpolicies',
      object: {
        kind: 'AuthorizationPolicy',
        metadata: { name: `${service}-callers`, namespace, labels },
        spec: {
          selector: { matchLabels: { app: service } },
          action: 'ALLOW',
          rules: [
            {
              from: [
                {
                  source: { principals: ['cluster.local/ns/web/sa/frontend'] },
                },
              ],
            },
          ],
        },
      },
    },
    {
      group: 'flagger.app',
      version: 'v1beta1',
      plural: 'canaries',
      object: {
        kind: 'Canary',
        metadata: { name: service, namespace, labels },
        spec: {
          targetRef: {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            name: service,
          },
          analysis: {
            interval: '1m',
            threshold: 5,
            maxWeight: 50,
            stepWeight: 10,
          },
        },
        status: { phase: 'Progressing', canaryWeight: 20, failedChecks: 1 },
      },
    },
  ];
}
