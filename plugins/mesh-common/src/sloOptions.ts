import type { Config } from '@backstage/config';
import {
  DEFAULT_GRPC_FAILURE_CODES,
  GRPC_STATUS_CODES,
  GrpcStatusName,
} from './istioTelemetry';
import {
  DEFAULT_SLO_ALERT_SEVERITIES,
  SloAlertSeverities,
} from './sloAlerting';

/**
 * How SLOs are measured and alerted on, the same for the generated rules and
 * canary gates and for the backend's queries (`mesh.slo` in app-config).
 * @public
 */
export interface SloOptions {
  /** gRPC codes that count as failed requests. */
  grpcFailureCodes: readonly GrpcStatusName[];
  /** `severity` label of page and ticket alerts. */
  alertSeverities: SloAlertSeverities;
  /** The Prometheus Flagger's MetricTemplates query (Flagger needs an address). */
  flaggerPrometheusUrl: string;
}

/** The defaults: server-fault gRPC codes, kube-prometheus' severities, Istio's Prometheus. @public */
export const DEFAULT_SLO_OPTIONS: SloOptions = {
  grpcFailureCodes: DEFAULT_GRPC_FAILURE_CODES,
  alertSeverities: DEFAULT_SLO_ALERT_SEVERITIES,
  flaggerPrometheusUrl: 'http://prometheus.istio-system:9090',
};

/** A Prometheus label value Alertmanager can route on: no quotes or control characters. */
const SEVERITY = /^[A-Za-z0-9_.-]{1,63}$/;

/**
 * Reads `mesh.slo`; throws on an unknown gRPC code, a severity that is not a
 * plain label value or an address that is not http(s), so a typo fails at start-up.
 * @public
 */
export function readSloOptions(config: Config): SloOptions {
  const slo = config.getOptionalConfig('mesh.slo');
  if (!slo) return DEFAULT_SLO_OPTIONS;
  const codes = slo.getOptionalStringArray('grpcFailureCodes');
  for (const code of codes ?? []) {
    if (!Object.hasOwn(GRPC_STATUS_CODES, code) || code === 'OK') {
      throw new Error(
        `mesh.slo.grpcFailureCodes: ${code} is not a gRPC failure code; use names such as ${DEFAULT_GRPC_FAILURE_CODES.join(
          ', ',
        )}`,
      );
    }
  }
  const severity = (kind: 'page' | 'ticket') => {
    const value = slo.getOptionalString(`alertSeverities.${kind}`);
    if (value !== undefined && !SEVERITY.test(value)) {
      throw new Error(
        `mesh.slo.alertSeverities.${kind} must be a plain label value such as ${DEFAULT_SLO_ALERT_SEVERITIES[kind]}`,
      );
    }
    return value ?? DEFAULT_SLO_ALERT_SEVERITIES[kind];
  };
  const url = slo.getOptionalString('flaggerPrometheusUrl');
  if (url !== undefined && !/^https?:\/\/[^\s"]+$/.test(url)) {
    throw new Error(
      `mesh.slo.flaggerPrometheusUrl must be an http(s) URL, got "${url}"`,
    );
  }
  return {
    grpcFailureCodes:
      (codes as GrpcStatusName[] | undefined) ??
      DEFAULT_SLO_OPTIONS.grpcFailureCodes,
    alertSeverities: { page: severity('page'), ticket: severity('ticket') },
    flaggerPrometheusUrl: url ?? DEFAULT_SLO_OPTIONS.flaggerPrometheusUrl,
  };
}
