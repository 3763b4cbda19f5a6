import type { CheckContext } from '../checks/context';
import { checkAlertRules } from './alertRules';
import { checkCanaryGates } from './canaryGates';
import { canariesByTemplate, scopesOf } from './queryScope';
import { checkSloSelectors } from './sloSelectors';
import { telemetryQueries } from './telemetryQueries';

/** Rules over hand-written telemetry: SLO series, burn-rate alerts, alert routing and canary gates. */
export function checkTelemetry({ index, report }: CheckContext) {
  const queries = telemetryQueries(index);
  const byTemplate = canariesByTemplate(index);
  checkSloSelectors(index, report, queries, query =>
    scopesOf(query, byTemplate),
  );
  checkAlertRules(report, queries);
  checkCanaryGates(index, report);
}
