import type { BurnRateWindow } from './api/slo';

/**
 * One condition of the multi-window multi-burn-rate method (Google SRE
 * workbook, ch. 5, table 5-8): alert when both windows burn at least fast
 * enough to spend `budgetSpent` of the budget within the long window.
 * @public
 */
export interface BurnRateCondition {
  severity: 'page' | 'ticket';
  /** Share of the whole window's error budget the long window spends at the threshold. */
  budgetSpent: number;
  longWindow: BurnRateWindow;
  shortWindow: BurnRateWindow;
}

/** The workbook's four conditions: 2 % in 1 h and 5 % in 6 h page, 10 % in 1 d and in 3 d open a ticket. @public */
export const BURN_RATE_ALERT_CONDITIONS: readonly BurnRateCondition[] = [
  { severity: 'page', budgetSpent: 0.02, longWindow: '1h', shortWindow: '5m' },
  { severity: 'page', budgetSpent: 0.05, longWindow: '6h', shortWindow: '30m' },
  { severity: 'ticket', budgetSpent: 0.1, longWindow: '1d', shortWindow: '2h' },
  { severity: 'ticket', budgetSpent: 0.1, longWindow: '3d', shortWindow: '6h' },
];

const WINDOW_HOURS: Record<BurnRateWindow, number> = {
  '5m': 5 / 60,
  '30m': 0.5,
  '1h': 1,
  '2h': 2,
  '6h': 6,
  '1d': 24,
  '3d': 72,
};

/**
 * The burn-rate factor of `condition` for an SLO window of `windowDays`:
 * budgetSpent × window / long window, so 14.4, 6, 3 and 1 for 30 days (the
 * workbook's figures) and 13.44, 5.6, 2.8 and 0.9333 for 28.
 * @public
 */
export function burnRateFactor(
  condition: BurnRateCondition,
  windowDays: number,
): number {
  return Number(
    (
      (condition.budgetSpent * windowDays * 24) /
      WINDOW_HOURS[condition.longWindow]
    ).toPrecision(6),
  );
}

/**
 * The error ratio above which `condition` fires for a `targetPercent` SLO
 * over `windowDays`: factor × (1 − target), computed unrounded and given to
 * six significant digits.
 * @public
 */
export function burnRateThreshold(
  condition: BurnRateCondition,
  windowDays: number,
  targetPercent: number,
): number {
  const budget = (100 - targetPercent) / 100;
  return Number(
    (
      (condition.budgetSpent * windowDays * 24 * budget) /
      WINDOW_HOURS[condition.longWindow]
    ).toPrecision(6),
  );
}

/**
 * Why the burn-rate alerts of an SLO with `targetPercent` over `windowDays`
 * could never fire, or undefined when they can: an alert fires when the error
 * ratio exceeds factor × (1 − target), and no error ratio exceeds 1.
 * @public
 */
export function burnRateAlertsCannotFire(
  targetPercent: number,
  windowDays: number,
): string | undefined {
  const budget = 1 - targetPercent / 100;
  for (const condition of BURN_RATE_ALERT_CONDITIONS) {
    const factor = burnRateFactor(condition, windowDays);
    const threshold = burnRateThreshold(condition, windowDays, targetPercent);
    if (threshold >= 1) {
      const lowest = Number((100 * (1 - 1 / factor)).toFixed(2));
      return `a ${targetPercent} % target over ${windowDays} days cannot page: its ${
        condition.longWindow
      }/${condition.shortWindow} ${
        condition.severity
      } alert fires above an error ratio of ${factor} × ${Number(
        budget.toPrecision(6),
      )} = ${Number(
        threshold.toPrecision(4),
      )}, and no error ratio exceeds 1; use a target above ${lowest} %`;
    }
  }
  return undefined;
}

/**
 * The `severity` label of each kind of alert. kube-prometheus' Alertmanager
 * routes and inhibits on `critical`, `warning` and `info`.
 * @public
 */
export interface SloAlertSeverities {
  page: string;
  ticket: string;
}

/** kube-prometheus' convention: pages are `critical`, tickets `warning`. @public */
export const DEFAULT_SLO_ALERT_SEVERITIES: SloAlertSeverities = {
  page: 'critical',
  ticket: 'warning',
};
