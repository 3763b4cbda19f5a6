import {
  DEFAULT_SLO_OPTIONS,
  MeshServiceSpec,
  SloOptions,
  requestReporter,
  sliRates,
  workloadMatchers,
} from '@meshpath/plugin-mesh-common';
import { Manifest, metadata } from './common';

/** Flagger's query variables: the canary's target workload, its namespace, the metric's interval. */
const FLAGGER = {
  target: '{{ target }}',
  namespace: '{{ namespace }}',
  interval: '{{ interval }}',
};

/** Window of each gate's query: one analysis step. */
const GATE_INTERVAL = '1m';

const round = (value: number) => Number(value.toPrecision(6));

/** The canary's requests as the server side reports them; Flagger fills in the workload (the canary) and namespace. */
function canaryMatchers(spec: MeshServiceSpec): string {
  return workloadMatchers({
    reporter: requestReporter(spec.dataplane),
    namespace: FLAGGER.namespace,
    workloads: [FLAGGER.target],
    literal: false,
  });
}

const errorRateName = (spec: MeshServiceSpec) => `${spec.name}-slo-error-rate`;
const slowRateName = (spec: MeshServiceSpec) => `${spec.name}-slo-slow-rate`;

/**
 * Flagger MetricTemplates (Prometheus provider) measuring the canary with the
 * SLO's own definitions (mesh-common's `sliRates`, as the recording rules and
 * the backend): the percentage of failed requests (HTTP 5xx and the
 * configured gRPC failure codes), and the percentage slower than the latency
 * SLO's threshold, a bucket edge, so the gate and the SLO agree exactly
 * (p-th percentile ≤ threshold exactly when at most 100 − p % are slower).
 * Without traffic the queries return nothing, which Flagger counts as a
 * failed check, as it does for its built-in ones.
 */
export function sloMetricTemplates(
  spec: MeshServiceSpec,
  options: SloOptions = DEFAULT_SLO_OPTIONS,
): Manifest[] {
  const matchers = canaryMatchers(spec);
  const { interval } = FLAGGER;
  const provider = {
    type: 'prometheus',
    address: options.flaggerPrometheusUrl,
  };
  const failures = sliRates
    .failures(matchers, interval, options.grpcFailureCodes)
    .join(' or ');
  return [
    {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'MetricTemplate',
      metadata: metadata(spec, errorRateName(spec)),
      spec: {
        provider,
        query: `100 * (sum(${failures}) or vector(0))\n/ sum(${sliRates.requests(
          matchers,
          interval,
        )})`,
      },
    },
    {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'MetricTemplate',
      metadata: metadata(spec, slowRateName(spec)),
      spec: {
        provider,
        query: `100 * (1 - sum(${sliRates.latencyFast(
          matchers,
          interval,
          spec.slo.latencyThresholdMs,
        )})\n/ sum(${sliRates.latencyRequests(matchers, interval)}))`,
      },
    },
  ];
}

/** The Canary's `analysis.metrics`: the SLO's two gates, each allowing exactly the SLO's error budget. */
export function sloCanaryMetrics(
  spec: MeshServiceSpec,
): Array<Record<string, unknown>> {
  return [
    {
      name: 'slo-error-rate',
      templateRef: { name: errorRateName(spec) },
      // Percent of failed requests the availability target allows.
      thresholdRange: { max: round(100 - spec.slo.availability) },
      interval: GATE_INTERVAL,
    },
    {
      name: 'slo-slow-rate',
      templateRef: { name: slowRateName(spec) },
      // Percent of requests over the threshold the latency target allows.
      thresholdRange: { max: round(100 - spec.slo.latencyPercentile) },
      interval: GATE_INTERVAL,
    },
  ];
}
