import type {
  BurnRateAlert,
  BurnRateWindow,
  Measurement,
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

/** The multi-window multi-burn-rate alert conditions (Google SRE workbook, ch. 5). */
export const BURN_RATE_CONDITIONS: ReadonlyArray<
  Omit<BurnRateAlert, 'firing'>
> = [
  { severity: 'page', factor: 14.4, longWindow: '1h', shortWindow: '5m' },
  { severity: 'page', factor: 6, longWindow: '6h', shortWindow: '30m' },
  { severity: 'ticket', factor: 3, longWindow: '1d', shortWindow: '2h' },
  { severity: 'ticket', factor: 1, longWindow: '3d', shortWindow: '6h' },
];

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
): BurnRateAlert[] {
  return BURN_RATE_CONDITIONS.map(condition => {
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
