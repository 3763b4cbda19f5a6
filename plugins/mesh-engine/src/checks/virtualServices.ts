import { selectorMatches } from '../analysis/labelSelector';
import { DestinationHosts, exportScope } from '../analysis/destinationHosts';
import { hostMatches, resolveHost } from '../analysis/hosts';
import type { IndexedObject } from '../analysis/meshIndex';
import { isRecord } from '../objects';
import type { CheckContext } from './context';
import {
  BindableGateway,
  bindableGateways,
  exposes,
  gatewayKey,
  gatewaysOf,
} from './gatewayReferences';
import { checkUnreachableRoutes } from './unreachableRoutes';
import { checkVirtualServiceHosts } from './virtualServiceHosts';

export { gatewaysOf };

type Destination = {
  host?: string;
  subset?: string;
  port?: { number?: number };
};

/** Every destination a VirtualService routes to, across HTTP, TCP and TLS routes. */
export function destinationsOf(virtualService: IndexedObject): Destination[] {
  const spec = virtualService.object.spec ?? {};
  const destinations: Destination[] = [];
  for (const section of ['http', 'tcp', 'tls']) {
    for (const route of spec[section] ?? []) {
      for (const target of route?.route ?? []) {
        if (isRecord(target?.destination))
          destinations.push(target.destination);
      }
      if (section === 'http' && isRecord(route?.mirror))
        destinations.push(route.mirror);
    }
  }
  return destinations;
}

/** Gateways named by HTTP matches (`http[].match[].gateways`). */
function matchGatewaysOf(virtualService: IndexedObject): string[] {
  const http = virtualService.object.spec?.http;
  return (Array.isArray(http) ? http : []).flatMap((route: any) =>
    (Array.isArray(route?.match) ? route.match : []).flatMap((match: any) =>
      Array.isArray(match?.gateways) ? match.gateways.map(String) : [],
    ),
  );
}

function usesJwtClaims(route: any): boolean {
  return (route?.match ?? []).some((match: any) =>
    Object.keys(match?.headers ?? {}).some(header =>
      header.startsWith('@request.auth.claims'),
    ),
  );
}

/** Whether a DestinationRule defines the subset for the host, by the host itself or a wildcard covering it. */
function definesSubset(
  subsetsByHost: Map<string, Set<string>>,
  host: string,
  subset: string,
): boolean {
  if (subsetsByHost.get(host)?.has(subset)) return true;
  for (const [pattern, subsets] of subsetsByHost) {
    if (
      pattern.startsWith('*') &&
      hostMatches(pattern, host) &&
      subsets.has(subset)
    )
      return true;
  }
  return false;
}

/** MP1103 and MP1111: the gateways a VirtualService names exist and expose its hosts. */
function checkGateways(
  context: CheckContext,
  virtualService: IndexedObject,
  hosts: string[],
  gateways: Map<string, BindableGateway>,
) {
  const { report } = context;
  const namespace = virtualService.namespace;
  const bound: Array<[string, BindableGateway]> = [];
  const named = gatewaysOf(virtualService);
  for (const reference of new Set([
    ...named,
    ...matchGatewaysOf(virtualService),
  ])) {
    if (reference === 'mesh') continue;
    const gateway = gateways.get(gatewayKey(reference, namespace));
    if (!gateway) {
      report.report(
        'MP1103',
        `Gateway ${reference} does not exist`,
        virtualService,
      );
    } else if (named.includes(reference)) bound.push([reference, gateway]);
  }
  if (bound.length === 0) return;
  // Each gateway serves some host of the VirtualService (istioctl IST0132) …
  for (const [reference, gateway] of bound) {
    if (!hosts.some(host => exposes(gateway, host, namespace)))
      report.report(
        'MP1111',
        `Gateway ${reference} exposes none of the hosts ${hosts.join(', ')}`,
        virtualService,
      );
  }
  // … and each host is served by one of the gateways.
  if (bound.length > 1) {
    for (const host of hosts) {
      if (!bound.some(([, gateway]) => exposes(gateway, host, namespace)))
        report.report(
          'MP1111',
          `Host ${host} is exposed by none of the gateways ${bound
            .map(([reference]) => reference)
            .join(', ')}`,
          virtualService,
        );
    }
  }
}

/** MP1101, MP1102 and MP1109: each destination exists, is visible, has the port and subset named. */
function checkDestinations(
  context: CheckContext,
  virtualService: IndexedObject,
  destinationHosts: DestinationHosts,
) {
  const { report, subsetsByHost } = context;
  const namespace = virtualService.namespace;
  const exportTo = virtualService.object.spec?.exportTo;
  // Seen from where the VirtualService applies: its own namespace, or those it is exported to.
  const from =
    Array.isArray(exportTo) && exportTo.length > 0
      ? exportScope(exportTo, namespace)
      : new Set([namespace]);
  for (const destination of destinationsOf(virtualService)) {
    if (typeof destination.host !== 'string') continue;
    const host = resolveHost(destination.host, namespace);
    if (host.startsWith('*')) continue;
    const served = destinationHosts.lookup(host, from);
    if (!served) {
      report.report(
        'MP1101',
        context.index.hostExists(host)
          ? `Destination host ${destination.host} is not exported to ${
              from === '*' ? 'every namespace' : [...from].join(', ')
            }`
          : `Destination host ${destination.host} matches no Service or ServiceEntry`,
        virtualService,
      );
      continue;
    }
    if (
      destination.subset &&
      !definesSubset(subsetsByHost, host, destination.subset)
    ) {
      report.report(
        'MP1102',
        `Subset ${destination.subset} of ${destination.host} is defined by no DestinationRule`,
        virtualService,
      );
    }
    const port = destination.port?.number;
    if (port !== undefined && served.ports.length > 0) {
      if (!served.ports.includes(Number(port)))
        report.report(
          'MP1101',
          `Destination port ${port} is not a port of ${
            served.provider.ref.kind
          } ${served.provider.ref.name} (${served.ports.join(', ')})`,
          virtualService,
        );
    } else if (port === undefined && served.ports.length > 1) {
      report.report(
        'MP1109',
        `${served.provider.ref.kind} ${served.provider.ref.name} has ${served.ports.length} ports: the destination must name one`,
        virtualService,
      );
    }
  }
}

export function checkVirtualServices(context: CheckContext) {
  const { index, report } = context;
  const gateways = bindableGateways(index);
  const destinationHosts = new DestinationHosts(index);

  for (const virtualService of index.istio('VirtualService')) {
    const spec = virtualService.object.spec ?? {};
    const hosts: string[] = (spec.hosts ?? []).filter(
      (h: unknown) => typeof h === 'string',
    );
    checkGateways(context, virtualService, hosts, gateways);
    checkDestinations(context, virtualService, destinationHosts);
    checkUnreachableRoutes(context, virtualService);

    const http: any[] = Array.isArray(spec.http) ? spec.http : [];
    if (
      http.some(usesJwtClaims) &&
      !hasRequestAuthentication(context, virtualService, gateways)
    ) {
      report.report(
        'MP1120',
        'Routes on JWT claims (@request.auth.claims) but no RequestAuthentication validates the token',
        virtualService,
      );
    }
  }
  checkVirtualServiceHosts(context);
}

function hasRequestAuthentication(
  context: CheckContext,
  virtualService: IndexedObject,
  gateways: Map<string, BindableGateway>,
): boolean {
  const policies = context.index.istio('RequestAuthentication');
  const inScope = (namespace: string, labels?: Record<string, string>) =>
    policies.some(policy => {
      if (
        policy.namespace !== namespace &&
        policy.namespace !== context.index.rootNamespace
      )
        return false;
      const selector = policy.object.spec?.selector?.matchLabels;
      if (!isRecord(selector) || Object.keys(selector).length === 0)
        return true;
      return labels !== undefined && selectorMatches(selector, labels);
    });
  return gatewaysOf(virtualService).some(reference => {
    if (reference === 'mesh') return inScope(virtualService.namespace);
    const gateway = gateways.get(
      gatewayKey(reference, virtualService.namespace),
    )?.gateway;
    return gateway
      ? inScope(gateway.namespace, gateway.object.spec?.selector)
      : false;
  });
}
