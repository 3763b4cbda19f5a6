import type { MeshServiceSpec } from '@meshpath/plugin-mesh-common';
import { Manifest, metadata, networking, retryOn } from './common';

function httpRoute(spec: MeshServiceSpec, port: number | undefined) {
  return {
    name: 'default',
    route: [
      {
        destination: {
          host: spec.name,
          subset: spec.versions[0],
          ...(port ? { port: { number: port } } : {}),
        },
      },
    ],
    timeout: spec.trafficPolicy.timeout,
    retries: {
      attempts: spec.trafficPolicy.retries.attempts,
      perTryTimeout: spec.trafficPolicy.retries.perTryTimeout,
      retryOn,
    },
  };
}

/** VirtualServices for a service Meshpath routes itself (no Flagger). */
export function virtualServices(spec: MeshServiceSpec): Manifest[] {
  const port = spec.ports.length > 1 ? spec.ports[0].port : undefined;
  const http = spec.ports.some(p => p.protocol !== 'tcp');
  const routes = http
    ? { http: [httpRoute(spec, port)] }
    : {
        tcp: [
          {
            route: [
              {
                destination: {
                  host: spec.name,
                  subset: spec.versions[0],
                  port: { number: spec.ports[0].port },
                },
              },
            ],
          },
        ],
      };
  const manifests: Manifest[] = [
    {
      apiVersion: networking(spec),
      kind: 'VirtualService',
      metadata: metadata(spec, spec.name),
      spec: { hosts: [spec.name], ...routes },
    },
  ];
  if (spec.exposure.mode === 'gateway') {
    manifests.push({
      apiVersion: networking(spec),
      kind: 'VirtualService',
      metadata: metadata(spec, `${spec.name}-ingress`),
      spec: {
        hosts: spec.exposure.hosts,
        gateways: [spec.exposure.gateway],
        http: [httpRoute(spec, port)],
      },
    });
  }
  return manifests;
}

/** The DestinationRule: connection pool, outlier detection and one subset per version. */
export function destinationRule(spec: MeshServiceSpec): Manifest {
  const { connectionPool, outlierDetection } = spec.trafficPolicy;
  return {
    apiVersion: networking(spec),
    kind: 'DestinationRule',
    metadata: metadata(spec, spec.name),
    spec: {
      host: spec.name,
      trafficPolicy: {
        connectionPool: {
          tcp: { maxConnections: connectionPool.maxConnections },
          http: {
            http1MaxPendingRequests: connectionPool.http1MaxPendingRequests,
          },
        },
        outlierDetection: { ...outlierDetection },
      },
      subsets: spec.versions.map(version => ({
        name: version,
        labels: { version },
      })),
    },
  };
}
