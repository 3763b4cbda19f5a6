import type { IndexedObject, MeshIndex } from '../analysis/meshIndex';
import { isRecord } from '../objects';

const gatewayApiGroup = 'gateway.networking.k8s.io';

/**
 * Whether a route may send to a Service of another namespace: a
 * ReferenceGrant (any served version) in that namespace allows the route's
 * kind from its namespace to Services (all, or this one by name).
 */
export function routeBackendAllowed(
  index: MeshIndex,
  route: IndexedObject,
  namespace: string,
  name: string,
): boolean {
  if (namespace === route.namespace) return true;
  return index.ofKind(`${gatewayApiGroup}/ReferenceGrant`).some(grant => {
    if (grant.namespace !== namespace) return false;
    const spec = grant.object.spec ?? {};
    const from = Array.isArray(spec.from) ? spec.from : [];
    const to = Array.isArray(spec.to) ? spec.to : [];
    return (
      from.some(
        (f: unknown) =>
          isRecord(f) &&
          f.group === gatewayApiGroup &&
          f.kind === route.ref.kind &&
          f.namespace === route.namespace,
      ) &&
      to.some(
        (t: unknown) =>
          isRecord(t) &&
          (t.group ?? '') === '' &&
          t.kind === 'Service' &&
          (t.name === undefined || t.name === name),
      )
    );
  });
}
