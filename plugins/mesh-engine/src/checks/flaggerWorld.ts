import type { FlaggerWorld } from '../analysis/flagger/deriveFlaggerWorld';
import {
  labelSelectorMatches,
  selectorMatches,
  selectsEverything,
} from '../analysis/labelSelector';
import type { IndexedObject, Workload } from '../analysis/meshIndex';
import { policySelector } from '../analysis/policyScopes';
import { isRecord } from '../objects';
import type { CheckContext } from './context';

const templateLabels = (workload: Workload | undefined) =>
  workload?.labels ?? {};

/** Objects grouped by namespace, so each Canary reads only its own. */
function byNamespace(objects: IndexedObject[]): Map<string, IndexedObject[]> {
  const grouped = new Map<string, IndexedObject[]>();
  for (const object of objects) {
    const list = grouped.get(object.namespace);
    if (list) list.push(object);
    else grouped.set(object.namespace, [object]);
  }
  return grouped;
}

const isIngress = (policy: IndexedObject) => {
  const types: unknown = policy.object.spec?.policyTypes;
  return !Array.isArray(types) || types.includes('Ingress');
};

const action = (policy: IndexedObject) =>
  typeof policy.object.spec?.action === 'string'
    ? policy.object.spec.action
    : 'ALLOW';

/**
 * MP1205/MP1206: a policy that selects a Canary's target by the label Flagger
 * rewrites covers only the target (idle between rollouts), not the primary
 * that serves the traffic; MP1205 when the primary then loses callers (its
 * namespace denies by default), MP1206 when it merely runs without the policy.
 * MP1207: a declared Service whose selector or ports Flagger rewrites.
 */
export function checkFlaggerWorld(context: CheckContext, world: FlaggerWorld) {
  const { index, report } = context;
  const root = index.rootNamespace;
  if (world.canaries.length === 0 && world.derived.length === 0) return;
  const workloads = new Map(
    index.workloads.map(w => [`${w.ref.kind}|${w.namespace}|${w.ref.name}`, w]),
  );
  const workloadOf = (ref: { kind: string; namespace: string; name: string }) =>
    workloads.get(`${ref.kind}|${ref.namespace}|${ref.name}`);
  const istioByNamespace = byNamespace(
    (
      [
        'AuthorizationPolicy',
        'PeerAuthentication',
        'RequestAuthentication',
      ] as const
    ).flatMap(kind => index.istio(kind)),
  );
  const ingressByNamespace = byNamespace(
    index.ofKind('networking.k8s.io/NetworkPolicy').filter(isIngress),
  );
  const inScope = (ns: string) => [
    ...(istioByNamespace.get(ns) ?? []),
    ...(ns === root ? [] : istioByNamespace.get(root) ?? []),
  ];

  for (const plan of world.canaries) {
    if (!plan.selectorLabel || !plan.primary) continue;
    const ns = plan.namespace;
    const target = workloadOf({
      kind: plan.target.object.kind,
      namespace: ns,
      name: plan.target.object.metadata.name,
    });
    const primary = workloadOf({
      kind: plan.primary.object.kind,
      namespace: ns,
      name: plan.primary.object.metadata.name,
    });
    if (!target || !primary) continue;
    const targetLabels = templateLabels(target);
    const primaryLabels = templateLabels(primary);
    const primaryName = primary.ref.name;
    const canaryName = `${plan.canary.object.metadata.name}`;
    const rewritten = `${plan.selectorLabel.key}: ${plan.selectorLabel.value}`;

    // Istio policies with a selector, in the namespace or mesh-wide from the root.
    const scoped = inScope(ns);
    const istioPolicies = scoped.filter(p => policySelector(p) !== undefined);
    const allowsPrimary = (except: IndexedObject) =>
      scoped
        .filter(
          p =>
            p !== except &&
            p.object.kind === 'AuthorizationPolicy' &&
            action(p) === 'ALLOW',
        )
        .some(p => {
          const selector = policySelector(p);
          return !selector || selectorMatches(selector, primaryLabels);
        });
    for (const policy of istioPolicies) {
      const selector = policySelector(policy);
      if (
        !selectorMatches(selector, targetLabels) ||
        selectorMatches(selector, primaryLabels)
      )
        continue;
      const kind = policy.object.kind;
      const denied =
        kind === 'AuthorizationPolicy' &&
        action(policy) === 'ALLOW' &&
        allowsPrimary(policy);
      report.report(
        denied ? 'MP1205' : 'MP1206',
        denied
          ? `${kind} selects ${rewritten}, which Flagger rewrites on the primary ${primaryName} of Canary ${canaryName}: the callers it allows are denied on the primary, which serves the traffic`
          : `${kind} selects ${rewritten}, which Flagger rewrites on the primary ${primaryName} of Canary ${canaryName}: it covers only the idle target, not the primary that serves the traffic`,
        policy,
      );
    }

    const networkPolicies = ingressByNamespace.get(ns) ?? [];
    const isolatesPrimary = (except: IndexedObject) =>
      networkPolicies.some(
        p =>
          p !== except &&
          labelSelectorMatches(p.object.spec?.podSelector, primaryLabels),
      );
    for (const policy of networkPolicies) {
      const podSelector = policy.object.spec?.podSelector;
      if (
        selectsEverything(podSelector) ||
        !labelSelectorMatches(podSelector, targetLabels) ||
        labelSelectorMatches(podSelector, primaryLabels)
      )
        continue;
      const admits =
        !isRecord(policy.object.spec) ||
        (Array.isArray(policy.object.spec.ingress) &&
          policy.object.spec.ingress.length > 0);
      const blocked = admits && isolatesPrimary(policy);
      report.report(
        blocked ? 'MP1205' : 'MP1206',
        blocked
          ? `NetworkPolicy selects ${rewritten}, which Flagger rewrites on the primary ${primaryName} of Canary ${canaryName}: the callers it admits are dropped at L4 on the primary, which serves the traffic`
          : `NetworkPolicy selects ${rewritten}, which Flagger rewrites on the primary ${primaryName} of Canary ${canaryName}: it covers only the idle target, not the primary that serves the traffic`,
        policy,
      );
    }
  }

  for (const derived of world.derived) {
    const declared = derived.overwrites;
    if (!declared) continue;
    const what: string[] = [];
    const declaredSpec = declared.object.spec ?? {};
    if (
      JSON.stringify(declaredSpec.selector ?? {}) !==
      JSON.stringify(derived.object.spec?.selector ?? {})
    )
      what.push(
        `selector ${JSON.stringify(
          declaredSpec.selector ?? {},
        )} → ${JSON.stringify(derived.object.spec?.selector)}`,
      );
    else what.push('ports');
    report.report(
      'MP1207',
      `Flagger owns Service ${derived.object.metadata.name} for Canary ${
        derived.generatedBy.name
      } and rewrites its ${what.join(
        ', ',
      )}: Git and Flagger overwrite each other on every sync`,
      {
        ref: {
          apiVersion: declared.object.apiVersion,
          kind: declared.object.kind,
          namespace: derived.object.metadata.namespace,
          name: declared.object.metadata.name,
        },
        source: declared.source,
      },
    );
  }
}
