import type { CanaryStatus } from '@meshpath/plugin-mesh-common';
import type { ClusterObjects, MeshKubernetesObject } from '../sources/types';

const MTLS_MODES = ['STRICT', 'PERMISSIVE', 'DISABLE'];

function selects(
  object: MeshKubernetesObject,
  workloadLabels: Record<string, string>,
): boolean {
  const match: Record<string, string> | undefined =
    object.spec?.selector?.matchLabels;
  return Object.entries(match ?? {}).every(([k, v]) => workloadLabels[k] === v);
}

/**
 * Effective mTLS mode of the workload, by Istio's precedence: workload
 * PeerAuthentication, then namespace-wide, then mesh-wide in the root
 * namespace. `unknown` when none of them is visible.
 */
export function effectiveMtls(
  objects: MeshKubernetesObject[],
  rootNamespace: string,
): string {
  const workload =
    objects.find(o => o.kind === 'Pod')?.metadata.labels ??
    objects.find(o => o.kind === 'Deployment')?.spec?.template?.metadata
      ?.labels ??
    {};
  const namespace = objects.find(o => o.kind === 'Service')?.metadata.namespace;
  const policies = objects.filter(o => o.kind === 'PeerAuthentication');
  const mode = (o?: MeshKubernetesObject) => {
    const m = o?.spec?.mtls?.mode;
    return MTLS_MODES.includes(m) ? m : undefined;
  };
  const withSelector = policies.find(
    o =>
      o.spec?.selector?.matchLabels &&
      o.metadata.namespace === namespace &&
      selects(o, workload),
  );
  const namespaceWide = policies.find(
    o => !o.spec?.selector && o.metadata.namespace === namespace,
  );
  const meshWide = policies.find(
    o => !o.spec?.selector && o.metadata.namespace === rootNamespace,
  );
  return (
    mode(withSelector) ?? mode(namespaceWide) ?? mode(meshWide) ?? 'unknown'
  );
}

/** Principals that ALLOW policies let in; undefined when no ALLOW policy applies (anyone may call). */
export function allowedCallers(
  objects: MeshKubernetesObject[],
): string[] | undefined {
  const allow = objects.filter(
    o =>
      o.kind === 'AuthorizationPolicy' &&
      (o.spec?.action ?? 'ALLOW') === 'ALLOW',
  );
  if (allow.length === 0) return undefined;
  const principals = new Set<string>();
  for (const policy of allow) {
    for (const rule of policy.spec?.rules ?? []) {
      for (const from of rule.from ?? []) {
        for (const p of from.source?.principals ?? []) principals.add(p);
        for (const ns of from.source?.namespaces ?? [])
          principals.add(`namespace:${ns}`);
      }
    }
  }
  return [...principals].sort();
}

/** Flagger canaries with where their rollout stands. */
export function canaries(clusters: ClusterObjects[]): CanaryStatus[] {
  return clusters.flatMap(c =>
    c.objects
      .filter(o => o.kind === 'Canary')
      .map(o => ({
        cluster: c.cluster,
        namespace: o.metadata.namespace ?? 'default',
        name: o.metadata.name,
        ...(o.status?.phase ? { phase: o.status.phase } : {}),
        ...(typeof o.status?.canaryWeight === 'number'
          ? { canaryWeight: o.status.canaryWeight }
          : {}),
        ...(typeof o.status?.failedChecks === 'number'
          ? { failedChecks: o.status.failedChecks }
          : {}),
      })),
  );
}
