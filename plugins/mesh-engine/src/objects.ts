import type {
  KubernetesObject,
  ObjectRef,
  SourcedObject,
} from '@meshpath/plugin-mesh-common';

/** Kinds that live outside namespaces. */
const clusterScopedKinds = new Set([
  'Namespace',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
]);

/** Whether objects of a kind live outside namespaces. @public */
export function isClusterScoped(kind: string): boolean {
  return clusterScopedKinds.has(kind);
}

/** The API group of an apiVersion (`networking.istio.io/v1` → `networking.istio.io`, `v1` → the empty string). @public */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The namespace an object lives in; objects without one land in `default`, as kubectl does. */
export function namespaceOf(object: KubernetesObject): string | undefined {
  if (clusterScopedKinds.has(object.kind)) return undefined;
  return object.metadata.namespace || 'default';
}

/** @public */
export function objectRef(object: KubernetesObject): ObjectRef {
  const namespace = namespaceOf(object);
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(namespace ? { namespace } : {}),
    name: object.metadata.name,
  };
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a value has the minimum shape of a Kubernetes object. */
export function looksLikeObject(value: unknown): value is KubernetesObject {
  return (
    isRecord(value) &&
    typeof value.apiVersion === 'string' &&
    typeof value.kind === 'string' &&
    isRecord(value.metadata) &&
    typeof value.metadata.name === 'string' &&
    value.metadata.name.length > 0
  );
}

/** Accepts both bare objects and sourced ones. */
export function toSourced(
  input: Array<SourcedObject | KubernetesObject>,
): SourcedObject[] {
  return input.map(item =>
    'object' in item &&
    isRecord((item as SourcedObject).object) &&
    !('apiVersion' in item)
      ? (item as SourcedObject)
      : { object: item as KubernetesObject },
  );
}
