import { isRecord } from '../objects';
import type { IndexedObject, MeshIndex, Workload } from './meshIndex';
import { SelectorIndex } from './selectorIndex';

/** The labels a policy selects workloads by, or undefined for a namespace-wide policy. */
export function policySelector(
  policy: IndexedObject,
): Record<string, string> | undefined {
  const spec = policy.object.spec ?? {};
  const labels =
    policy.object.kind === 'Sidecar'
      ? spec.workloadSelector?.labels
      : spec.selector?.matchLabels;
  return isRecord(labels) && Object.keys(labels).length > 0
    ? (labels as Record<string, string>)
    : undefined;
}

/** Policies bound through targetRefs (ambient waypoints, gateways) do not use selectors. */
export const usesTargetRefs = (policy: IndexedObject) =>
  Array.isArray(policy.object.spec?.targetRefs) &&
  policy.object.spec.targetRefs.length > 0;

/**
 * Policies of one kind that apply to a workload: mesh-wide (root namespace,
 * no selector), namespace-wide, and those whose selector matches it, most
 * specific first.
 */
export class PolicyScopes {
  private readonly meshWide: IndexedObject[] = [];
  private readonly namespaceWide = new Map<string, IndexedObject[]>();
  private readonly selecting = new SelectorIndex<IndexedObject>();

  constructor(policies: IndexedObject[], private readonly index: MeshIndex) {
    for (const policy of policies) {
      if (usesTargetRefs(policy)) continue;
      const selector = policySelector(policy);
      if (selector) this.selecting.add(policy.namespace, policy, selector);
      else if (policy.namespace === index.rootNamespace)
        this.meshWide.push(policy);
      else push(this.namespaceWide, policy.namespace, policy);
    }
  }

  forWorkload(workload: Workload): {
    workload: IndexedObject[];
    namespace: IndexedObject[];
    mesh: IndexedObject[];
  } {
    const selecting = this.selecting.matching(
      workload.namespace,
      workload.labels,
    );
    const meshSelecting =
      workload.namespace === this.index.rootNamespace
        ? []
        : this.selecting.matching(this.index.rootNamespace, workload.labels);
    return {
      workload: selecting,
      namespace:
        this.namespaceWide.get(workload.namespace) ??
        (workload.namespace === this.index.rootNamespace ? this.meshWide : []),
      mesh: [...this.meshWide, ...meshSelecting],
    };
  }

  forNamespace(namespace: string): {
    namespace: IndexedObject[];
    mesh: IndexedObject[];
  } {
    return {
      namespace: this.namespaceWide.get(namespace) ?? [],
      mesh: this.meshWide,
    };
  }

  private readonly all = new Map<Workload, IndexedObject[]>();

  /** Every policy that applies to the workload, whatever its scope; found once per workload (a check and a compliance rule both ask). */
  allFor(workload: Workload): IndexedObject[] {
    let all = this.all.get(workload);
    if (!all) {
      const scopes = this.forWorkload(workload);
      all = [...scopes.workload, ...scopes.namespace, ...scopes.mesh];
      this.all.set(workload, all);
    }
    return all;
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** An AuthorizationPolicy that denies everything: ALLOW (the default) with no rules. */
export function isDenyAll(policy: IndexedObject): boolean {
  const spec = policy.object.spec ?? {};
  const action = spec.action ?? 'ALLOW';
  return (
    action === 'ALLOW' &&
    (!Array.isArray(spec.rules) || spec.rules.length === 0) &&
    !spec.provider
  );
}

/** An AuthorizationPolicy that allows everything: ALLOW with an empty rule. */
export function isAllowAll(policy: IndexedObject): boolean {
  const spec = policy.object.spec ?? {};
  const action = spec.action ?? 'ALLOW';
  return (
    action === 'ALLOW' &&
    Array.isArray(spec.rules) &&
    spec.rules.some(
      (rule: unknown) => isRecord(rule) && Object.keys(rule).length === 0,
    )
  );
}
