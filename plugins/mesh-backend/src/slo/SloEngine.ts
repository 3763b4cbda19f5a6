import {
  AMBIENT_WITHOUT_WAYPOINT,
  BurnRateWindow,
  DataplaneMode,
  Measurement,
  SloDefinition,
  SloStatus,
  SloWindowCoverage,
  isIstioDurationBucket,
} from '@meshpath/plugin-mesh-common';
import {
  BURN_RATE_WINDOWS,
  CURRENT_BURN_RATE_WINDOW,
  burnRate,
  errorBudgetRemaining,
  evaluateAlerts,
  timeToExhaustion,
} from './burnRates';
import { notABucketEdge } from './definitions';
import { PrometheusClient } from './PrometheusClient';
import {
  SERVICE_NAMESPACE_LABEL,
  SERVICE_WORKLOAD_LABEL,
  SloQueryOptions,
  availabilityErrorRatioQuery,
  latencyErrorRatioQuery,
} from './queries';
import { windowCoverage } from './retention';
import { unknownSloStatus } from './unmeasured';

/** A service whose SLOs are to be evaluated. */
export interface SloTarget {
  /** Caller's key for the result, usually the entity ref. */
  key: string;
  /**
   * The service's workload (its Deployment; Flagger's `<name>-primary` counts
   * with it) and namespace, as Istio's `destination_workload` and
   * `destination_workload_namespace` name them.
   */
  workload: { name: string; namespace: string };
  /** How the workload joins the mesh; in ambient mode only a waypoint reports requests. */
  dataplane?: DataplaneMode;
  slos: SloDefinition[];
}

/** Result of one evaluation over many services. */
export interface SloEvaluation {
  statuses: Map<string, SloStatus[]>;
  /**
   * PromQL queries sent by this call (none for queries its cycle already
   * sent); depends on the windows and latency thresholds in
   * use, never on the number of services. Thresholds are bucket edges, so
   * at most 9 + 19 × 9 (every window, every edge).
   */
  queryCount: number;
}

/** Error ratios per destination service for one query, or why the query failed. */
type QueryOutcome =
  | { ok: true; ratios: Map<string, number> }
  | { ok: false; reason: string };

/** The answers of one refresh cycle's queries, shared by its chunks; they all measure at the same time. */
export class SloQueryCycle {
  /** @internal */
  readonly outcomes = new Map<string, Promise<QueryOutcome>>();
  /** @internal Prometheus' retention, or why it could not be read. */
  retention?: Promise<string | Error>;
}

/** Computes SLIs, error budgets and burn rates from Istio telemetry in Prometheus. */
export class SloEngine {
  constructor(
    private readonly prometheus: PrometheusClient,
    private readonly options?: SloQueryOptions,
  ) {}

  /**
   * Evaluates the targets' SLOs at `time`. Pass the same `cycle` for every
   * chunk of one refresh: each query answers for the whole fleet, so it is
   * sent once per cycle, whatever the number of chunks.
   */
  async evaluate(
    targets: SloTarget[],
    time?: Date,
    cycle?: SloQueryCycle,
  ): Promise<SloEvaluation> {
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
                ? availabilityErrorRatioQuery(window, this.options)
                : latencyErrorRatioQuery(window, slo.thresholdMs!),
            );
          }
        }
      }
    }

    // Fleet-wide answers: a query already sent in this cycle (an earlier chunk) is not sent again.
    const pending = cycle?.outcomes ?? new Map<string, Promise<QueryOutcome>>();
    let queryCount = 0;
    for (const [id, promql] of queries) {
      if (pending.has(id)) continue;
      queryCount++;
      pending.set(id, this.outcomeOf(promql, time));
    }
    const outcomes = new Map<string, QueryOutcome>();
    for (const id of queries.keys()) outcomes.set(id, await pending.get(id)!);
    // What Prometheus keeps decides what the budget covers: read once per cycle.
    const retention = await (cycle
      ? (cycle.retention ??= this.retentionOf())
      : this.retentionOf());

    const statuses = new Map<string, SloStatus[]>();
    for (const target of targets) {
      statuses.set(
        target.key,
        target.slos.map(slo => {
          if (!isMeasurable(slo)) return unmeasurable(slo);
          const ratio = (window: string) =>
            errorRatio(outcomes.get(queryId(slo, window))!, target, window);
          const burnRates = Object.fromEntries(
            BURN_RATE_WINDOWS.map(window => [
              window,
              mapKnown(ratio(window), r => burnRate(r, slo.target)),
            ]),
          ) as Record<BurnRateWindow, Measurement>;
          const budget = mapKnown(ratio(`${slo.windowDays}d`), r =>
            errorBudgetRemaining(r, slo.target),
          );
          return {
            definition: slo,
            sli: mapKnown(ratio(BURN_RATE_WINDOWS[0]), r => 1 - r),
            errorBudgetRemaining: budget,
            burnRates,
            alerts: evaluateAlerts(burnRates, slo.windowDays),
            timeToExhaustion: timeToExhaustion(
              budget,
              burnRates[CURRENT_BURN_RATE_WINDOW],
              slo.windowDays,
            ),
            windowCoverage: coverageOf(retention, slo.windowDays),
          };
        }),
      );
    }
    return { statuses, queryCount };
  }

  private async outcomeOf(promql: string, time?: Date): Promise<QueryOutcome> {
    try {
      const samples = await this.prometheus.query(promql, time);
      const ratios = new Map<string, number>();
      for (const sample of samples) {
        const workload = sample.labels[SERVICE_WORKLOAD_LABEL];
        const namespace = sample.labels[SERVICE_NAMESPACE_LABEL];
        if (workload && namespace) {
          ratios.set(`${namespace}/${workload}`, sample.value);
        }
      }
      return { ok: true, ratios };
    } catch (error) {
      return { ok: false, reason: (error as Error).message };
    }
  }

  private async retentionOf(): Promise<string | Error> {
    return this.prometheus.retention().catch((error: Error) => error);
  }
}

function coverageOf(
  retention: string | Error,
  windowDays: number,
): SloWindowCoverage {
  if (retention instanceof Error) {
    return {
      state: 'unknown',
      reason: `Prometheus' retention could not be read, so whether it keeps the whole ${windowDays}-day window is unknown: ${retention.message}`,
    };
  }
  return windowCoverage(retention, windowDays);
}

/** Latency can only be measured at a histogram bucket edge; anything else would add queries that match nothing. */
function isMeasurable(slo: SloDefinition): boolean {
  return (
    slo.kind !== 'latency' ||
    (slo.thresholdMs !== undefined && isIstioDurationBucket(slo.thresholdMs))
  );
}

function unmeasurable(slo: SloDefinition): SloStatus {
  return unknownSloStatus(
    slo,
    notABucketEdge('Latency SLO', slo.thresholdMs ?? Number.NaN),
  );
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
  target: SloTarget,
  window: string,
): Measurement {
  if (!outcome.ok) return { state: 'unknown', reason: outcome.reason };
  const { name, namespace } = target.workload;
  const value = outcome.ratios.get(`${namespace}/${name}`);
  const service = `${name} in ${namespace}`;
  if (value === undefined) {
    return {
      state: 'unknown',
      reason: `No telemetry for ${service} over the last ${window}${
        target.dataplane === 'ambient' ? `: ${AMBIENT_WITHOUT_WAYPOINT}` : ''
      }`,
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
