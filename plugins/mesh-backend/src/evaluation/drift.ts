import type { DriftReport, ObjectRef } from '@meshpath/plugin-mesh-common';
import type { MeshKubernetesObject } from '../sources/types';

// Only kinds both sides manage; Pods and the like never appear in Git.
const DECLARABLE = new Set([
  'Service',
  'Deployment',
  'VirtualService',
  'DestinationRule',
  'Gateway',
  'Sidecar',
  'PeerAuthentication',
  'AuthorizationPolicy',
  'RequestAuthentication',
  'NetworkPolicy',
  'Canary',
]);

function ref(o: MeshKubernetesObject, defaultNamespace?: string): ObjectRef {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    ...(o.metadata.namespace ?? defaultNamespace
      ? { namespace: o.metadata.namespace ?? defaultNamespace }
      : {}),
    name: o.metadata.name,
  };
}

const key = (r: ObjectRef) => `${r.kind}/${r.namespace ?? ''}/${r.name}`;

/** Paths under `spec` where the declared value is not what is live; fields only the cluster sets are ignored. */
function differingFields(
  declared: unknown,
  live: unknown,
  path: string,
): string[] {
  if (declared === null || typeof declared !== 'object') {
    return declared === live ? [] : [path];
  }
  if (Array.isArray(declared)) {
    if (!Array.isArray(live) || live.length !== declared.length) return [path];
    return declared.flatMap((d, i) =>
      differingFields(d, live[i], `${path}[${i}]`),
    );
  }
  if (live === null || typeof live !== 'object' || Array.isArray(live))
    return [path];
  return Object.entries(declared).flatMap(([k, v]) =>
    differingFields(v, (live as Record<string, unknown>)[k], `${path}.${k}`),
  );
}

/**
 * Compares the manifests declared in Git with the live objects. Declared
 * objects without a namespace are taken to be in the service's namespace.
 */
export function computeDrift(
  declared: MeshKubernetesObject[],
  live: MeshKubernetesObject[],
  defaultNamespace?: string,
): DriftReport {
  const liveByKey = new Map(
    live.filter(o => DECLARABLE.has(o.kind)).map(o => [key(ref(o)), o]),
  );
  const declaredByKey = new Map(
    declared
      .filter(o => DECLARABLE.has(o.kind))
      .map(o => [key(ref(o, defaultNamespace)), o]),
  );
  const report: DriftReport = {
    declaredNotLive: [],
    liveNotDeclared: [],
    differing: [],
  };
  for (const [k, d] of declaredByKey) {
    const l = liveByKey.get(k);
    if (!l) {
      report.declaredNotLive.push(ref(d, defaultNamespace));
      continue;
    }
    const fields = [
      ...differingFields(d.spec ?? {}, l.spec ?? {}, 'spec'),
      ...differingFields(
        d.metadata.labels ?? {},
        l.metadata.labels ?? {},
        'metadata.labels',
      ),
    ];
    if (fields.length > 0) report.differing.push({ object: ref(l), fields });
  }
  for (const [k, l] of liveByKey) {
    if (!declaredByKey.has(k)) report.liveNotDeclared.push(ref(l));
  }
  return report;
}
