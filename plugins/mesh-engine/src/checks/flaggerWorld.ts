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

/** Ingress NetworkPolicies of a namespace, with whether each selects given pod labels. */
const ingressPolicies = (context: CheckContext, namespace: string) =>
  context.index
    .ofKind('networking.k8s.io/NetworkPolicy')
    .filter(p => p.namespace === namespace)
    .filter(p => {
      const spec = p.object.spec ?? {};
      const types: unknown = spec.policyTypes;
      return !Array.isArray(types) || types.includes('Ingress');
    });

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
  const workloadOf = (ref: { kind: string; namespace: string; name: string }) =>
    index.workloads.find(
      w =>
        w.ref.kind === ref.kind &&
        w.namespace === ref.namespace &&
        w.ref.name === ref.name,
    );

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
    const istioPolicies = (
      [
        'AuthorizationPolicy',
        'PeerAuthentication',
        'RequestAuthentication',
      ] as const
    ).flatMap(kind =>
      index
        .istio(kind)
        .filter(p => p.namespace === ns || p.namespace === root)
        .filter(p => policySelector(p) !== undefined),
    );
    const allowsPrimary = (except: IndexedObject) =>
      index
        .istio('AuthorizationPolicy')
        .filter(p => p !== except && action(p) === 'ALLOW')
        .filter(p => p.namespace === ns || p.namespace === root)
        .some(p => {
          const selector = policySelector(p);
          if (!selector) return p.namespace === ns || p.namespace === root;
          return selectorMatches(selector, primaryLabels);
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

    const networkPolicies = ingressPolicies(context, ns);
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
