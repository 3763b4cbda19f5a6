import { ISTIO_DURATION_BUCKETS_MS } from '@meshpath/plugin-mesh-common';
import {
  CLUSTERS,
  Destination,
  EDGES,
  Edge,
  LatencyProfile,
  TRUST_DOMAIN,
  Workload,
} from './estate';

/** Requests of one caller to one destination in one cluster with one outcome. */
export interface RequestSeries {
  /** Istio's labels, with the `cluster` an external label would add. */
  labels: Record<string, string>;
  /** Share of the edge's requests this outcome gets, at `relativeSeconds` from the anchor. */
  share(relativeSeconds: number): number;
  edge: Edge;
  cluster: (typeof CLUSTERS)[number];
  /** Cumulative share per bucket edge of `ISTIO_DURATION_BUCKETS_MS`. */
  latencyBuckets: number[];
  /** Mean duration in ms, for `_sum`. */
  meanMs: number;
}

function principal(workload: Workload): string {
  return `spiffe://${TRUST_DOMAIN}/ns/${workload.namespace}/sa/${workload.name}`;
}

/** The profile at every bucket edge: the share of the largest listed edge at or under it. */
export function cumulativeShares(profile: LatencyProfile): number[] {
  return ISTIO_DURATION_BUCKETS_MS.map(edge => {
    let share = 0;
    for (const [ms, cumulative] of profile) if (ms <= edge) share = cumulative;
    return share;
  });
}

/** Mean of the profile, each bucket's requests at its midpoint. */
function meanDuration(buckets: number[]): number {
  let mean = 0;
  let previousShare = 0;
  let previousEdge = 0;
  buckets.forEach((share, i) => {
    const edge = ISTIO_DURATION_BUCKETS_MS[i];
    mean += (share - previousShare) * ((previousEdge + edge) / 2);
    previousShare = share;
    previousEdge = edge;
  });
  return mean;
}

function outcomes(destination: Destination) {
  const failed = destination.behaviour.errorRatio;
  if (destination.protocol === 'grpc') {
    // gRPC failures travel in the trailers of an HTTP 200.
    return [
      {
        labels: { response_code: '200', grpc_response_status: '0' },
        share: (t: number) => 1 - failed(t),
      },
      {
        labels: { response_code: '200', grpc_response_status: '14' },
        share: failed,
      },
    ];
  }
  return [
    { labels: { response_code: '200' }, share: (t: number) => 1 - failed(t) },
    { labels: { response_code: '503' }, share: failed },
  ];
}

/** Every request series of the estate, as the destination's sidecar reports them. */
export function requestSeries(): RequestSeries[] {
  const series: RequestSeries[] = [];
  for (const cluster of CLUSTERS) {
    for (const edge of EDGES) {
      const { source, destination } = edge;
      const latencyBuckets = cumulativeShares(destination.behaviour.latency);
      const meanMs = meanDuration(latencyBuckets);
      for (const outcome of outcomes(destination)) {
        series.push({
          labels: {
            reporter: 'destination',
            source_workload: source.name,
            source_workload_namespace: source.namespace,
            source_principal: edge.mutualTls ? principal(source) : 'unknown',
            destination_workload: destination.name,
            destination_workload_namespace: destination.namespace,
            destination_principal: principal(destination),
            destination_service: `${destination.name}.${destination.namespace}.svc.${TRUST_DOMAIN}`,
            destination_service_name: destination.name,
            destination_service_namespace: destination.namespace,
            connection_security_policy: edge.mutualTls ? 'mutual_tls' : 'none',
            request_protocol: destination.protocol,
            ...outcome.labels,
            cluster: cluster.name,
          },
          share: outcome.share,
          edge,
          cluster,
          latencyBuckets,
          meanMs,
        });
      }
    }
  }
  return series;
}
