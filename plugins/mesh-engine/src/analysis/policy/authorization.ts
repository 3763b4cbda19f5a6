import type {
  AuthorizationOutcome,
  AuthorizationPolicySummary,
  Dataplane,
  PolicyEnforcement,
  WaypointBinding,
  WorkloadAuthorization,
} from '@meshpath/plugin-mesh-common';
import { isRecord } from '../../objects';
import type { IndexedObject, MeshIndex, Workload } from '../meshIndex';
import { policySelector } from '../policyScopes';
import { SelectorIndex } from '../selectorIndex';
import { summariseRule } from './authorizationRules';
import { enforcedRules, isEnforced } from './evaluateAuthorization';

const actions = new Set(['ALLOW', 'DENY', 'CUSTOM', 'AUDIT']);

/** What a policy says, before it is known who enforces it. */
type PolicyBase = Omit<
  AuthorizationPolicySummary,
  'enforcement' | 'enforcementNote'
>;

function scopeOf(
  targeted: boolean,
  selects: boolean,
  root: boolean,
): AuthorizationPolicySummary['scope'] {
  if (targeted) return 'targetRefs';
  if (selects) return 'workload';
  return root ? 'mesh' : 'namespace';
}

/** `targetRefs`, or the deprecated single `targetRef`. */
function targetRefsOf(policy: IndexedObject): Array<Record<string, unknown>> {
  const spec = policy.object.spec ?? {};
  if (Array.isArray(spec.targetRefs)) return spec.targetRefs.filter(isRecord);
  return isRecord(spec.targetRef) ? [spec.targetRef] : [];
}

const refKey = (ref: Record<string, unknown>, namespace: string) =>
  `${ref.kind}/${
    typeof ref.namespace === 'string' ? ref.namespace : namespace
  }/${ref.name}`;

/**
 * AuthorizationPolicies summarised once each, and who enforces each for a
 * given workload: its sidecar; ztunnel in ambient (L4 only, no CUSTOM);
 * the waypoint of its Service for `targetRefs` (ignored without one).
 */
export class AuthorizationPolicies {
  private readonly bases = new Map<IndexedObject, PolicyBase>();
  private readonly meshWide: IndexedObject[] = [];
  private readonly namespaceWide = new Map<string, IndexedObject[]>();
  /** Policies with a selector, by namespace (the root namespace's select across the mesh). */
  private readonly selecting = new SelectorIndex<IndexedObject>();
  /** targetRefs policies by `Service/namespace/name`, `Gateway/namespace/name`, `GatewayClass/…`. */
  private readonly byTarget = new Map<string, IndexedObject[]>();
  /** Each policy's `namespace/name`, made once: summaries are shared by name. */
  private readonly names = new Map<IndexedObject, string>();
  /** Per policy name, its summaries by enforcement and note: one object each, numbered for {@link forWorkload}'s key. */
  private readonly summaries = new Map<
    string,
    Map<string, AuthorizationPolicySummary>
  >();
  private readonly summaryNumbers = new Map<
    AuthorizationPolicySummary,
    number
  >();
  private readonly authorizations = new Map<string, WorkloadAuthorization>();

  constructor(private readonly index: MeshIndex) {
    for (const policy of index.istio('AuthorizationPolicy')) {
      const spec = policy.object.spec ?? {};
      const targets = targetRefsOf(policy);
      const selector = policySelector(policy);
      const root = policy.namespace === index.rootNamespace;
      const action =
        typeof spec.action === 'string' && actions.has(spec.action)
          ? spec.action
          : 'ALLOW';
      const rules = Array.isArray(spec.rules) ? spec.rules : [];
      this.names.set(policy, `${policy.namespace}/${policy.ref.name}`);
      this.bases.set(policy, {
        ref: policy.ref,
        action,
        ...(isRecord(spec.provider) && typeof spec.provider.name === 'string'
          ? { provider: spec.provider.name }
          : {}),
        scope: scopeOf(targets.length > 0, selector !== undefined, root),
        ...(targets.length > 0
          ? { targetRefs: targets.map(t => refKey(t, policy.namespace)) }
          : {}),
        rules: rules.map(summariseRule),
      });
      if (targets.length > 0) {
        for (const target of targets)
          push(this.byTarget, refKey(target, policy.namespace), policy);
      } else if (selector)
        this.selecting.add(policy.namespace, policy, selector);
      else if (root) this.meshWide.push(policy);
      else push(this.namespaceWide, policy.namespace, policy);
    }
  }

  private summary(
    policy: IndexedObject,
    enforcement: PolicyEnforcement,
    note?: string,
  ): AuthorizationPolicySummary {
    const name = this.names.get(policy)!;
    let ofPolicy = this.summaries.get(name);
    if (!ofPolicy) this.summaries.set(name, (ofPolicy = new Map()));
    const key = note ? `${enforcement}|${note}` : enforcement;
    let summary = ofPolicy.get(key);
    if (!summary) {
      summary = {
        ...this.bases.get(policy)!,
        enforcement,
        ...(note ? { enforcementNote: note } : {}),
      };
      ofPolicy.set(key, summary);
      this.summaryNumbers.set(summary, this.summaryNumbers.size);
    }
    return summary;
  }

  /** Who enforces a selector, namespace or mesh-wide policy for a workload of this dataplane. */
  private selectedSummary(
    policy: IndexedObject,
    dataplane: Dataplane,
  ): AuthorizationPolicySummary {
    const base = this.bases.get(policy)!;
    if (dataplane === 'none')
      return this.summary(
        policy,
        'not-enforced',
        'the workload has neither a sidecar nor ambient mode, so nothing enforces it',
      );
    if (dataplane !== 'ambient') return this.summary(policy, 'sidecar');
    if (base.action === 'CUSTOM' || base.action === 'AUDIT')
      return this.summary(
        policy,
        'not-enforced',
        `ztunnel does not support the ${base.action} action; attach it to a waypoint with targetRefs`,
      );
    if (base.rules.some(rule => rule.l7))
      return this.summary(
        policy,
        'ztunnel',
        base.action === 'ALLOW'
          ? 'ztunnel cannot see HTTP attributes: ALLOW rules that use them never match (more restrictive than written)'
          : 'ztunnel cannot see HTTP attributes: DENY rules are enforced without them (more restrictive than written)',
      );
    return this.summary(policy, 'ztunnel');
  }

  /** The targetRefs policies of a Service (directly, or through its waypoint Gateway or class). */
  forService(
    service: IndexedObject,
    waypoint: WaypointBinding | undefined,
  ): AuthorizationPolicySummary[] {
    // Asked for every workload's Services: most meshes have no targetRefs policy at all.
    if (this.byTarget.size === 0) return [];
    const policies = [
      ...(this.byTarget.get(
        `Service/${service.namespace}/${service.ref.name}`,
      ) ?? []),
    ];
    if (waypoint?.found) {
      policies.push(
        ...(this.byTarget.get(
          `Gateway/${waypoint.namespace}/${waypoint.name}`,
        ) ?? []),
        ...(this.byTarget.get(
          `GatewayClass/${this.index.rootNamespace}/istio-waypoint`,
        ) ?? []),
      );
    }
    return policies.map(policy =>
      waypoint?.found
        ? this.summary(policy, 'waypoint')
        : this.summary(
            policy,
            'ignored-needs-waypoint',
            waypoint
              ? `waypoint ${waypoint.namespace}/${waypoint.name} does not exist or does not serve Services, so nothing enforces this policy`
              : `no waypoint serves Service ${service.namespace}/${service.ref.name} (label istio.io/use-waypoint), so nothing enforces this policy`,
          ),
    );
  }

  /**
   * The authorization of a workload in Istio's order, with its outcome. The
   * same policies with the same enforcement give the same (shared) object.
   */
  forWorkload(
    workload: Workload,
    dataplane: Dataplane,
    services: Array<{ service: IndexedObject; waypoint?: WaypointBinding }>,
  ): WorkloadAuthorization {
    const root = this.index.rootNamespace;
    const inRoot = workload.namespace === root;
    // In Istio's order, each summary once; the key is their numbers (one per policy, enforcement and note).
    const unique = new Set<AuthorizationPolicySummary>();
    const select = (policies: IndexedObject[]) => {
      for (const policy of policies)
        unique.add(this.selectedSummary(policy, dataplane));
    };
    select(this.meshWide);
    select(this.selecting.matching(root, workload.labels));
    if (!inRoot) {
      select(this.namespaceWide.get(workload.namespace) ?? []);
      select(this.selecting.matching(workload.namespace, workload.labels));
    }
    // targetRefs policies reach it through the Services in front of it.
    for (const { service, waypoint } of services)
      for (const summary of this.forService(service, waypoint))
        unique.add(summary);
    let key = '';
    for (const summary of unique) key += `${this.summaryNumbers.get(summary)},`;
    let authorization = this.authorizations.get(key);
    if (!authorization) {
      const list = [...unique];
      const of = (action: string) => list.filter(s => s.action === action);
      const partial = {
        custom: of('CUSTOM'),
        deny: of('DENY'),
        allow: of('ALLOW'),
        audit: of('AUDIT'),
      };
      authorization = { outcome: outcomeOf(partial), ...partial };
      this.authorizations.set(key, authorization);
    }
    return authorization;
  }
}

/**
 * What the enforced policies come to: every request allowed, every request
 * denied, or restricted; `no-policy` when none is enforced.
 */
function outcomeOf(
  authorization: Omit<WorkloadAuthorization, 'outcome'>,
): AuthorizationOutcome {
  const custom = authorization.custom.filter(isEnforced);
  const deny = authorization.deny.filter(isEnforced);
  const allow = authorization.allow.filter(isEnforced);
  if (custom.length + deny.length + allow.length === 0) return 'no-policy';
  const rules = (list: AuthorizationPolicySummary[]) =>
    list.flatMap(enforcedRules);
  if (rules(deny).some(rule => rule.matchesAll)) return 'deny-all';
  const allowRules = rules(allow);
  if (allow.length > 0 && allowRules.length === 0) return 'deny-all';
  const nothingElse = rules(deny).length === 0 && rules(custom).length === 0;
  if (nothingElse && (allow.length === 0 || allowRules.some(r => r.matchesAll)))
    return 'allow-all';
  return 'restricted';
}

function push<T>(map: Map<string, T[]>, key: string, value: T) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
