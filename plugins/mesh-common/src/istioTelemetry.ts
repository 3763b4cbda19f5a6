/**
 * Bucket edges (ms) of Istio's `istio_request_duration_milliseconds`: Envoy's
 * default histogram buckets, which Istio does not override. A latency SLO can
 * only be measured at one of them.
 * @public
 */
export const ISTIO_DURATION_BUCKETS_MS: readonly number[] = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000,
  300000, 600000, 1800000, 3600000,
];

/** Whether `ms` is an edge of Istio's request-duration histogram. @public */
export function isIstioDurationBucket(ms: number): boolean {
  return ISTIO_DURATION_BUCKETS_MS.includes(ms);
}

/**
 * The `le` label values a bucket edge is stored under: as Envoy writes it
 * (`250`, `1800000`) and as Prometheus 3 normalises classic histograms
 * (`250.0`, `1.8e+06`: Go's shortest `%g`, `.0` appended when neither `.` nor
 * `e` is in it).
 * @public
 */
export function bucketLabelValues(ms: number): string[] {
  const envoy = String(ms);
  const exponent = Math.floor(Math.log10(Math.abs(ms)));
  const prometheus3 =
    exponent < -4 || exponent >= 6
      ? ms.toExponential().replace(/e([+-])(\d)$/, 'e$10$2')
      : envoy;
  const normalised = /[.e]/.test(prometheus3)
    ? prometheus3
    : `${prometheus3}.0`;
  return normalised === envoy ? [envoy] : [envoy, normalised];
}

/**
 * PromQL label matcher for the bucket at `ms` in both forms, for example
 * `le=~"250|250\\.0"`, so a query survives the Prometheus 2 to 3 upgrade
 * (and a window that spans it).
 * @public
 */
export function bucketMatcher(ms: number): string {
  const pattern = bucketLabelValues(ms)
    .map(value => value.replace(/[.+]/g, c => `\\\\${c}`))
    .join('|');
  return `le=~"${pattern}"`;
}

/**
 * Label and value Meshpath's generated SLO recording rules stamp on every
 * series they record; the backend trusts recorded series only with it.
 * @public
 */
export const SLO_RECORDING_LABEL = {
  name: 'meshpath_rules',
  value: 'slo-v2',
} as const;

/**
 * Names of the series Meshpath's SLO recording rules write for `window`:
 * per-second rates, so that several clusters or Prometheus replicas add up
 * by summing numerators and denominators, never ratios.
 * @public
 */
export const sloRecordedSeries = {
  requests: (window: string) => `meshpath:slo_requests:rate${window}`,
  availabilityErrors: (window: string) =>
    `meshpath:slo_availability_errors:rate${window}`,
  latencyRequests: (window: string) =>
    `meshpath:slo_latency_requests:rate${window}`,
  /** Requests at or under the threshold; labelled `threshold_ms`. */
  latencyFast: (window: string) => `meshpath:slo_latency_fast:rate${window}`,
};
