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

/**
 * gRPC status codes by name, as `grpc_response_status` carries them.
 * @public
 */
export const GRPC_STATUS_CODES = {
  OK: 0,
  CANCELLED: 1,
  UNKNOWN: 2,
  INVALID_ARGUMENT: 3,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  ALREADY_EXISTS: 6,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  OUT_OF_RANGE: 11,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
  DATA_LOSS: 15,
  UNAUTHENTICATED: 16,
} as const;

/** A gRPC status code's name, for example `UNAVAILABLE`. @public */
export type GrpcStatusName = keyof typeof GRPC_STATUS_CODES;

/**
 * gRPC codes that count as failed requests by default: the server faults,
 * exactly the codes google.rpc.Code maps to an HTTP 5xx (UNKNOWN, INTERNAL,
 * DATA_LOSS 500; UNIMPLEMENTED 501; UNAVAILABLE 503; DEADLINE_EXCEEDED 504).
 * Client-caused codes (CANCELLED 499, INVALID_ARGUMENT, NOT_FOUND, …) and
 * RESOURCE_EXHAUSTED (429, a quota or rate limit) map to 4xx and are excluded,
 * as HTTP 4xx is.
 * @public
 */
export const DEFAULT_GRPC_FAILURE_CODES: readonly GrpcStatusName[] = [
  'UNKNOWN',
  'DEADLINE_EXCEEDED',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
];

/**
 * Which proxy reports a request on the server side: the sidecar (and, for
 * TCP only, the destination's ztunnel) as `destination`, an ambient waypoint
 * as `waypoint`.
 * @public
 */
export type TelemetryReporter = 'destination' | 'waypoint';

/**
 * The reporter that sees a workload's HTTP and gRPC requests: its sidecar,
 * or in ambient mode its waypoint (ztunnel reports only `istio_tcp_*`).
 * @public
 */
export function requestReporter(
  dataplane: 'sidecar' | 'ambient',
): TelemetryReporter {
  return dataplane === 'ambient' ? 'waypoint' : 'destination';
}

/**
 * Why an ambient service without a waypoint has no request SLO: ztunnel
 * reports only TCP.
 * @public
 */
export const AMBIENT_WITHOUT_WAYPOINT =
  'in ambient mode ztunnel reports only TCP connections (istio_tcp_*), never requests: HTTP and gRPC availability and latency need a waypoint (istio.io/use-waypoint), whose reports carry reporter="waypoint"';

/**
 * The workloads Istio reports a service's server-side requests under: its
 * Deployment, and the `<name>-primary` copy Flagger creates and routes
 * stable traffic to. Flagger's own checks select by workload too.
 * @public
 */
export function serviceWorkloads(name: string): string[] {
  return [name, `${name}-primary`];
}

/** A PromQL regex that matches `value` literally. */
function literalRegex(value: string): string {
  return value.replace(/[.+*?()|[\]{}^$\\]/g, c => `\\\\${c}`);
}

/**
 * Label matchers for the server side's reports of a service: by workload and
 * its namespace (never `destination_service_name`: Istio names the first
 * Service of the inbound cluster, which under Flagger is `-primary` or
 * `-canary`). `workload` is a PromQL regex as written (for example Flagger's
 * `{{ target }}`) when `literal` is false.
 * @public
 */
export function workloadMatchers(options: {
  reporter: TelemetryReporter;
  namespace: string;
  workloads: string[];
  literal?: boolean;
}): string {
  const workloads = options.workloads
    .map(w => (options.literal === false ? w : literalRegex(w)))
    .join('|');
  const namespace =
    options.literal === false
      ? options.namespace
      : options.namespace.replace(/["\\]/g, c => `\\${c}`);
  return `reporter="${options.reporter}",destination_workload=~"${workloads}",destination_workload_namespace="${namespace}"`;
}

/** Istio's standard request metrics. @public */
export const ISTIO_REQUEST_METRICS = {
  requests: 'istio_requests_total',
  duration: 'istio_request_duration_milliseconds',
} as const;

/**
 * The `rate()` terms of every SLI, over the requests `matchers` select: one
 * definition for the recording rules, the canary gates and the backend.
 * A request fails on HTTP 5xx, or behind any other HTTP status on one of
 * `grpcFailureCodes` (gRPC failures arrive as HTTP 200).
 * @public
 */
export const sliRates = {
  requests: (matchers: string, window: string) =>
    `rate(${ISTIO_REQUEST_METRICS.requests}{${matchers}}[${window}])`,
  /** Two rate terms: join with `or` inside one sum, they never overlap. */
  failures: (
    matchers: string,
    window: string,
    grpcFailureCodes: readonly GrpcStatusName[],
  ): [string, string] => [
    `rate(${ISTIO_REQUEST_METRICS.requests}{${matchers},response_code=~"5.."}[${window}])`,
    `rate(${
      ISTIO_REQUEST_METRICS.requests
    }{${matchers},response_code!~"5..",grpc_response_status=~"${grpcFailureRegex(
      grpcFailureCodes,
    )}"}[${window}])`,
  ],
  latencyRequests: (matchers: string, window: string) =>
    `rate(${ISTIO_REQUEST_METRICS.duration}_count{${matchers}}[${window}])`,
  /** Requests at or under `thresholdMs`, which must be a bucket edge. */
  latencyFast: (matchers: string, window: string, thresholdMs: number) =>
    `rate(${ISTIO_REQUEST_METRICS.duration}_bucket{${matchers},${bucketMatcher(
      thresholdMs,
    )}}[${window}])`,
};

/** The `grpc_response_status` regex of `codes`, for example `2|4|13|14`; matches nothing for none. @public */
export function grpcFailureRegex(codes: readonly GrpcStatusName[]): string {
  const numbers = [...new Set(codes.map(code => GRPC_STATUS_CODES[code]))]
    .filter(n => n !== undefined && n !== 0)
    .sort((a, b) => a - b);
  // An empty alternation would match the empty label; "-1" is never a status.
  return numbers.length ? numbers.join('|') : '-1';
}
