/**
 * PromQL for Istio's standard telemetry, one query per window for every
 * service at once, grouped by destination service.
 */

const requests = 'istio_requests_total';
const duration = 'istio_request_duration_milliseconds';
const destination = 'reporter="destination"';
const groupBy = 'sum by (destination_service)';

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
  return `(${failures} or 0 * ${total}) / ${total}`;
}

/**
 * Ratio of requests slower than `thresholdMs` per destination service over
 * `window`. The threshold must be one of the histogram's bucket bounds.
 */
export function latencyErrorRatioQuery(
  window: string,
  thresholdMs: number,
): string {
  const total = `${groupBy} (rate(${duration}_count{${destination}}[${window}]))`;
  const fast = `${groupBy} (rate(${duration}_bucket{${destination},le="${thresholdMs}"}[${window}]))`;
  return `1 - (${fast} / ${total})`;
}
