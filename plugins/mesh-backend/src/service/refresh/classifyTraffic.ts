import type {
  ObservedCaller,
  ObservedTraffic,
  WorkloadPolicy,
} from '@meshpath/plugin-mesh-common';
import { evaluateAuthorization } from '@meshpath/mesh-engine';

const UNKNOWN = 'unknown';
const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

/**
 * One caller against the service's effective policy, as the engine evaluates
 * it for each of the service's workloads:
 *
 * - `plaintext`: some of its requests arrived without mutual TLS while a
 *   workload requires STRICT (they are refused now, or STRICT is not
 *   enforced) — or, under PERMISSIVE, traffic the policy lets in unencrypted;
 * - `would-be-denied`: the authorization in force denies it on a workload
 *   (its principal and namespace as Istio sees them);
 * - `allowed`: every workload allows it;
 * - `unknown`: the policy depends on what telemetry does not carry (paths,
 *   methods, request principals), or no workload of the service is known.
 */
export function classifyCaller(
  caller: ObservedCaller,
  workloads: WorkloadPolicy[],
): Pick<ObservedCaller, 'verdict' | 'reason'> {
  if (workloads.length === 0)
    return {
      verdict: 'unknown',
      reason: 'no workload of the service was found in any cluster',
    };
  if (caller.mtlsShare < 1) {
    const strict = workloads.filter(
      w => w.mtls.mode === 'STRICT' && w.ports.every(p => p.mode === 'STRICT'),
    );
    const plain = percent(1 - caller.mtlsShare);
    return {
      verdict: 'plaintext',
      reason:
        strict.length === workloads.length
          ? `${plain} arrived without mutual TLS although ${strict[0].namespace}/${strict[0].name} requires STRICT: refused now, or STRICT is not enforced`
          : `${plain} arrived without mutual TLS, which the PERMISSIVE or DISABLE mode in force accepts unencrypted`,
    };
  }
  // Telemetry writes SPIFFE URIs; AuthorizationPolicies name `cluster.local/ns/…/sa/…`.
  const principal = caller.principal?.replace(/^spiffe:\/\//, '');
  const request = {
    ...(principal ? { principal } : {}),
    ...(caller.sourceNamespace !== UNKNOWN
      ? { namespace: caller.sourceNamespace }
      : {}),
    mtls: true,
  };
  const verdicts = workloads.map(w => ({
    workload: w,
    ...evaluateAuthorization(w.authorization, request),
  }));
  const denied = verdicts.find(v => v.verdict === 'deny');
  if (denied)
    return {
      verdict: 'would-be-denied',
      reason: `${denied.workload.namespace}/${denied.workload.name}: ${denied.reason}`,
    };
  const unknown = verdicts.find(v => v.verdict !== 'allow');
  if (unknown)
    return {
      verdict: 'unknown',
      reason: `${unknown.workload.namespace}/${unknown.workload.name}: ${unknown.reason}`,
    };
  return { verdict: 'allowed', reason: verdicts[0].reason };
}

/** The observed callers, each classified against the service's workloads. */
export function classifyTraffic(
  traffic: ObservedTraffic,
  workloads: WorkloadPolicy[],
): ObservedTraffic {
  return {
    ...traffic,
    callers: traffic.callers.map(caller => ({
      ...caller,
      ...classifyCaller(caller, workloads),
    })),
  };
}
