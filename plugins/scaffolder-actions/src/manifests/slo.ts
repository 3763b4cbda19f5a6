import {
  MeshServiceSpec,
  SLO_RECORDING_LABEL,
  bucketMatcher,
  sloRecordedSeries,
} from '@meshpath/plugin-mesh-common';
import { SLO_LABEL } from '@meshpath/mesh-engine';
import { Manifest, metadata } from './common';

/** Windows of the multi-window multi-burn-rate method. */
const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

/** Page and ticket conditions: burn-rate factor over a long and a short window. */
const alerts = [
  { severity: 'page', factor: 14.4, long: '1h', short: '5m' },
  { severity: 'page', factor: 6, long: '6h', short: '30m' },
  { severity: 'ticket', factor: 3, long: '1d', short: '2h' },
  { severity: 'ticket', factor: 1, long: '3d', short: '6h' },
];

const round = (value: number) => Number(value.toPrecision(6));

/**
 * The service's SLOs as a Prometheus-operator PrometheusRule: request and
 * error rates over Istio's standard telemetry for every window (what the
 * backend reads; rates add up across clusters, ratios do not), the error
 * ratios derived from them, and the page/ticket alerts of the multi-window
 * multi-burn-rate method. gRPC failures count as errors: they arrive as HTTP
 * 200 with a non-zero grpc_response_status. Every recorded series carries
 * SLO_RECORDING_LABEL, the only recorded series the backend trusts.
 */
export function sloRules(spec: MeshServiceSpec): Manifest {
  const selector = `reporter="destination",destination_service_name="${spec.name}",destination_service_namespace="${spec.namespace}"`;
  const labels = {
    service: spec.name,
    namespace: spec.namespace,
    [SLO_RECORDING_LABEL.name]: SLO_RECORDING_LABEL.value,
  };
  const own = `{${Object.entries(labels)
    .map(([name, value]) => `${name}="${value}"`)
    .join(',')}}`;
  const threshold = String(spec.slo.latencyThresholdMs);
  const latencyLabels = { ...labels, threshold_ms: threshold };
  const availabilityBudget = round(1 - spec.slo.availability / 100);
  const latencyBudget = round(1 - spec.slo.latencyPercentile / 100);

  const recording = windows.flatMap(window => [
    {
      record: sloRecordedSeries.requests(window),
      expr: `sum(rate(istio_requests_total{${selector}}[${window}]))`,
      labels,
    },
    {
      record: sloRecordedSeries.availabilityErrors(window),
      expr:
        `(sum(rate(istio_requests_total{${selector},response_code=~"5.."}[${window}])) or vector(0))` +
        `\n+ (sum(rate(istio_requests_total{${selector},response_code!~"5..",grpc_response_status!~"0|"}[${window}])) or vector(0))`,
      labels,
    },
    {
      record: `meshpath:slo_availability_errors:ratio_rate${window}`,
      expr: `${sloRecordedSeries.availabilityErrors(
        window,
      )}${own}\n/ ${sloRecordedSeries.requests(window)}${own}`,
      labels,
    },
    {
      record: sloRecordedSeries.latencyRequests(window),
      expr: `sum(rate(istio_request_duration_milliseconds_count{${selector}}[${window}]))`,
      labels,
    },
    {
      record: sloRecordedSeries.latencyFast(window),
      expr: `sum(rate(istio_request_duration_milliseconds_bucket{${selector},${bucketMatcher(
        spec.slo.latencyThresholdMs,
      )}}[${window}]))`,
      labels: latencyLabels,
    },
    {
      record: `meshpath:slo_latency_errors:ratio_rate${window}`,
      expr: `1 - ${sloRecordedSeries.latencyFast(
        window,
      )}${own}\n/ ignoring (threshold_ms) ${sloRecordedSeries.latencyRequests(
        window,
      )}${own}`,
      labels: latencyLabels,
    },
  ]);

  const burnAlerts = (kind: 'availability' | 'latency', budget: number) =>
    alerts.map(alert => ({
      alert: `${
        kind === 'availability' ? 'Availability' : 'Latency'
      }ErrorBudgetBurn`,
      expr:
        `meshpath:slo_${kind}_errors:ratio_rate${alert.long}${own} > ${round(
          alert.factor * budget,
        )}` +
        `\nand meshpath:slo_${kind}_errors:ratio_rate${
          alert.short
        }${own} > ${round(alert.factor * budget)}`,
      labels: {
        ...labels,
        severity: alert.severity,
        long_window: alert.long,
        short_window: alert.short,
      },
      annotations: {
        summary: `${spec.name} burns its ${kind} error budget ${alert.factor}x too fast (over ${alert.long} and ${alert.short})`,
      },
    }));

  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: metadata(spec, `${spec.name}-slo`, {
      [SLO_LABEL]: spec.name,
    }),
    spec: {
      groups: [
        {
          name: `${spec.name}-slo-recording`,
          interval: '30s',
          rules: [
            ...recording,
            {
              record: 'meshpath:slo_availability_objective:ratio',
              expr: `vector(${round(spec.slo.availability / 100)})`,
              labels: { ...labels, window_days: String(spec.slo.windowDays) },
            },
            {
              record: 'meshpath:slo_latency_objective:ratio',
              expr: `vector(${round(spec.slo.latencyPercentile / 100)})`,
              labels: {
                ...latencyLabels,
                window_days: String(spec.slo.windowDays),
              },
            },
          ],
        },
        {
          name: `${spec.name}-slo-alerts`,
          rules: [
            ...burnAlerts('availability', availabilityBudget),
            ...burnAlerts('latency', latencyBudget),
          ],
        },
      ],
    },
  };
}
