import { hostsOverlap } from '../analysis/hosts';
import type { IndexedObject, MeshIndex } from '../analysis/meshIndex';
import { isRecord } from '../objects';

/** The gateways a VirtualService binds to; `mesh` when none is named. */
export function gatewaysOf(virtualService: IndexedObject): string[] {
  const gateways = virtualService.object.spec?.gateways;
  return Array.isArray(gateways) && gateways.length > 0
    ? gateways.map(String)
    : ['mesh'];
}

/**
 * A VirtualService's gateway reference as `namespace/name`: `name` lives in
 * the VirtualService's namespace, `namespace/name` is explicit, and the old
 * forms `name.namespace` and `name.namespace.svc.cluster.local` still resolve.
 */
export function gatewayKey(reference: string, namespace: string): string {
  if (reference.includes('/')) return reference;
  const parts = reference.split('.');
  return parts.length > 1
    ? `${parts[1]}/${parts[0]}`
    : `${namespace}/${reference}`;
}

/** A host a gateway exposes, to the VirtualServices of one namespace or of all (`*`). */
interface ExposedHost {
  namespace: string;
  host: string;
}

/** A gateway a VirtualService may bind to: Istio's own or a Gateway API Gateway. */
export interface BindableGateway {
  gateway: IndexedObject;
  hosts: ExposedHost[];
}

/** `./host` is for the gateway's namespace, `ns/host` for ns, `*\/host` or a bare host for all. */
function exposedHost(raw: string, gatewayNamespace: string): ExposedHost {
  const slash = raw.indexOf('/');
  if (slash < 0) return { namespace: '*', host: raw };
  const namespace = raw.slice(0, slash);
  return {
    namespace: namespace === '.' ? gatewayNamespace : namespace,
    host: raw.slice(slash + 1),
  };
}

/** Every gateway of the input by `namespace/name`; Istio's win over Gateway API's of the same name, as istioctl looks them up. */
export function bindableGateways(
  index: MeshIndex,
): Map<string, BindableGateway> {
  const gateways = new Map<string, BindableGateway>();
  for (const gateway of index.ofKind('gateway.networking.k8s.io/Gateway')) {
    const listeners: unknown[] = Array.isArray(gateway.object.spec?.listeners)
      ? gateway.object.spec.listeners
      : [];
    gateways.set(`${gateway.namespace}/${gateway.ref.name}`, {
      gateway,
      // A listener without hostname accepts every host.
      hosts: listeners.map(listener => ({
        namespace: '*',
        host:
          isRecord(listener) &&
          typeof listener.hostname === 'string' &&
          listener.hostname
            ? listener.hostname
            : '*',
      })),
    });
  }
  for (const gateway of index.istio('Gateway')) {
    const servers: unknown[] = Array.isArray(gateway.object.spec?.servers)
      ? gateway.object.spec.servers
      : [];
    gateways.set(`${gateway.namespace}/${gateway.object.metadata.name}`, {
      gateway,
      hosts: servers.flatMap(server =>
        isRecord(server) && Array.isArray(server.hosts)
          ? server.hosts
              .filter((h: unknown): h is string => typeof h === 'string')
              .map((h: string) => exposedHost(h, gateway.namespace))
          : [],
      ),
    });
  }
  return gateways;
}

/** Whether a gateway exposes a host to VirtualServices of a namespace. */
export function exposes(
  gateway: BindableGateway,
  host: string,
  namespace: string,
): boolean {
  return gateway.hosts.some(
    exposed =>
      (exposed.namespace === '*' || exposed.namespace === namespace) &&
      hostsOverlap(exposed.host, host),
  );
}
