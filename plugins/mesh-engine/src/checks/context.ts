import { resolveHost as resolveHostOf } from '../analysis/hosts';
import type { MeshIndex } from '../analysis/meshIndex';
import { PolicyScopes } from '../analysis/policyScopes';
import { WorkloadMtlsResolver } from '../analysis/policy/workloadMtls';
import type { Reporter } from '../analysis/report';

/** What every check receives: the indexed input, the policy scopes and where to report. */
export interface CheckContext {
  index: MeshIndex;
  report: Reporter;
  peerAuthentications: PolicyScopes;
  /** The mTLS each workload accepts, resolved as the policy model resolves it. */
  mtls: WorkloadMtlsResolver;
  authorizationPolicies: PolicyScopes;
  requestAuthentications: PolicyScopes;
  /** Subset names defined per resolved host, from DestinationRules. */
  subsetsByHost: Map<string, Set<string>>;
}

export function createContext(
  index: MeshIndex,
  report: Reporter,
): CheckContext {
  const subsetsByHost = new Map<string, Set<string>>();
  for (const rule of index.istio('DestinationRule')) {
    const host = rule.object.spec?.host;
    if (typeof host !== 'string') continue;
    const resolved = resolveHostOf(host, rule.namespace);
    const subsets = subsetsByHost.get(resolved) ?? new Set<string>();
    for (const subset of rule.object.spec?.subsets ?? []) {
      if (typeof subset?.name === 'string') subsets.add(subset.name);
    }
    subsetsByHost.set(resolved, subsets);
  }
  return {
    index,
    report,
    peerAuthentications: new PolicyScopes(
      index.istio('PeerAuthentication'),
      index,
    ),
    mtls: new WorkloadMtlsResolver(index),
    authorizationPolicies: new PolicyScopes(
      index.istio('AuthorizationPolicy'),
      index,
    ),
    requestAuthentications: new PolicyScopes(
      index.istio('RequestAuthentication'),
      index,
    ),
    subsetsByHost,
  };
}

/** One check over the whole input. */
export type Check = (context: CheckContext) => void;
