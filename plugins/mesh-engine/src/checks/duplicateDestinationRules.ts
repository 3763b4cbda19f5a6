import { clusterDomain, hostsOverlap } from '../analysis/hosts';
import type { IndexedObject } from '../analysis/meshIndex';
import { isRecord } from '../objects';
import type { CheckContext } from './context';

/** One DestinationRule as a candidate for a collision: its host and the subsets it defines (undefined: all of them). */
interface RuleScope {
  rule: IndexedObject;
  host: string;
  subsets?: Set<string>;
}

/**
 * A mesh-wide (`*.local`) or namespace-wide (`*.<namespace>.svc.cluster.local`)
 * ISTIO_MUTUAL rule is a default that more specific rules override, not a
 * competitor (as Kiali reads it).
 */
function isMtlsDefault(rule: IndexedObject): boolean {
  const spec = rule.object.spec ?? {};
  return (
    spec.trafficPolicy?.tls?.mode === 'ISTIO_MUTUAL' &&
    (spec.host === '*.local' ||
      spec.host === `*.${rule.namespace}.${clusterDomain}`)
  );
}

function scopeOf(rule: IndexedObject, host: string): RuleScope {
  const subsets: unknown[] = Array.isArray(rule.object.spec?.subsets)
    ? rule.object.spec.subsets
    : [];
  // A rule without subsets configures the whole host, so every subset of it.
  if (subsets.length === 0) return { rule, host };
  return {
    rule,
    host,
    subsets: new Set(
      subsets.map(subset => (isRecord(subset) ? String(subset.name) : '')),
    ),
  };
}

const collide = (a: RuleScope, b: RuleScope) =>
  a.rule !== b.rule &&
  hostsOverlap(a.host, b.host) &&
  (!a.subsets || !b.subsets || [...a.subsets].some(s => b.subsets!.has(s)));

/**
 * MP1105: DestinationRules whose hosts overlap (the same host, or a wildcard
 * covering it) and that configure a common subset (a rule without subsets
 * covers them all). Each rule of a collision is reported, naming the others.
 * Rules scoped to workloads (workloadSelector) do not collide.
 */
export function reportDuplicateDestinationRules(
  context: CheckContext,
  byHost: Map<string, IndexedObject[]>,
) {
  const exact = new Map<string, RuleScope[]>();
  const wildcards: RuleScope[] = [];
  for (const [host, rules] of byHost) {
    for (const rule of rules) {
      if (isRecord(rule.object.spec?.workloadSelector) || isMtlsDefault(rule))
        continue;
      const scope = scopeOf(rule, host);
      if (host.startsWith('*')) wildcards.push(scope);
      else {
        const list = exact.get(host);
        if (list) list.push(scope);
        else exact.set(host, [scope]);
      }
    }
  }
  const others = new Map<IndexedObject, Set<IndexedObject>>();
  const pair = (a: RuleScope, b: RuleScope) => {
    if (!collide(a, b)) return;
    for (const [x, y] of [
      [a.rule, b.rule],
      [b.rule, a.rule],
    ]) {
      const set = others.get(x) ?? new Set<IndexedObject>();
      set.add(y);
      others.set(x, set);
    }
  };
  for (const rules of exact.values()) {
    for (let i = 0; i < rules.length; i++)
      for (let j = i + 1; j < rules.length; j++) pair(rules[i], rules[j]);
  }
  // Wildcards are few: each is compared with every rule.
  for (let i = 0; i < wildcards.length; i++) {
    for (let j = i + 1; j < wildcards.length; j++)
      pair(wildcards[i], wildcards[j]);
    for (const rules of exact.values())
      for (const rule of rules) pair(wildcards[i], rule);
  }
  for (const [rule, colliding] of others) {
    const names = [...colliding]
      .map(other => `${other.namespace}/${other.ref.name}`)
      .sort();
    const subsets = rule.object.spec?.subsets;
    report(context, rule, names, Array.isArray(subsets) && subsets.length > 0);
  }
}

function report(
  context: CheckContext,
  rule: IndexedObject,
  others: string[],
  hasSubsets: boolean,
) {
  context.report.report(
    'MP1105',
    `Host ${rule.object.spec?.host} (${
      hasSubsets ? 'the same subset' : 'every subset: no subsets listed'
    }) is also configured by DestinationRule ${others.join(', ')}`,
    rule,
  );
}
