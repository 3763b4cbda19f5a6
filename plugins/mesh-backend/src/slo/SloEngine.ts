import {
  BurnRateWindow,
  Measurement,
  SloDefinition,
  SloStatus,
  isIstioDurationBucket,
} from '@meshpath/plugin-mesh-common';
import {
  BURN_RATE_WINDOWS,
  burnRate,
  errorBudgetRemaining,
  evaluateAlerts,
} from './burnRates';
import { notABucketEdge } from './definitions';
import { PrometheusClient } from './PrometheusClient';
import { availabilityErrorRatioQuery, latencyErrorRatioQuery } from './queries';

/** A service whose SLOs are to be evaluated. */
export interface SloTarget {
  /** Caller's key for the result, usually the entity ref. */
  key: string;
  /** Istio's `destination_service` label, for example `checkout.shop.svc.cluster.local`. */
  destinationService: string;
  slos: SloDefinition[];
}

/** Result of one evaluation over many services. */
export interface SloEvaluation {
  statuses: Map<string, SloStatus[]>;
  /**
   * PromQL queries sent; depends on the windows and latency thresholds in
   * use, never on the number of services. Thresholds are bucket edges, so
   * at most 9 + 19 × 9 (every window, every edge).
   */
  queryCount: number;
}

/** Error ratios per destination service for one query, or why the query failed. */
type QueryOutcome =
  | { ok: true; ratios: Map<string, number> }
  | { ok: false; reason: string };

/** Computes SLIs, error budgets and burn rates from Istio telemetry in Prometheus. */
export class SloEngine {
  constructor(private readonly prometheus: PrometheusClient) {}

  async evaluate(targets: SloTarget[], time?: Date): Promise<SloEvaluation> {
    // Every (kind, threshold, window) combination is one query for all services.
    const queries = new Map<string, string>();
    for (const target of targets) {
      for (const slo of target.slos.filter(isMeasurable)) {
        for (const window of windowsOf(slo)) {
          const id = queryId(slo, window);
          if (!queries.has(id)) {
            queries.set(
              id,
              slo.kind === 'availability'
                ? availabilityErrorRatioQuery(window)
                : latencyErrorRatioQuery(window, slo.thresholdMs!),
            );
          }
        }
      }
    }

    const outcomes = new Map<string, QueryOutcome>();
    await Promise.all(
      [...queries].map(async ([id, promql]) => {
        try {
          const samples = await this.prometheus.query(promql, time);
          const ratios = new Map<string, number>();
          for (const sample of samples) {
            const service = sample.labels.destination_service;
            if (service) ratios.set(service, sample.value);
          }
          outcomes.set(id, { ok: true, ratios });
        } catch (error) {
          outcomes.set(id, { ok: false, reason: (error as Error).message });
        }
      }),
    );

    const statuses = new Map<string, SloStatus[]>();
    for (const target of targets) {
      statuses.set(
        target.key,
        target.slos.map(slo => {
          if (!isMeasurable(slo)) return unmeasurable(slo);
          const ratio = (window: string) =>
            errorRatio(
              outcomes.get(queryId(slo, window))!,
              target.destinationService,
              window,
            );
          const burnRates = Object.fromEntries(
            BURN_RATE_WINDOWS.map(window => [
              window,
              mapKnown(ratio(window), r => burnRate(r, slo.target)),
            ]),
          ) as Record<BurnRateWindow, Measurement>;
          return {
            definition: slo,
            sli: mapKnown(ratio(BURN_RATE_WINDOWS[0]), r => 1 - r),
            errorBudgetRemaining: mapKnown(ratio(`${slo.windowDays}d`), r =>
              errorBudgetRemaining(r, slo.target),
            ),
            burnRates,
            alerts: evaluateAlerts(burnRates),
          };
        }),
      );
    }
    return { statuses, queryCount: queries.size };
  }
}

/** Latency can only be measured at a histogram bucket edge; anything else would add queries that match nothing. */
function isMeasurable(slo: SloDefinition): boolean {
  return (
    slo.kind !== 'latency' ||
    (slo.thresholdMs !== undefined && isIstioDurationBucket(slo.thresholdMs))
  );
}

function unmeasurable(slo: SloDefinition): SloStatus {
  const unknown: Measurement = {
    state: 'unknown',
    reason: notABucketEdge('Latency SLO', slo.thresholdMs ?? Number.NaN),
  };
  const burnRates = Object.fromEntries(
    BURN_RATE_WINDOWS.map(window => [window, unknown]),
  ) as Record<BurnRateWindow, Measurement>;
  return {
    definition: slo,
    sli: unknown,
    errorBudgetRemaining: unknown,
    burnRates,
    alerts: evaluateAlerts(burnRates),
  };
}

function windowsOf(slo: SloDefinition): string[] {
  return [...BURN_RATE_WINDOWS, `${slo.windowDays}d`];
}

function queryId(slo: SloDefinition, window: string): string {
  return slo.kind === 'availability'
    ? `availability:${window}`
    : `latency:${slo.thresholdMs}:${window}`;
}

function errorRatio(
  outcome: QueryOutcome,
  service: string,
  window: string,
): Measurement {
  if (!outcome.ok) return { state: 'unknown', reason: outcome.reason };
  const value = outcome.ratios.get(service);
  if (value === undefined) {
    return {
      state: 'unknown',
      reason: `No telemetry for ${service} over the last ${window}`,
    };
  }
  if (!Number.isFinite(value)) {
    return {
      state: 'unknown',
      reason: `No traffic to ${service} over the last ${window}`,
    };
  }
  return { state: 'known', value };
}

function mapKnown(m: Measurement, f: (value: number) => number): Measurement {
  return m.state === 'known' ? { state: 'known', value: f(m.value) } : m;
}
