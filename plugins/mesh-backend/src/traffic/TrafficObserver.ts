import type {
  PrometheusClient,
  PrometheusSample,
} from '../slo/PrometheusClient';
import { prometheusNotConfigured } from '../slo/unmeasured';
import { ObservedTrafficSnapshot, TrafficRow } from './ObservedTrafficSnapshot';
import { TRAFFIC_METRICS, observedTrafficQuery } from './queries';
import type { TrafficOptions } from './trafficOptions';

/** Istio's `source_principal` when the server saw no peer certificate. */
const NO_PRINCIPAL = 'unknown';

/**
 * Reads who called each service, and over what, from Istio's telemetry in
 * Prometheus: two fleet-wide queries per refresh (requests, TCP connections),
 * whatever the number of services.
 */
export class TrafficObserver {
  constructor(
    private readonly prometheus: PrometheusClient,
    private readonly options: TrafficOptions,
  ) {}

  /** The window as a Prometheus duration, for example `24h`. */
  get window(): string {
    return `${this.options.windowHours}h`;
  }

  /** The fleet's traffic over the window ending at `time` (now by default). */
  async observe(time?: Date): Promise<ObservedTrafficSnapshot> {
    const window = this.window;
    const kinds = Object.keys(TRAFFIC_METRICS) as Array<
      keyof typeof TRAFFIC_METRICS
    >;
    const outcomes = await Promise.all(
      kinds.map(async kind => {
        try {
          const samples = await this.prometheus.query(
            observedTrafficQuery(TRAFFIC_METRICS[kind], window),
            time,
          );
          return { kind, rows: samples.flatMap(s => rowOf(s, kind)) };
        } catch (error) {
          return {
            kind,
            rows: [],
            reason: `${TRAFFIC_METRICS[kind]} could not be read: ${
              (error as Error).message
            }`,
          };
        }
      }),
    );
    const reasons = outcomes.flatMap(o => (o.reason ? [o.reason] : []));
    const rows = outcomes.flatMap(o => o.rows);
    if (reasons.length === 0 && rows.length === 0) {
      // Nothing at all is a Prometheus without Istio's telemetry, not a fleet nobody calls.
      reasons.push(
        `Prometheus holds no Istio telemetry (${Object.values(
          TRAFFIC_METRICS,
        ).join(
          ', ',
        )}) over the last ${window}: is it scraping the sidecars, ztunnel and waypoints?`,
      );
    }
    return ObservedTrafficSnapshot.of({
      window,
      rows,
      reason: reasons.length ? reasons.join('; ') : undefined,
      queryCount: kinds.length,
    });
  }
}

/** Traffic of every service when there is no Prometheus: unknown, with how to enable it. */
export function trafficWithoutPrometheus(
  options: TrafficOptions,
): ObservedTrafficSnapshot {
  return ObservedTrafficSnapshot.unknown(
    `${options.windowHours}h`,
    prometheusNotConfigured('observed traffic'),
  );
}

function rowOf(
  sample: PrometheusSample,
  kind: keyof typeof TRAFFIC_METRICS,
): TrafficRow[] {
  // A row with nothing over the window is a caller that stopped before it.
  if (!Number.isFinite(sample.value) || sample.value <= 0) return [];
  const l = sample.labels;
  const principal = l.source_principal;
  return [
    {
      destinationWorkload: l.destination_workload ?? 'unknown',
      destinationNamespace: l.destination_workload_namespace ?? 'unknown',
      destinationService: l.destination_service ?? 'unknown',
      sourceWorkload: l.source_workload || 'unknown',
      sourceNamespace: l.source_workload_namespace || 'unknown',
      ...(principal && principal !== NO_PRINCIPAL ? { principal } : {}),
      mutualTls: l.connection_security_policy === 'mutual_tls',
      requests: kind === 'requests' ? sample.value : 0,
      connections: kind === 'connections' ? sample.value : 0,
    },
  ];
}
