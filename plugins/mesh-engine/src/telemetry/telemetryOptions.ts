import {
  DEFAULT_GRPC_FAILURE_CODES,
  DEFAULT_SLO_ALERT_SEVERITIES,
} from '@meshpath/plugin-mesh-common';
import type {
  GrpcStatusName,
  SloAlertSeverities,
} from '@meshpath/plugin-mesh-common';

/**
 * How the platform measures and alerts on SLOs (`mesh.slo`, as mesh-common's
 * `readSloOptions` reads it), so the telemetry rules judge hand-written rules
 * by the platform's own conventions. Pass `readSloOptions(config)` as is.
 * @public
 */
export interface TelemetryOptions {
  /**
   * The `severity` labels of page and ticket alerts (`mesh.slo.alertSeverities`);
   * kube-prometheus' critical, warning, info and none are accepted besides.
   * Default critical and warning.
   */
  alertSeverities?: SloAlertSeverities;
  /** The gRPC codes that count as failures (`mesh.slo.grpcFailureCodes`); default the server faults. */
  grpcFailureCodes?: readonly GrpcStatusName[];
}

/** The options with their defaults filled in. */
export function telemetrySettings(
  options: TelemetryOptions = {},
): Required<TelemetryOptions> {
  return {
    alertSeverities: options.alertSeverities ?? DEFAULT_SLO_ALERT_SEVERITIES,
    grpcFailureCodes: options.grpcFailureCodes ?? DEFAULT_GRPC_FAILURE_CODES,
  };
}
