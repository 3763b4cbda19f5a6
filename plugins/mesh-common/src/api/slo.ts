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

/** The evaluated state of one SLO. @public */
export interface SloStatus {
  definition: SloDefinition;
  /** Ratio of good events now (0..1), over the shortest window. */
  sli: Measurement;
  /** Fraction of the error budget left over the SLO window (may be negative). */
  errorBudgetRemaining: Measurement;
  burnRates: Record<BurnRateWindow, Measurement>;
  alerts: BurnRateAlert[];
}
