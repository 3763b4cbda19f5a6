import { hostsOverlap, resolveHost } from '../analysis/hosts';
import type { IndexedObject } from '../analysis/meshIndex';
import { exportScope } from '../analysis/destinationHosts';
import type { CheckContext } from './context';
import { gatewayKey, gatewaysOf } from './gatewayReferences';

/** One host a VirtualService claims on one gateway, with the namespaces it is exported to. */
interface Claim {
  virtualService: IndexedObject;
  host: string;
  scope: ReturnType<typeof exportScope>;
}

const scopesMeet = (a: Claim['scope'], b: Claim['scope']) =>
  a === '*' || b === '*' || [...a].some(namespace => b.has(namespace));

const conflict = (a: Claim, b: Claim) =>
  a.virtualService !== b.virtualService &&
  hostsOverlap(a.host, b.host) &&
  scopesMeet(a.scope, b.scope);

/**
 * MP1104: VirtualServices that claim the same host (or a host a wildcard
 * covers) on the same gateway, seen from a common namespace (exportTo).
 * Every VirtualService of a conflict is reported, naming the others.
 */
export function checkVirtualServiceHosts(context: CheckContext) {
  const byGateway = new Map<
    string,
    { exact: Map<string, Claim[]>; wildcards: Claim[] }
  >();
  for (const virtualService of context.index.istio('VirtualService')) {
    const spec = virtualService.object.spec ?? {};
    const scope = exportScope(spec.exportTo, virtualService.namespace);
    for (const reference of gatewaysOf(virtualService)) {
      const gateway =
        reference === 'mesh'
          ? 'mesh'
          : gatewayKey(reference, virtualService.namespace);
      let claims = byGateway.get(gateway);
      if (!claims) {
        claims = { exact: new Map(), wildcards: [] };
        byGateway.set(gateway, claims);
      }
      for (const raw of Array.isArray(spec.hosts) ? spec.hosts : []) {
        if (typeof raw !== 'string') continue;
        const claim = {
          virtualService,
          host: resolveHost(raw, virtualService.namespace),
          scope,
        };
        if (claim.host.startsWith('*')) claims.wildcards.push(claim);
        else {
          const list = claims.exact.get(claim.host);
          if (list) list.push(claim);
          else claims.exact.set(claim.host, [claim]);
        }
      }
    }
  }

  for (const [gateway, { exact, wildcards }] of byGateway) {
    const others = new Map<IndexedObject, Map<string, Set<IndexedObject>>>();
    const pair = (a: Claim, b: Claim) => {
      if (!conflict(a, b)) return;
      for (const [x, y] of [
        [a, b],
        [b, a],
      ]) {
        const hosts = others.get(x.virtualService) ?? new Map();
        const set = hosts.get(x.host) ?? new Set<IndexedObject>();
        set.add(y.virtualService);
        hosts.set(x.host, set);
        others.set(x.virtualService, hosts);
      }
    };
    for (const claims of exact.values())
      for (let i = 0; i < claims.length; i++)
        for (let j = i + 1; j < claims.length; j++) pair(claims[i], claims[j]);
    // Wildcard hosts are few: each is compared with every claim.
    for (let i = 0; i < wildcards.length; i++) {
      for (let j = i + 1; j < wildcards.length; j++)
        pair(wildcards[i], wildcards[j]);
      for (const claims of exact.values())
        for (const claim of claims) pair(wildcards[i], claim);
    }
    for (const [virtualService, hosts] of others) {
      for (const [host, conflicting] of hosts) {
        const names = [...conflicting]
          .map(other => `${other.namespace}/${other.ref.name}`)
          .sort();
        context.report.report(
          'MP1104',
          `Host ${host} on gateway ${gateway} is also claimed by ${names.join(
            ', ',
          )}`,
          virtualService,
        );
      }
    }
  }
}
