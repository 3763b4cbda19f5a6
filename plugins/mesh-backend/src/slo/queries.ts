import {
  SLO_RECORDING_LABEL,
  bucketMatcher,
  sloRecordedSeries,
} from '@meshpath/plugin-mesh-common';

/**
 * PromQL for Istio's standard telemetry, one query per window for every
 * service at once, grouped by destination service. Where the onboarding PR's
 * recording rules exist, their series win; raw telemetry fills in for
 * services without them.
 *
 * Recorded series count only when they carry Meshpath's rule label, and only
 * for the service and namespace in their own `service` and `namespace`
 * labels: under the Prometheus operator's `enforcedNamespaceLabel:
 * namespace`, a rule can only write its own namespace there, so no other
 * namespace can speak for a service. Numerators and denominators are summed
 * across clusters after Prometheus replicas are collapsed, then divided.
 */

const requests = 'istio_requests_total';
const duration = 'istio_request_duration_milliseconds';
const destination = 'reporter="destination"';
const groupBy = 'sum by (destination_service)';

/** Windows the onboarding PR records rates for. */
const RECORDED_WINDOWS = new Set(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);

/** External labels that tell HA Prometheus replicas apart (the operator's, and Thanos' usual one). */
export const REPLICA_LABELS = 'prometheus_replica, replica';

/** A Kubernetes name: a `service` label with dots could pose as another namespace's service. */
const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';

/**
 * Meshpath's recorded series `name`, one per service, relabelled to Istio's
 * `<service>.<namespace>.svc.cluster.local` so `or` can merge it with raw
 * telemetry.
 */
function recordedPerService(name: string, extraMatchers = ''): string {
  const selector = `${name}{${SLO_RECORDING_LABEL.name}="${SLO_RECORDING_LABEL.value}",service=~"${DNS_LABEL}",namespace=~"${DNS_LABEL}"${extraMatchers}}`;
  const deduplicated = `max without (${REPLICA_LABELS}) (${selector})`;
  const joined = `label_join(${deduplicated}, "destination_service", ".", "service", "namespace")`;
  return `${groupBy} (label_replace(${joined}, "destination_service", "$1.svc.cluster.local", "destination_service", "(.+)"))`;
}

/**
 * Ratio of failed requests per destination service over `window`: HTTP 5xx,
 * plus gRPC calls that failed behind an HTTP 200 (non-empty, non-zero
 * `grpc_response_status`). Services without failures come out as 0, not
 * missing; services without traffic come out as NaN or missing.
 */
export function availabilityErrorRatioQuery(window: string): string {
  const total = `${groupBy} (rate(${requests}{${destination}}[${window}]))`;
  const failures = `${groupBy} (
    rate(${requests}{${destination},response_code=~"5.."}[${window}])
    or
    rate(${requests}{${destination},response_code!~"5..",grpc_response_status!~"|0"}[${window}])
  )`;
  const raw = `(${failures} or 0 * ${total}) / ${total}`;
  if (!RECORDED_WINDOWS.has(window)) return raw;
  const recorded = `${recordedPerService(
    sloRecordedSeries.availabilityErrors(window),
  )} / ${recordedPerService(sloRecordedSeries.requests(window))}`;
  return `(${recorded}) or (${raw})`;
}

/**
 * Ratio of requests slower than `thresholdMs` per destination service over
 * `window`. The threshold must be one of the histogram's bucket edges; its
 * `le` matches both the Envoy and the Prometheus 3 form. Recorded series
 * count only where they were recorded for the same threshold (`threshold_ms`).
 */
export function latencyErrorRatioQuery(
  window: string,
  thresholdMs: number,
): string {
  const total = `${groupBy} (rate(${duration}_count{${destination}}[${window}]))`;
  const fast = `${groupBy} (rate(${duration}_bucket{${destination},${bucketMatcher(
    thresholdMs,
  )}}[${window}]))`;
  const raw = `1 - (${fast} / ${total})`;
  if (!RECORDED_WINDOWS.has(window)) return raw;
  const recorded = `1 - (${recordedPerService(
    sloRecordedSeries.latencyFast(window),
    `,threshold_ms="${thresholdMs}"`,
  )} / ${recordedPerService(sloRecordedSeries.latencyRequests(window))})`;
  return `(${recorded}) or (${raw})`;
}
