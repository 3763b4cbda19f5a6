import type {
  BurnRateWindow,
  Measurement,
  SloDefinition,
  SloStatus,
} from '@meshpath/plugin-mesh-common';
import { BURN_RATE_WINDOWS, evaluateAlerts } from './burnRates';

/** Why `what` is unknown without Prometheus, and how to enable it. */
export function prometheusNotConfigured(what: string): string {
  return `mesh.prometheus.baseUrl is not set: ${what} cannot be measured. Set mesh.prometheus.baseUrl in app-config.yaml to the Prometheus that holds Istio's telemetry (for example http://prometheus.istio-system:9090)`;
}

/** An SLO listed with every value unknown, for `reason`. */
export function unknownSloStatus(
  definition: SloDefinition,
  reason: string,
): SloStatus {
  const unknown: Measurement = { state: 'unknown', reason };
  const burnRates = Object.fromEntries(
    BURN_RATE_WINDOWS.map(window => [window, unknown]),
  ) as Record<BurnRateWindow, Measurement>;
  return {
    definition,
    sli: unknown,
    errorBudgetRemaining: unknown,
    burnRates,
    alerts: evaluateAlerts(burnRates, definition.windowDays),
    timeToExhaustion: { state: 'unknown', reason },
  };
}

/** Every declared SLO of every target, listed as unknown for `reason`: a declared SLO never disappears. */
export function unmeasuredStatuses(
  targets: Array<{ key: string; slos: SloDefinition[] }>,
  reason: string,
): Map<string, SloStatus[]> {
  return new Map(
    targets.map(target => [
      target.key,
      target.slos.map(slo => unknownSloStatus(slo, reason)),
    ]),
  );
}
