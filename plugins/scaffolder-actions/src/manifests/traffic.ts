import type { MeshServiceSpec } from '@meshpath/plugin-mesh-common';
import { Manifest, metadata, networking, retryOn, speaksHttp } from './common';
import { routeGateway } from './ingressGateway';

// Routes go to the host, never to a subset: a subset pins a `version` label the workload may not carry (every request 503s).
function httpRoute(spec: MeshServiceSpec, port: number | undefined) {
  return {
    name: 'default',
    route: [
      {
        destination: {
          host: spec.name,
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

/** VirtualServices for a service Meshpath routes itself (no Flagger): HTTP routes for HTTP ports, TCP routes for TCP ones. */
export function virtualServices(spec: MeshServiceSpec): Manifest[] {
  const httpPorts = spec.ports.filter(p => p.protocol !== 'tcp');
  const tcpPorts = spec.ports.filter(p => p.protocol === 'tcp');
  const multiple = spec.ports.length > 1;
  const routes = {
    ...(httpPorts.length
      ? {
          http: [httpRoute(spec, multiple ? httpPorts[0].port : undefined)],
        }
      : {}),
    ...(tcpPorts.length
      ? {
          tcp: tcpPorts.map(p => ({
            match: [{ port: p.port }],
            route: [
              { destination: { host: spec.name, port: { number: p.port } } },
            ],
          })),
        }
      : {}),
  };
  const manifests: Manifest[] = [
    {
      apiVersion: networking(spec),
      kind: 'VirtualService',
      metadata: metadata(spec, spec.name),
      spec: { hosts: [spec.name], ...routes },
    },
  ];
  const gateway = routeGateway(spec);
  if (gateway && speaksHttp(spec)) {
    manifests.push({
      apiVersion: networking(spec),
      kind: 'VirtualService',
      metadata: metadata(spec, `${spec.name}-ingress`),
      spec: {
        hosts: spec.exposure.hosts,
        gateways: [gateway],
        http: [httpRoute(spec, httpPorts[0].port)],
      },
    });
  }
  return manifests;
}

/**
 * The DestinationRule: outlier detection and the pool limit. `maxConnections`
 * caps concurrent requests (`http2MaxRequests`, as on the Flagger path) for
 * HTTP, and connections for TCP.
 */
export function destinationRule(spec: MeshServiceSpec): Manifest {
  const { connectionPool, outlierDetection } = spec.trafficPolicy;
  return {
    apiVersion: networking(spec),
    kind: 'DestinationRule',
    metadata: metadata(spec, spec.name),
    spec: {
      host: spec.name,
      trafficPolicy: {
        connectionPool: speaksHttp(spec)
          ? {
              http: {
                http1MaxPendingRequests: connectionPool.http1MaxPendingRequests,
                http2MaxRequests: connectionPool.maxConnections,
              },
            }
          : { tcp: { maxConnections: connectionPool.maxConnections } },
        outlierDetection: { ...outlierDetection },
      },
    },
  };
}
