import { isRecord } from '../objects';
import { hostMatches, resolveHost } from './hosts';
import type { IndexedObject, MeshIndex } from './meshIndex';

/** Namespaces an object is visible in: all (`*`) or a list. */
type Scope = '*' | Set<string>;

/** A host something in the mesh serves: a Service or a ServiceEntry, seen from some namespaces. */
export interface ServedHost {
  /** The Service or ServiceEntry that defines the host. */
  provider: IndexedObject;
  /** Its port numbers; empty when it declares none (any port goes). */
  ports: number[];
  scope: Scope;
}

/** `exportTo` values (`.` is the object's own namespace; none or `*` is every namespace). */
export function exportScope(exportTo: unknown, ownNamespace: string): Scope {
  const values = Array.isArray(exportTo)
    ? exportTo.filter((v): v is string => typeof v === 'string')
    : [];
  if (values.length === 0 || values.includes('*')) return '*';
  return new Set(values.map(v => (v.trim() === '.' ? ownNamespace : v.trim())));
}

const portNumbers = (ports: unknown, field: 'port' | 'number') =>
  Array.isArray(ports)
    ? ports
        .map(port => (isRecord(port) ? Number(port[field]) : NaN))
        .filter(n => Number.isFinite(n))
    : [];

/**
 * Which hosts the Services and ServiceEntries of the input serve, and to
 * which namespaces (Services by the networking.istio.io/exportTo annotation,
 * ServiceEntries by exportTo), as istioctl resolves a route's destination.
 */
export class DestinationHosts {
  private readonly exact = new Map<string, ServedHost[]>();
  private readonly wildcards: Array<ServedHost & { pattern: string }> = [];

  constructor(index: MeshIndex) {
    for (const service of index.services.values()) {
      const annotation =
        service.object.metadata.annotations?.['networking.istio.io/exportTo'];
      this.add(`${service.ref.name}.${service.namespace}.svc.cluster.local`, {
        provider: service,
        ports: portNumbers(service.object.spec?.ports, 'port'),
        scope: exportScope(
          typeof annotation === 'string' ? annotation.split(',') : undefined,
          service.namespace,
        ),
      });
    }
    for (const entry of index.istio('ServiceEntry')) {
      const served = {
        provider: entry,
        ports: portNumbers(entry.object.spec?.ports, 'number'),
        scope: exportScope(entry.object.spec?.exportTo, entry.namespace),
      };
      for (const host of entry.object.spec?.hosts ?? []) {
        if (typeof host === 'string')
          this.add(resolveHost(host, entry.namespace), served);
      }
    }
  }

  private add(host: string, served: ServedHost) {
    if (host.startsWith('*')) {
      this.wildcards.push({ ...served, pattern: host });
      return;
    }
    const list = this.exact.get(host);
    if (list) list.push(served);
    else this.exact.set(host, [served]);
  }

  /**
   * What serves a resolved host to clients in the given namespaces (a
   * VirtualService's own namespace, or those it is exported to), if anything.
   */
  lookup(host: string, from: Scope): ServedHost | undefined {
    const visible = (served: ServedHost) =>
      served.scope === '*' ||
      (from !== '*' &&
        [...from].some(ns => (served.scope as Set<string>).has(ns)));
    const exact = this.exact.get(host)?.find(visible);
    if (exact) return exact;
    return this.wildcards.find(
      served => hostMatches(served.pattern, host) && visible(served),
    );
  }
}
