import {
  ISTIO_REQUEST_METRICS,
  TelemetryReporter,
} from '@meshpath/plugin-mesh-common';
import { REPLICA_LABELS } from '../slo/queries';

/** Labels a caller row is keyed by: the destination (workload and host), the caller, and the connection's security. */
const TRAFFIC_LABELS = [
  'destination_workload',
  'destination_workload_namespace',
  'destination_service',
  'source_workload',
  'source_workload_namespace',
  'source_principal',
  'connection_security_policy',
] as const;

/** Istio's metric for each kind of observation. */
export const TRAFFIC_METRICS = {
  /** HTTP and gRPC: sidecars and, in ambient mode, waypoints. */
  requests: ISTIO_REQUEST_METRICS.requests,
  /** TCP: sidecars on TCP ports, and ztunnel for every connection in ambient mode. */
  connections: 'istio_tcp_connections_opened_total',
} as const;

/**
 * Increase of `metric` over `window` per destination and caller, for the
 * whole fleet in one query. The server side reports (`reporter="destination"`:
 * the sidecar or, in ambient mode, the destination's ztunnel); where only a
 * waypoint saw a request (ambient behind a waypoint) its `reporter="waypoint"`
 * row fills in, per caller row, so nothing is counted twice. HA Prometheus
 * replicas are collapsed before clusters and pods are summed.
 */
export function observedTrafficQuery(
  metric: (typeof TRAFFIC_METRICS)[keyof typeof TRAFFIC_METRICS],
  window: string,
): string {
  const reportedBy = (reporter: TelemetryReporter) =>
    `sum by (${TRAFFIC_LABELS.join(
      ', ',
    )}) (max without (${REPLICA_LABELS}) (increase(${metric}{reporter="${reporter}"}[${window}])))`;
  return `${reportedBy('destination')} or ${reportedBy('waypoint')}`;
}
