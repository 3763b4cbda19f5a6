import { InputError } from '@backstage/errors';
import {
  BURN_RATE_ALERT_CONDITIONS,
  DEFAULT_SLO_OPTIONS,
  MeshServiceSpec,
  SLO_RECORDING_LABEL,
  SloOptions,
  burnRateAlertsCannotFire,
  burnRateFactor,
  burnRateThreshold,
  requestReporter,
  serviceWorkloads,
  sliRates,
  sloRecordedSeries,
  workloadMatchers,
} from '@meshpath/plugin-mesh-common';
import { SLO_LABEL } from '@meshpath/mesh-engine';
import { Manifest, metadata } from './common';

/** Windows of the multi-window multi-burn-rate method. */
const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];

const round = (value: number) => Number(value.toPrecision(6));

/**
 * Label matchers for the service's requests as the server side reports them:
 * its workload and Flagger's `-primary` copy, by the sidecar or, in ambient
 * mode, by the waypoint (ztunnel reports no requests).
 */
function serviceRequestMatchers(spec: MeshServiceSpec): string {
  return workloadMatchers({
    reporter: requestReporter(spec.dataplane),
    namespace: spec.namespace,
    workloads: serviceWorkloads(spec.name),
  });
}

/** Refuses SLO targets whose page alerts could never fire. */
function assertAlertsCanFire(spec: MeshServiceSpec): void {
  for (const [field, target] of [
    ['slo.availability', spec.slo.availability],
    ['slo.latencyPercentile', spec.slo.latencyPercentile],
  ] as const) {
    const reason = burnRateAlertsCannotFire(target, spec.slo.windowDays);
    if (reason) throw new InputError(`${field}: ${reason}`);
  }
}

/**
 * The service's SLOs as a Prometheus-operator PrometheusRule: request and
 * error rates over Istio's standard telemetry for every window (what the
 * backend reads; rates add up across clusters, ratios do not), the error
 * ratios derived from them, and the page/ticket alerts of the multi-window
 * multi-burn-rate method with factors for the SLO's own window. The series and
 * their selectors come from mesh-common's `sliRates`, as the backend's queries
 * and the canary gates do. Every recorded series carries SLO_RECORDING_LABEL,
 * the only recorded series the backend trusts.
 */
export function sloRules(
  spec: MeshServiceSpec,
  options: SloOptions = DEFAULT_SLO_OPTIONS,
): Manifest {
  assertAlertsCanFire(spec);
  const selector = serviceRequestMatchers(spec);
  const labels = {
    service: spec.name,
    namespace: spec.namespace,
    [SLO_RECORDING_LABEL.name]: SLO_RECORDING_LABEL.value,
  };
  const own = `{${Object.entries(labels)
    .map(([name, value]) => `${name}="${value}"`)
    .join(',')}}`;
  const latencyLabels = {
    ...labels,
    threshold_ms: String(spec.slo.latencyThresholdMs),
  };

  const recording = windows.flatMap(window => [
    {
      record: sloRecordedSeries.requests(window),
      expr: `sum(${sliRates.requests(selector, window)})`,
      labels,
    },
    {
      record: sloRecordedSeries.availabilityErrors(window),
      expr: `sum(\n  ${sliRates
        .failures(selector, window, options.grpcFailureCodes)
        .join('\n  or\n  ')}\n) or vector(0)`,
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
      expr: `sum(${sliRates.latencyRequests(selector, window)})`,
      labels,
    },
    {
      record: sloRecordedSeries.latencyFast(window),
      expr: `sum(${sliRates.latencyFast(
        selector,
        window,
        spec.slo.latencyThresholdMs,
      )})`,
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

  const burnAlerts = (kind: 'availability' | 'latency', target: number) =>
    BURN_RATE_ALERT_CONDITIONS.map(condition => {
      const factor = burnRateFactor(condition, spec.slo.windowDays);
      const threshold = burnRateThreshold(
        condition,
        spec.slo.windowDays,
        target,
      );
      const { longWindow: long, shortWindow: short } = condition;
      return {
        alert: `${
          kind === 'availability' ? 'Availability' : 'Latency'
        }ErrorBudgetBurn`,
        expr:
          `meshpath:slo_${kind}_errors:ratio_rate${long}${own} > ${threshold}` +
          `\nand meshpath:slo_${kind}_errors:ratio_rate${short}${own} > ${threshold}`,
        labels: {
          ...labels,
          severity: options.alertSeverities[condition.severity],
          long_window: long,
          short_window: short,
        },
        annotations: {
          summary: `${
            spec.name
          } burns its ${kind} error budget ${factor}x too fast (over ${long} and ${short}): ${round(
            condition.budgetSpent * 100,
          )} % of its ${spec.slo.windowDays}-day budget in ${long}`,
        },
      };
    });

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
            ...burnAlerts('availability', spec.slo.availability),
            ...burnAlerts('latency', spec.slo.latencyPercentile),
          ],
        },
      ],
    },
  };
}
