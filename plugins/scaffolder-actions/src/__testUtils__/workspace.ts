import { ConfigReader } from '@backstage/config';
import { readGoldenPaths } from '@meshpath/plugin-mesh-common';
import { createAnalyzer } from '@meshpath/mesh-engine';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';

/** The golden paths of the repository's own app-config.yaml, as platform teams write them. */
export function repositoryGoldenPaths() {
  const appConfig = parse(
    readFileSync(resolve(__dirname, '../../../../app-config.yaml'), 'utf8'),
  );
  return readGoldenPaths(new ConfigReader({ mesh: appConfig.mesh }));
}

export const analyzer = () => createAnalyzer();

export const tempWorkspace = () =>
  mkdtempSync(join(tmpdir(), 'meshpath-workspace-'));

/**
 * What a service repository and the platform already hold: the service's
 * Deployment (and its Service when Flagger does not deliver it: Flagger
 * creates and owns the apex Service, so a repository on a Flagger path does
 * not declare one), its callers' namespaces and service accounts, and the
 * shared ingress Gateway. The analysis treats its input as the whole world.
 */
export function writeServiceContext(
  workspace: string,
  service: {
    name: string;
    namespace: string;
    port: number;
    targetPort?: number;
    versions?: string[];
    /** Declare the Service: only for `delivery.strategy: none`. */
    withService?: boolean;
  },
) {
  const versions = service.versions ?? ['v1'];
  const objects = [
    ...versions.map(version => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: versions.length > 1 ? `${service.name}-${version}` : service.name,
        namespace: service.namespace,
        labels: { app: service.name },
      },
      spec: {
        selector: { matchLabels: { app: service.name, version } },
        template: {
          // The label the onboarding's workload-labels component adds: the policies select it.
          metadata: {
            labels: {
              app: service.name,
              version,
              'backstage.io/kubernetes-id': service.name,
            },
          },
          spec: {
            serviceAccountName: service.name,
            containers: [
              {
                name: service.name,
                image: `registry.invalid/${service.name}:1.0.0`,
                ports: [{ containerPort: service.targetPort ?? service.port }],
              },
            ],
          },
        },
      },
    })),
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: service.name, namespace: service.namespace },
    },
    ...(service.withService ? [serviceObject(service)] : []),
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'storefront',
        labels: { 'istio-injection': 'enabled' },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'storefront', namespace: 'storefront' },
    },
    // Where the reference storefront runs (generate's examples).
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: 'storefront-web',
        labels: { 'istio-injection': 'enabled' },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'storefront', namespace: 'storefront-web' },
    },
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-system' } },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'public-gateway', namespace: 'istio-system' },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 443, name: 'https', protocol: 'HTTPS' },
            hosts: ['*.example.com'],
            tls: { mode: 'SIMPLE', credentialName: 'public-gateway-cert' },
          },
        ],
      },
    },
  ];
  mkdirSync(join(workspace, 'deploy'), { recursive: true });
  writeFileSync(
    join(workspace, 'deploy', 'service.yaml'),
    objects.map(o => stringify(o)).join('---\n'),
  );
}

/** The service's own Service, as a repository without Flagger declares it. */
function serviceObject(service: {
  name: string;
  namespace: string;
  port: number;
  targetPort?: number;
}) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: service.name, namespace: service.namespace },
    spec: {
      selector: { app: service.name },
      ports: [
        {
          name: 'http',
          port: service.port,
          targetPort: service.targetPort ?? service.port,
        },
      ],
    },
  };
}
