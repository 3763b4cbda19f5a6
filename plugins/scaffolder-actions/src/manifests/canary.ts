import {
  CANARY_WEIGHT_DEFAULTS,
  type MeshServiceSpec,
} from '@meshpath/plugin-mesh-common';
import {
  KUBERNETES_ID_LABEL,
  Manifest,
  metadata,
  needsWaypoint,
  retryOn,
  USE_WAYPOINT_LABEL,
  WAYPOINT_NAME,
} from './common';
import { routeGateway } from './ingressGateway';
import { sloCanaryMetrics } from './metricTemplates';

const abHeader = (spec: MeshServiceSpec) =>
  spec.delivery.abHeader ?? 'x-canary';

/**
 * Flagger's load-test webhook: blue/green and A/B canaries get no user
 * traffic during analysis, so without it the metrics find no values and
 * Flagger rolls back. Blue/green tests the canary Service; A/B sends the
 * header its route matches to the apex.
 */
function loadTest(spec: MeshServiceSpec) {
  const [port] = spec.ports;
  const ab = spec.delivery.strategy === 'ab-testing';
  const host = `${ab ? spec.name : `${spec.name}-canary`}.${spec.namespace}:${
    port.port
  }`;
  const cmd =
    port.protocol === 'grpc'
      ? `ghz -z 1m -q 10 -c 2 --insecure --call grpc.health.v1.Health/Check${
          ab ? ` --metadata '{"${abHeader(spec)}":"insider"}'` : ''
        } ${host}`
      : `hey -z 1m -q 10 -c 2${
          ab ? ` -H '${abHeader(spec)}: insider'` : ''
        } http://${host}/`;
  return {
    name: 'load-test',
    type: 'rollout',
    url: spec.platform.loadTester.url,
    timeout: '5s',
    metadata: { type: 'cmd', cmd },
  };
}

/** The analysis of each Flagger strategy: traffic steps, or iterations. */
function analysis(spec: MeshServiceSpec): Record<string, unknown> {
  const base = {
    interval: '1m',
    threshold: 5,
    metrics: sloCanaryMetrics(spec),
  };
  switch (spec.delivery.strategy) {
    case 'blue-green':
      return { ...base, iterations: 10, webhooks: [loadTest(spec)] };
    case 'ab-testing':
      return {
        ...base,
        iterations: 10,
        webhooks: [loadTest(spec)],
        match: [
          {
            headers: {
              [abHeader(spec)]: { exact: 'insider' },
            },
          },
        ],
      };
    default:
      return {
        ...base,
        maxWeight: spec.delivery.maxWeight ?? CANARY_WEIGHT_DEFAULTS.maxWeight,
        stepWeight:
          spec.delivery.stepWeight ?? CANARY_WEIGHT_DEFAULTS.stepWeight,
      };
  }
}

/** Labels of the Services Flagger creates: the portal's label, and the waypoint enrolment of an ambient service. */
function serviceMetadata(spec: MeshServiceSpec) {
  return {
    labels: {
      [KUBERNETES_ID_LABEL]: spec.name,
      ...(needsWaypoint(spec) ? { [USE_WAYPOINT_LABEL]: WAYPOINT_NAME } : {}),
    },
  };
}

/**
 * The Flagger Canary. Flagger generates and owns the service's Services,
 * VirtualService and DestinationRules, so their settings live in the
 * `service` block. A TCP port is routed as TCP (`appProtocol: tcp`, what
 * Flagger reads), with no HTTP timeout or retries.
 */
export function canary(spec: MeshServiceSpec): Manifest {
  const [port] = spec.ports;
  const { timeout, retries, connectionPool, outlierDetection } =
    spec.trafficPolicy;
  const gateway = routeGateway(spec);
  const tcp = port.protocol === 'tcp';
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
        ...(tcp ? { appProtocol: 'tcp' } : {}),
        apex: serviceMetadata(spec),
        primary: serviceMetadata(spec),
        canary: serviceMetadata(spec),
        ...(gateway && !tcp
          ? {
              gateways: [gateway, 'mesh'],
              hosts: [...(spec.exposure.hosts ?? [])],
            }
          : {}),
        ...(tcp
          ? {}
          : {
              timeout,
              retries: {
                attempts: retries.attempts,
                perTryTimeout: retries.perTryTimeout,
                retryOn,
              },
            }),
        trafficPolicy: {
          // Flagger's CRD takes HTTP pool settings only: maxConnections caps concurrent requests, as on the DestinationRule path.
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
