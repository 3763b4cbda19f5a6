import type { DeepPartial, MeshPlatform } from '@meshpath/plugin-mesh-common';
import type { TelemetryOptions } from '../telemetry/telemetryOptions';
import type { ReachabilityOptions } from './reachability/callers';

/**
 * The analysis options a platform's settings imply: where its callers run
 * (`mesh.platform`) and how it measures SLOs (`mesh.slo`). The portal, the
 * command line and the scaffolder map them here, so each judges a manifest
 * against the same platform. A golden path's platform is complete once read;
 * what is missing falls back to the engine's defaults.
 * @public
 */
export function platformAnalyzeOptions(
  platform?: DeepPartial<MeshPlatform>,
  slo?: TelemetryOptions,
): { reachability?: ReachabilityOptions; telemetry?: TelemetryOptions } {
  return {
    ...(platform
      ? {
          reachability: {
            trustDomain: platform.trustDomain,
            monitoringNamespace: platform.monitoringNamespace,
            ingressNamespace: platform.ingressNamespace,
            ingressSelector: platform.ingressSelector as
              | Record<string, string>
              | undefined,
            loadTesterNamespace: platform.loadTester?.namespace,
          },
        }
      : {}),
    ...(slo
      ? {
          telemetry: {
            alertSeverities: slo.alertSeverities,
            grpcFailureCodes: slo.grpcFailureCodes,
          },
        }
      : {}),
  };
}
