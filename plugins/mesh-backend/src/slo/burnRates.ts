import {
  BURN_RATE_ALERT_CONDITIONS,
  BurnRateAlert,
  BurnRateWindow,
  Measurement,
  TimeToExhaustion,
  burnRateFactor,
} from '@meshpath/plugin-mesh-common';

/** Windows the burn rate is measured over, shortest first. */
export const BURN_RATE_WINDOWS: BurnRateWindow[] = [
  '5m',
  '30m',
  '1h',
  '2h',
  '6h',
  '1d',
  '3d',
];

/**
 * The multi-window multi-burn-rate alert conditions (Google SRE workbook,
 * ch. 5) for an SLO window of `windowDays`: mesh-common's conditions, the
 * same the generated PrometheusRules alert on, with factors scaled to the
 * window (14.4/6/3/1 for 30 days, 13.44/5.6/2.8/0.9333 for 28).
 */
export function burnRateConditions(
  windowDays: number,
): Array<Omit<BurnRateAlert, 'firing'>> {
  return BURN_RATE_ALERT_CONDITIONS.map(condition => ({
    severity: condition.severity,
    factor: burnRateFactor(condition, windowDays),
    longWindow: condition.longWindow,
    shortWindow: condition.shortWindow,
  }));
}

/** How fast the error budget burns: 1 spends exactly the budget over the SLO window. */
export function burnRate(errorRatio: number, targetPercent: number): number {
  return errorRatio / (1 - targetPercent / 100);
}

/** Share of the budget left after `errorRatio` over the whole window; negative when overspent. */
export function errorBudgetRemaining(
  errorRatio: number,
  targetPercent: number,
): number {
  return 1 - burnRate(errorRatio, targetPercent);
}

/** Evaluates each alert condition; a condition with an unknown window is neither firing nor quiet. */
export function evaluateAlerts(
  burnRates: Record<BurnRateWindow, Measurement>,
  windowDays: number,
): BurnRateAlert[] {
  return burnRateConditions(windowDays).map(condition => {
    const long = burnRates[condition.longWindow];
    const short = burnRates[condition.shortWindow];
    if (long.state !== 'known' || short.state !== 'known') {
      return { ...condition };
    }
    return {
      ...condition,
      firing: long.value > condition.factor && short.value > condition.factor,
    };
  });
}

/**
 * The burn rate "now" is the 1h window's: the long window of the fastest page
 * condition, what a page is judged on. The 5m window would project a single
 * bad minute over the whole budget; 6h and longer lag hours behind a fix.
 */
export const CURRENT_BURN_RATE_WINDOW: BurnRateWindow = '1h';

/** An ISO 8601 duration of whole minutes, for example `P1DT2H30M`; `PT0S` for none. */
export function isoDuration(hours: number): string {
  const minutes = Math.round(hours * 60);
  const days = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const time = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}`;
  if (!days && !time) return 'PT0S';
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

/**
 * Hours until the budget left is spent at `currentBurnRate`: a burn rate of 1
 * spends the whole budget in `windowDays`, so what is left lasts
 * remaining × windowDays / burnRate. Errors leaving the rolling window give
 * some budget back; the projection ignores that, so it errs on the early side.
 */
export function timeToExhaustion(
  budgetRemaining: Measurement,
  currentBurnRate: Measurement,
  windowDays: number,
): TimeToExhaustion {
  if (budgetRemaining.state !== 'known') {
    return { state: 'unknown', reason: budgetRemaining.reason };
  }
  const spent = {
    state: 'known',
    hours: 0,
    duration: 'PT0S',
    burnRateWindow: CURRENT_BURN_RATE_WINDOW,
  } as const;
  if (budgetRemaining.value <= 0) return spent;
  if (currentBurnRate.state !== 'known') {
    return { state: 'unknown', reason: currentBurnRate.reason };
  }
  if (currentBurnRate.value <= 0) {
    return {
      state: 'never',
      reason: `No failed request over the last ${CURRENT_BURN_RATE_WINDOW}: the budget is not being spent`,
    };
  }
  const hours =
    (budgetRemaining.value * windowDays * 24) / currentBurnRate.value;
  return {
    state: 'known',
    hours,
    duration: isoDuration(hours),
    burnRateWindow: CURRENT_BURN_RATE_WINDOW,
  };
}
