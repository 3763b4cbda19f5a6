import type { ReachabilityVerdict } from '@meshpath/plugin-mesh-common';
import { isRecord } from '../../objects';
import { labelSelectorMatches } from '../labelSelector';
import type { IndexedObject, MeshIndex, Workload } from '../meshIndex';

/** Where a connection comes from, as NetworkPolicy peers see it. */
export interface NetworkSource {
  namespace: string;
  /** Labels of the source pods; absent when any pod of the namespace may be the source. */
  podLabels?: Record<string, string>;
}

/** Three-valued: a peer selector on labels the input does not show may or may not match. */
type Match = 'yes' | 'no' | 'unknown';

const NAME_LABEL = 'kubernetes.io/metadata.name';

/** Keys a LabelSelector requires, in matchLabels and matchExpressions. */
function selectorKeys(selector: unknown): string[] {
  if (!isRecord(selector)) return [];
  return [
    ...(isRecord(selector.matchLabels)
      ? Object.keys(selector.matchLabels)
      : []),
    ...(Array.isArray(selector.matchExpressions)
      ? selector.matchExpressions.filter(isRecord).map(e => String(e.key))
      : []),
  ];
}

/** Whether any container of the workload names a port so, with that number. */
function namedPortIs(workload: Workload, name: string, port: number): boolean {
  const template =
    workload.object.kind === 'Pod'
      ? workload.object
      : workload.object.spec?.template;
  const containers = template?.spec?.containers;
  return (Array.isArray(containers) ? containers : []).some(
    (c: unknown) =>
      isRecord(c) &&
      Array.isArray(c.ports) &&
      c.ports.some(
        (p: unknown) =>
          isRecord(p) && p.name === name && Number(p.containerPort) === port,
      ),
  );
}

/** Whether a rule's `ports` admit a TCP connection to the port (named ports resolve on the destination pod). */
function portMatches(
  ports: unknown,
  workload: Workload,
  port: number,
): boolean {
  if (!Array.isArray(ports) || ports.length === 0) return true;
  return ports.some(entry => {
    if (!isRecord(entry)) return false;
    if ((entry.protocol ?? 'TCP') !== 'TCP') return false;
    if (entry.port === undefined) return true;
    if (typeof entry.port === 'string' && !/^\d+$/.test(entry.port))
      return namedPortIs(workload, entry.port, port);
    const start = Number(entry.port);
    const end = entry.endPort === undefined ? start : Number(entry.endPort);
    return port >= start && port <= end;
  });
}

/**
 * Evaluates Kubernetes NetworkPolicy ingress as the API defines it: a pod is
 * isolated when a policy of its namespace with type Ingress selects it; then
 * a connection is admitted when a rule of one of those policies admits both
 * its source (`from` peers: podSelector in the policy's namespace,
 * namespaceSelector, both ANDed; ipBlock) and its port (`ports`, named ports
 * resolved on the destination pod). A source whose labels the input does not
 * show, or an ipBlock (whether it covers pod IPs is up to the network
 * plugin), gives `unknown`.
 */
export class NetworkPolicies {
  private readonly byNamespace = new Map<string, IndexedObject[]>();

  constructor(private readonly index: MeshIndex) {
    for (const policy of index.ofKind('networking.k8s.io/NetworkPolicy')) {
      const spec = isRecord(policy.object.spec) ? policy.object.spec : {};
      const types = spec.policyTypes;
      if (Array.isArray(types) && !types.includes('Ingress')) continue;
      const list = this.byNamespace.get(policy.namespace);
      if (list) list.push(policy);
      else this.byNamespace.set(policy.namespace, [policy]);
    }
  }

  /** The ingress policies that select the workload's pods: when any, it is isolated. */
  isolating(workload: Workload): IndexedObject[] {
    return (this.byNamespace.get(workload.namespace) ?? []).filter(policy =>
      labelSelectorMatches(policy.object.spec?.podSelector, workload.labels),
    );
  }

  /** Whether a source namespace's labels satisfy a namespaceSelector. */
  private namespaceMatches(selector: unknown, namespace: string): Match {
    const declared = this.index.namespaces.get(namespace);
    const labels: Record<string, string> = {
      ...(isRecord(declared?.object.metadata.labels)
        ? (declared!.object.metadata.labels as Record<string, string>)
        : {}),
      [NAME_LABEL]: namespace,
    };
    if (labelSelectorMatches(selector, labels)) return 'yes';
    // Without the Namespace object only its name label is known.
    if (!declared && selectorKeys(selector).some(k => k !== NAME_LABEL))
      return 'unknown';
    return 'no';
  }

  private podMatches(selector: unknown, source: NetworkSource): Match {
    if (selectorKeys(selector).length === 0) return 'yes';
    if (!source.podLabels) return 'unknown';
    return labelSelectorMatches(selector, source.podLabels) ? 'yes' : 'no';
  }

  private peerMatches(
    peer: unknown,
    policy: IndexedObject,
    source: NetworkSource,
  ): Match {
    if (!isRecord(peer)) return 'no';
    if (peer.ipBlock !== undefined) return 'unknown';
    const hasNamespaces = peer.namespaceSelector !== undefined;
    const hasPods = peer.podSelector !== undefined;
    if (!hasNamespaces && !hasPods) return 'no';
    let namespace: Match;
    if (hasNamespaces)
      namespace = this.namespaceMatches(
        peer.namespaceSelector,
        source.namespace,
      );
    else namespace = source.namespace === policy.namespace ? 'yes' : 'no';
    if (namespace === 'no') return 'no';
    const pods = hasPods ? this.podMatches(peer.podSelector, source) : 'yes';
    if (pods === 'no') return 'no';
    return namespace === 'yes' && pods === 'yes' ? 'yes' : 'unknown';
  }

  /** Whether a TCP connection from the source to the workload's port gets through. */
  admits(
    workload: Workload,
    port: number,
    source: NetworkSource,
  ): ReachabilityVerdict {
    const policies = this.isolating(workload);
    if (policies.length === 0)
      return { verdict: 'allow', reason: 'no NetworkPolicy selects the pod' };
    let maybe: IndexedObject | undefined;
    for (const policy of policies) {
      const rules = policy.object.spec?.ingress;
      for (const rule of Array.isArray(rules) ? rules : []) {
        if (!isRecord(rule) || !portMatches(rule.ports, workload, port))
          continue;
        const from: unknown[] = Array.isArray(rule.from) ? rule.from : [];
        let match: Match = from.length === 0 ? 'yes' : 'no';
        for (const peer of from) {
          const result = this.peerMatches(peer, policy, source);
          if (result === 'yes') match = 'yes';
          else if (result === 'unknown' && match === 'no') match = 'unknown';
          if (match === 'yes') break;
        }
        if (match === 'yes')
          return {
            verdict: 'allow',
            reason: `NetworkPolicy ${policy.namespace}/${policy.ref.name} admits it`,
            decidedBy: policy.ref,
          };
        if (match === 'unknown' && !maybe) maybe = policy;
      }
    }
    if (maybe)
      return {
        verdict: 'unknown',
        reason: `NetworkPolicy ${maybe.namespace}/${maybe.ref.name} may admit it (it selects sources by labels or IP blocks the input does not show)`,
        decidedBy: maybe.ref,
      };
    return {
      verdict: 'deny',
      reason: `NetworkPolic${policies.length > 1 ? 'ies' : 'y'} ${policies
        .map(p => `${p.namespace}/${p.ref.name}`)
        .join(', ')} select${policies.length > 1 ? '' : 's'} the pod and admit${
        policies.length > 1 ? '' : 's'
      } nothing from ${source.namespace} on port ${port}`,
      decidedBy: policies[0].ref,
    };
  }
}
