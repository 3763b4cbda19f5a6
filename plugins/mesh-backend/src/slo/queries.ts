import {
  DEFAULT_GRPC_FAILURE_CODES,
  GrpcStatusName,
  SLO_RECORDING_LABEL,
  TelemetryReporter,
  sliRates,
  sloRecordedSeries,
} from '@meshpath/plugin-mesh-common';

/**
 * PromQL for Istio's standard telemetry, one query per window for every
 * service at once, grouped by the service's workload and its namespace. The
 * rate terms are mesh-common's `sliRates`, the same the generated recording
 * rules and canary gates use. Where the onboarding PR's recording rules
 * exist, their series win; raw telemetry fills in for services without them.
 *
 * A service's workload counts together with the `<name>-primary` copy
 * Flagger creates (`SERVICE_WORKLOAD_LABEL`). Requests count as the server
 * side reports them: the sidecar (`reporter="destination"`) or, where it saw
 * nothing, an ambient waypoint (`reporter="waypoint"`), never both.
 *
 * Recorded series count only when they carry Meshpath's rule label, and only
 * for the service and namespace in their own `service` and `namespace`
 * labels: under the Prometheus operator's `enforcedNamespaceLabel:
 * namespace`, a rule can only write its own namespace there, so no other
 * namespace can speak for a service. Numerators and denominators are summed
 * across clusters after Prometheus replicas are collapsed, then divided.
 */

/** The label each answer names a service's workload by: Istio's `destination_workload`, Flagger's `-primary` folded in. */
export const SERVICE_WORKLOAD_LABEL = 'meshpath_workload';
/** The label each answer names the workload's namespace by. */
export const SERVICE_NAMESPACE_LABEL = 'destination_workload_namespace';

const groupBy = `sum by (${SERVICE_WORKLOAD_LABEL}, ${SERVICE_NAMESPACE_LABEL})`;

/** Windows the onboarding PR records rates for. */
const RECORDED_WINDOWS = new Set(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);

/** Server-side reporters, in the order they count: a waypoint's rows only where no sidecar reported. */
const REPORTERS: TelemetryReporter[] = ['destination', 'waypoint'];

/** External labels that tell HA Prometheus replicas apart (the operator's, and Thanos' usual one). */
export const REPLICA_LABELS = 'prometheus_replica, replica';

/** A Kubernetes name: a `service` label with dots could pose as another namespace's service. */
const DNS_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';

/** Options of the fleet-wide queries. */
export interface SloQueryOptions {
  grpcFailureCodes: readonly GrpcStatusName[];
}

const DEFAULT_QUERY_OPTIONS: SloQueryOptions = {
  grpcFailureCodes: DEFAULT_GRPC_FAILURE_CODES,
};

/** Raw telemetry `rates`, summed per service workload (Flagger's `-primary` folded into its service). */
function perWorkload(rates: string): string {
  return `${groupBy} (label_replace(${rates}, "${SERVICE_WORKLOAD_LABEL}", "$1", "destination_workload", "(.+?)(?:-primary)?"))`;
}

/** `ratio(reporter)` for the sidecar's reports, else the waypoint's, per service. */
function byReporter(ratio: (reporter: string) => string): string {
  return REPORTERS.map(r => `(${ratio(`reporter="${r}"`)})`).join(' or ');
}

/**
 * Meshpath's recorded series `name`, one per service, relabelled to the
 * raw queries' labels so `or` can merge it with raw telemetry.
 */
function recordedPerService(name: string, extraMatchers = ''): string {
  const selector = `${name}{${SLO_RECORDING_LABEL.name}="${SLO_RECORDING_LABEL.value}",service=~"${DNS_LABEL}",namespace=~"${DNS_LABEL}"${extraMatchers}}`;
  const deduplicated = `max without (${REPLICA_LABELS}) (${selector})`;
  const named = `label_replace(${deduplicated}, "${SERVICE_WORKLOAD_LABEL}", "$1", "service", "(.+)")`;
  return `${groupBy} (label_replace(${named}, "${SERVICE_NAMESPACE_LABEL}", "$1", "namespace", "(.+)"))`;
}

/**
 * Ratio of failed requests per service over `window`: HTTP 5xx, plus gRPC
 * calls that failed with a server fault behind another status. Services
 * without failures come out as 0, not missing; services without traffic come
 * out as NaN or missing.
 */
export function availabilityErrorRatioQuery(
  window: string,
  options: SloQueryOptions = DEFAULT_QUERY_OPTIONS,
): string {
  const raw = byReporter(reporter => {
    const total = perWorkload(sliRates.requests(reporter, window));
    const failures = perWorkload(
      sliRates
        .failures(reporter, window, options.grpcFailureCodes)
        .join(' or '),
    );
    return `(${failures} or 0 * ${total}) / ${total}`;
  });
  if (!RECORDED_WINDOWS.has(window)) return raw;
  const recorded = `${recordedPerService(
    sloRecordedSeries.availabilityErrors(window),
  )} / ${recordedPerService(sloRecordedSeries.requests(window))}`;
  return `(${recorded}) or ${raw}`;
}

/**
 * Ratio of requests slower than `thresholdMs` per service over `window`.
 * The threshold must be one of the histogram's bucket edges; its `le`
 * matches both the Envoy and the Prometheus 3 form. Recorded series count
 * only where they were recorded for the same threshold (`threshold_ms`).
 */
export function latencyErrorRatioQuery(
  window: string,
  thresholdMs: number,
): string {
  const raw = byReporter(reporter => {
    const total = perWorkload(sliRates.latencyRequests(reporter, window));
    const fast = perWorkload(
      sliRates.latencyFast(reporter, window, thresholdMs),
    );
    return `1 - (${fast} / ${total})`;
  });
  if (!RECORDED_WINDOWS.has(window)) return raw;
  const recorded = `1 - (${recordedPerService(
    sloRecordedSeries.latencyFast(window),
    `,threshold_ms="${thresholdMs}"`,
  )} / ${recordedPerService(sloRecordedSeries.latencyRequests(window))})`;
  return `(${recorded}) or ${raw}`;
}
