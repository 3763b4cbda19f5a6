import type { SloAlertSeverities } from '@meshpath/plugin-mesh-common';
import type { Reporter } from '../analysis/report';
import type { Comparison } from './promql';
import type { TelemetryQuery } from './telemetryQueries';

/**
 * The `severity` values kube-prometheus' Alertmanager acts on: `critical`
 * goes to its Critical receiver and inhibits `warning` and `info`, `warning`
 * inhibits `info`, `info` is muted by InfoInhibitor, `none` is the Watchdog's.
 */
const ROUTED_SEVERITIES: readonly string[] = [
  'critical',
  'warning',
  'info',
  'none',
];

/** Why a comparison on an error ratio can never hold, or undefined when it can. */
export function cannotFire(comparison: Comparison): string | undefined {
  if (!comparison.ratio) return undefined;
  const { operator, threshold } = comparison;
  const never =
    (operator === '>' && threshold >= 1) ||
    (operator === '>=' && threshold > 1);
  if (!never) return undefined;
  const computed =
    String(threshold) === comparison.thresholdText.replace(/\s/g, '')
      ? ''
      : ` = ${Number(threshold.toPrecision(4))}`;
  const series = comparison.selectors[0]?.metric || 'the series';
  return `it fires when ${series} ${operator} ${comparison.thresholdText}${computed}, and an error ratio never exceeds 1: it can never fire. A burn-rate threshold is factor × (1 − target); keep it below 1 (a smaller factor, a longer window, or a target above 1 − 1/factor)`;
}

/** The severities an alert may carry: the platform's page and ticket labels, and kube-prometheus' own. */
function routedSeverities(severities: SloAlertSeverities): string[] {
  return [
    ...new Set([severities.page, severities.ticket, ...ROUTED_SEVERITIES]),
  ];
}

/** Why `severity` reaches no route, in the platform's terms. */
function unroutedMessage(
  severity: string,
  mapping: SloAlertSeverities,
): string {
  const custom = ![mapping.page, mapping.ticket].every(s =>
    ROUTED_SEVERITIES.includes(s),
  );
  const routed = custom
    ? `the platform's Alertmanager routes ${mapping.page} and ${mapping.ticket} (mesh.slo.alertSeverities) besides kube-prometheus' critical, warning, info and none`
    : `kube-prometheus' Alertmanager routes and inhibits on ${ROUTED_SEVERITIES.slice(
        0,
        3,
      ).join(', ')} (and none for the Watchdog)`;
  return `has severity "${severity}": ${routed}, so "${severity}" reaches only the default receiver and is never inhibited; use ${mapping.page} for pages and ${mapping.ticket} for tickets`;
}

/**
 * MP1404 (alerts on an error ratio that cannot fire) and MP1405 (severities
 * Alertmanager does not route, judged against the platform's `mapping`).
 */
export function checkAlertRules(
  report: Reporter,
  queries: TelemetryQuery[],
  mapping: SloAlertSeverities,
) {
  const routed = routedSeverities(mapping);
  for (const query of queries) {
    if (!query.alert) continue;
    for (const comparison of query.reading.comparisons) {
      const problem = cannotFire(comparison);
      if (problem) {
        report.report('MP1404', `${query.where}: ${problem}`, query.holder);
        break;
      }
    }
    const severity = query.alert.labels.severity;
    if (
      typeof severity === 'string' &&
      !severity.includes('{{') &&
      !routed.includes(severity)
    ) {
      report.report(
        'MP1405',
        `${query.where} ${unroutedMessage(severity, mapping)}`,
        query.holder,
      );
    }
  }
}
