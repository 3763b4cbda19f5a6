import type { CheckContext } from '../checks/context';
import { checkAlertRules } from './alertRules';
import { checkCanaryGates } from './canaryGates';
import { checkGrpcFailures } from './grpcFailures';
import { canariesByTemplate, scopesOf } from './queryScope';
import { checkSloSelectors } from './sloSelectors';
import { telemetryQueries, type TelemetryQuery } from './telemetryQueries';
import { telemetrySettings, type TelemetryOptions } from './telemetryOptions';

/**
 * Rules over hand-written telemetry: SLO series, gRPC failure counting,
 * burn-rate alerts, alert routing and canary gates, judged by the platform's
 * `mesh.slo` conventions.
 */
export function checkTelemetry(
  { index, report }: CheckContext,
  options?: TelemetryOptions,
) {
  const settings = telemetrySettings(options);
  const queries = telemetryQueries(index);
  const byTemplate = canariesByTemplate(index);
  const scopes = (query: TelemetryQuery) => scopesOf(query, byTemplate);
  checkSloSelectors(index, report, queries, scopes);
  checkGrpcFailures(index, report, queries, scopes, settings.grpcFailureCodes);
  checkAlertRules(report, queries, settings.alertSeverities);
  checkCanaryGates(index, report);
}
