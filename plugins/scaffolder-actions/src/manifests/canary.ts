import type { MeshServiceSpec } from '@meshpath/plugin-mesh-common';
import { Manifest, metadata, retryOn } from './common';
import { sloCanaryMetrics } from './metricTemplates';

/** The analysis of each Flagger strategy: traffic steps, or iterations. */
function analysis(spec: MeshServiceSpec): Record<string, unknown> {
  const base = {
    interval: '1m',
    threshold: 5,
    metrics: sloCanaryMetrics(spec),
  };
  switch (spec.delivery.strategy) {
    case 'blue-green':
      return { ...base, iterations: 10 };
    case 'ab-testing':
      return {
        ...base,
        iterations: 10,
        match: [
          {
            headers: {
              [spec.delivery.abHeader ?? 'x-canary']: { exact: 'insider' },
            },
          },
        ],
      };
    default:
      return {
        ...base,
        maxWeight: spec.delivery.maxWeight ?? 50,
        stepWeight: spec.delivery.stepWeight ?? 10,
      };
  }
}

/**
 * The Flagger Canary. Flagger generates and owns the service's VirtualService
 * and DestinationRules, so the traffic policy lives in the `service` block.
 */
export function canary(spec: MeshServiceSpec): Manifest {
  const [port] = spec.ports;
  const { timeout, retries, connectionPool, outlierDetection } =
    spec.trafficPolicy;
  const exposed = spec.exposure.mode === 'gateway';
  return {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: metadata(spec, spec.name),
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: spec.name },
      service: {
        port: port.port,
        ...(port.targetPort ? { targetPort: port.targetPort } : {}),
        portName: port.protocol,
        ...(exposed
          ? {
              gateways: [spec.exposure.gateway, 'mesh'],
              hosts: [...(spec.exposure.hosts ?? [])],
            }
          : {}),
        timeout,
        retries: {
          attempts: retries.attempts,
          perTryTimeout: retries.perTryTimeout,
          retryOn,
        },
        trafficPolicy: {
          // Flagger's CRD takes HTTP pool settings only.
          connectionPool: {
            http: {
              http1MaxPendingRequests: connectionPool.http1MaxPendingRequests,
              http2MaxRequests: connectionPool.maxConnections,
            },
          },
          outlierDetection: { ...outlierDetection },
        },
      },
      analysis: analysis(spec),
    },
  };
}
