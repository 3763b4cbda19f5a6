/**
 * PromQL for Istio's standard telemetry, one query per window for every
 * service at once, grouped by destination service. Where the onboarding PR's
 * recording rules (`meshpath:slo_*_errors:ratio_rate<window>`, labels
 * `service` and `namespace`) exist, their series win; raw telemetry fills in
 * for services without them.
 */

const requests = 'istio_requests_total';
const duration = 'istio_request_duration_milliseconds';
const destination = 'reporter="destination"';
const groupBy = 'sum by (destination_service)';

/** Windows the onboarding PR records error ratios for. */
const RECORDED_WINDOWS = new Set(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);

/** Recorded series relabelled to Istio's `<service>.<namespace>.svc.cluster.local`, so `or` can merge them with raw telemetry. */
function asDestinationService(recorded: string): string {
  const joined = `label_join(${recorded}, "destination_service", ".", "service", "namespace")`;
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
  const recorded = asDestinationService(
    `meshpath:slo_availability_errors:ratio_rate${window}`,
  );
  return `${recorded} or (${raw})`;
}

/**
 * Ratio of requests slower than `thresholdMs` per destination service over
 * `window`. The threshold must be one of the histogram's bucket bounds.
 * Recorded series count only where the rule was recorded for the same
 * threshold (`threshold_ms` of `meshpath:slo_latency_objective:ratio`).
 */
export function latencyErrorRatioQuery(
  window: string,
  thresholdMs: number,
): string {
  const total = `${groupBy} (rate(${duration}_count{${destination}}[${window}]))`;
  const fast = `${groupBy} (rate(${duration}_bucket{${destination},le="${thresholdMs}"}[${window}]))`;
  const raw = `1 - (${fast} / ${total})`;
  if (!RECORDED_WINDOWS.has(window)) return raw;
  const recorded = asDestinationService(
    `meshpath:slo_latency_errors:ratio_rate${window} and on (service, namespace) meshpath:slo_latency_objective:ratio{threshold_ms="${thresholdMs}"}`,
  );
  return `${recorded} or (${raw})`;
}
