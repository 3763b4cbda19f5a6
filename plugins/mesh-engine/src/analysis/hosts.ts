/** The cluster's DNS suffix; Istio's default. */
export const clusterDomain = 'svc.cluster.local';

/**
 * Resolves a host as Istio does: a short name (`reviews`) lives in the
 * namespace of the object that names it, `reviews.ns` and `reviews.ns.svc` get
 * the cluster suffix, and anything else (or a wildcard) is taken as written.
 * @public
 */
export function resolveHost(host: string, namespace: string): string {
  if (host === '*' || host.startsWith('*.')) return host;
  // Counted, not split: hosts are resolved for every route, rule and Service.
  let dots = 0;
  for (
    let at = host.indexOf('.');
    at !== -1 && dots < 3;
    at = host.indexOf('.', at + 1)
  )
    dots++;
  if (dots === 0) return `${host}.${namespace}.${clusterDomain}`;
  if (dots === 1) return `${host}.${clusterDomain}`;
  // `name.namespace.svc` is the cluster's own short form of the FQDN.
  if (dots === 2 && host.endsWith('.svc')) return `${host}.cluster.local`;
  return host;
}

/** Whether a (possibly wildcard) pattern covers a host: `*.example.com` covers `a.example.com`. */
export function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*' || pattern === host) return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return false;
}

/** Whether two host patterns can serve a common host (for gateways and conflicts). */
export function hostsOverlap(a: string, b: string): boolean {
  return hostMatches(a, b) || hostMatches(b, a);
}

/** The Service a cluster-local host names, as `namespace/name`, or undefined. */
export function serviceKeyOfHost(host: string): string | undefined {
  if (!host.endsWith(`.${clusterDomain}`)) return undefined;
  const parts = host.slice(0, -(clusterDomain.length + 1)).split('.');
  return parts.length === 2 ? `${parts[1]}/${parts[0]}` : undefined;
}
