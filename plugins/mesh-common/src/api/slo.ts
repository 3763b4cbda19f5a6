/** Burn-rate windows of the multi-window multi-burn-rate method. @public */
export type BurnRateWindow = '5m' | '30m' | '1h' | '2h' | '6h' | '1d' | '3d';

/** A measured value, or why it is not known. Never 0 or 100 in place of "unknown". @public */
export type Measurement =
  | { state: 'known'; value: number }
  | {
      state: 'unknown';
      /** Why there is no value: no traffic, NaN, Prometheus unreachable. */
      reason: string;
      /** ISO time of the last good value, when one was ever recorded. */
      lastGoodAt?: string;
    };

/** Kind of service level indicator. @public */
export type SloKind = 'availability' | 'latency';

/** One SLO as defined for a service. @public */
export interface SloDefinition {
  kind: SloKind;
  /** Target in percent, for example 99.9. */
  target: number;
  /** Window of the error budget in days (28 or 30). */
  windowDays: number;
  /** For latency SLOs, the threshold in milliseconds a request must beat. */
  thresholdMs?: number;
}

/** An alert condition of the multi-window multi-burn-rate method. @public */
export interface BurnRateAlert {
  severity: 'page' | 'ticket';
  /** Burn-rate factor, for example 14.4. */
  factor: number;
  longWindow: BurnRateWindow;
  shortWindow: BurnRateWindow;
  /** True when both windows burn faster than the factor; undefined when unknown. */
  firing?: boolean;
}

/**
 * How long until the error budget is spent if errors keep arriving at the
 * current burn rate (the 1h window's). @public
 */
export type TimeToExhaustion =
  | {
      state: 'known';
      /** Hours left; 0 when the budget is already spent. */
      hours: number;
      /** The same as an ISO 8601 duration, for example `PT36H` or `P3DT4H`. */
      duration: string;
      /** Burn-rate window the projection is made from. */
      burnRateWindow: BurnRateWindow;
    }
  | {
      state: 'never';
      /** Why the budget is not being spent, for example no failed request over the window. */
      reason: string;
    }
  | { state: 'unknown'; reason: string };

/**
 * How much of an SLO's window the Prometheus it is measured on still keeps
 * (its retention, from `/api/v1/status/runtimeinfo`). With less, the budget
 * covers only the retained days and forgets older failures. @public
 */
export type SloWindowCoverage =
  | {
      state: 'complete';
      /** Prometheus' retention as it reports it, for example `30d` or `90d or 50GiB`. */
      retention: string;
    }
  | {
      state: 'partial';
      retention: string;
      /** Days of the window the budget covers. */
      coveredDays: number;
      /** What the budget misses, for example "Prometheus keeps 1d: the error budget covers the last 1 day of its 28-day window". */
      reason: string;
    }
  | { state: 'unknown'; reason: string };

/** The evaluated state of one SLO. @public */
export interface SloStatus {
  definition: SloDefinition;
  /** Ratio of good events now (0..1), over the shortest window. */
  sli: Measurement;
  /** Fraction of the error budget left over the SLO window (may be negative). */
  errorBudgetRemaining: Measurement;
  burnRates: Record<BurnRateWindow, Measurement>;
  alerts: BurnRateAlert[];
  /** Time until the budget is spent at the current burn rate; absent from states stored before Meshpath computed it. */
  timeToExhaustion?: TimeToExhaustion;
  /** Whether Prometheus keeps the whole window the budget is computed over; absent from states stored before Meshpath read it. */
  windowCoverage?: SloWindowCoverage;
}
