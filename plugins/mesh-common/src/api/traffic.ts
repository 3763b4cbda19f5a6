/**
 * How a caller seen in telemetry fares against the effective policy: allowed,
 * would be denied by the AuthorizationPolicies in force, sent in plaintext, or
 * not known. @public
 */
export type TrafficVerdict =
  | 'allowed'
  | 'would-be-denied'
  | 'plaintext'
  | 'unknown';

/** One caller of a service as Istio's telemetry saw it over the window. @public */
export interface ObservedCaller {
  /** Istio's `source_workload`, for example `frontend`; `unknown` for callers outside the mesh. */
  sourceWorkload: string;
  /** Istio's `source_workload_namespace`; `unknown` for callers outside the mesh. */
  sourceNamespace: string;
  /** The caller's SPIFFE identity (`source_principal`); absent when the server saw none, as over plaintext. */
  principal?: string;
  /** HTTP and gRPC requests received from this caller over the window. */
  requests: number;
  /** TCP connections opened by this caller over the window (TCP services, ambient ztunnel). */
  connections: number;
  /** Share (0..1) of the requests, or of the connections where no request was seen, that arrived over mutual TLS. */
  mtlsShare: number;
  /** The caller classified against the effective policy; absent until classified. */
  verdict?: TrafficVerdict;
  /** Why the verdict is what it is, for example the policy that would deny it. */
  reason?: string;
}

/** The callers a service received traffic from over a window, or why that is not known. @public */
export interface ObservedTraffic {
  /** Window the figures cover, as a Prometheus duration, for example `24h`. */
  window: string;
  /** `unknown` when the figures are missing or partial, with the reason. */
  state: 'known' | 'unknown';
  /** Why the traffic is not known (no Prometheus, a failed query); with `unknown` callers may be partial. */
  reason?: string;
  /** Callers, most requests first. */
  callers: ObservedCaller[];
}
