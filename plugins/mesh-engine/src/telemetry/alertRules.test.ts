import {
  BURN_RATE_ALERT_CONDITIONS,
  burnRateAlertsCannotFire,
  burnRateFactor,
  burnRateThreshold,
} from '@meshpath/plugin-mesh-common';
import { cannotFire } from './alertRules';
import { readPromql } from './promql';

const verdict = (expr: string) =>
  readPromql(expr).comparisons.some(c => cannotFire(c) !== undefined);

describe('cannotFire agrees with the alerting maths of mesh-common', () => {
  const targets = [90, 92, 93, 93.06, 93.1, 95, 98, 99, 99.5, 99.9];

  it.each([28, 30])(
    'over %i days: an alert is flagged exactly when burnRateThreshold is 1 or more, written as a literal or as factor × (1 − target)',
    windowDays => {
      for (const target of targets) {
        let anyFlagged = false;
        for (const condition of BURN_RATE_ALERT_CONDITIONS) {
          const threshold = burnRateThreshold(condition, windowDays, target);
          const factor = burnRateFactor(condition, windowDays);
          const literal = verdict(`slo:errors:ratio_rate1h > ${threshold}`);
          const computed = verdict(
            `slo:errors:ratio_rate1h > (${factor} * (1 - ${target / 100}))`,
          );
          expect(literal).toBe(threshold >= 1);
          expect(computed).toBe(threshold >= 1);
          anyFlagged ||= literal;
        }
        expect(anyFlagged).toBe(
          burnRateAlertsCannotFire(target, windowDays) !== undefined,
        );
      }
    },
  );
});
