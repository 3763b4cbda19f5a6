import { selectorMatches } from '../analysis/labelSelector';
import { hostsOverlap, resolveHost } from '../analysis/hosts';
import type { IndexedObject } from '../analysis/meshIndex';
import { isRecord } from '../objects';
import type { CheckContext } from './context';

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

/** The gateways a VirtualService binds to; `mesh` when none is named. */
export function gatewaysOf(virtualService: IndexedObject): string[] {
  const gateways = virtualService.object.spec?.gateways;
  return Array.isArray(gateways) && gateways.length > 0
    ? gateways.map(String)
    : ['mesh'];
}

/** `name` or `namespace/name` → `namespace/name`. */
export function gatewayKey(reference: string, namespace: string): string {
  return reference.includes('/') ? reference : `${namespace}/${reference}`;
}

/** A route that matches every request: no match, or a match with nothing in it but `/`. */
function isCatchAll(route: any): boolean {
  if (!Array.isArray(route?.match) || route.match.length === 0) return true;
  return route.match.some((match: any) => {
    if (!isRecord(match)) return false;
    const keys = Object.keys(match).filter(key => key !== 'name');
    if (keys.length === 0) return true;
    if (keys.length === 1 && keys[0] === 'uri') {
      const uri = match.uri;
      return uri?.prefix === '/' || uri?.regex === '.*' || uri?.regex === '/.*';
    }
    return false;
  });
}

function usesJwtClaims(route: any): boolean {
  return (route?.match ?? []).some((match: any) =>
    Object.keys(match?.headers ?? {}).some(header =>
      header.startsWith('@request.auth.claims'),
    ),
  );
}

export function checkVirtualServices(context: CheckContext) {
  const { index, report, subsetsByHost } = context;
  const gatewaysByKey = new Map(
    index
      .istio('Gateway')
      .map(g => [`${g.namespace}/${g.object.metadata.name}`, g]),
  );
  const claims = new Map<string, IndexedObject[]>();

  for (const virtualService of index.istio('VirtualService')) {
    const spec = virtualService.object.spec ?? {};
    const namespace = virtualService.namespace;
    const hosts: string[] = (spec.hosts ?? []).filter(
      (h: unknown) => typeof h === 'string',
    );
    const gateways = gatewaysOf(virtualService);

    for (const reference of gateways) {
      if (reference === 'mesh') continue;
      const gateway = gatewaysByKey.get(gatewayKey(reference, namespace));
      if (!gateway) {
        report.report(
          'MP1103',
          `Gateway ${reference} does not exist`,
          virtualService,
        );
        continue;
      }
      const served: string[] = (gateway.object.spec?.servers ?? []).flatMap(
        (server: any) =>
          (server?.hosts ?? []).map((host: string) =>
            host.includes('/') ? host.split('/')[1] : host,
          ),
      );
      for (const host of hosts) {
        if (!served.some(pattern => hostsOverlap(pattern, host))) {
          report.report(
            'MP1111',
            `Host ${host} is not served by Gateway ${reference}`,
            virtualService,
          );
        }
      }
    }

    for (const host of hosts) {
      const resolved = resolveHost(host, namespace);
      for (const reference of gateways) {
        const key = `${
          reference === 'mesh' ? 'mesh' : gatewayKey(reference, namespace)
        }|${resolved}`;
        const list = claims.get(key);
        if (list) list.push(virtualService);
        else claims.set(key, [virtualService]);
      }
    }

    for (const destination of destinationsOf(virtualService)) {
      if (typeof destination.host !== 'string') continue;
      const host = resolveHost(destination.host, namespace);
      if (!index.hostExists(host)) {
        report.report(
          'MP1101',
          `Destination host ${destination.host} matches no Service or ServiceEntry`,
          virtualService,
        );
        continue;
      }
      if (
        destination.subset &&
        !subsetsByHost.get(host)?.has(destination.subset)
      ) {
        report.report(
          'MP1102',
          `Subset ${destination.subset} of ${destination.host} is defined by no DestinationRule`,
          virtualService,
        );
      }
      const service = index.serviceOfHost(host);
      const ports = service?.object.spec?.ports;
      if (
        !destination.port?.number &&
        Array.isArray(ports) &&
        ports.length > 1
      ) {
        report.report(
          'MP1109',
          `Service ${service!.ref.name} has ${
            ports.length
          } ports: the destination must name one`,
          virtualService,
        );
      }
    }

    const http: any[] = Array.isArray(spec.http) ? spec.http : [];
    const catchAll = http.findIndex(isCatchAll);
    if (catchAll >= 0 && catchAll < http.length - 1) {
      report.report(
        'MP1110',
        `HTTP route ${catchAll + 1} matches every request, so the ${
          http.length - catchAll - 1
        } route(s) after it are never used`,
        virtualService,
      );
    }

    if (
      http.some(usesJwtClaims) &&
      !hasRequestAuthentication(
        context,
        virtualService,
        gateways,
        gatewaysByKey,
      )
    ) {
      report.report(
        'MP1120',
        'Routes on JWT claims (@request.auth.claims) but no RequestAuthentication validates the token',
        virtualService,
      );
    }
  }

  for (const [key, virtualServices] of claims) {
    if (virtualServices.length < 2) continue;
    const [gateway, host] = key.split('|');
    for (const virtualService of virtualServices) {
      const others = virtualServices
        .filter(v => v !== virtualService)
        .map(v => `${v.namespace}/${v.ref.name}`);
      report.report(
        'MP1104',
        `Host ${host} on gateway ${gateway} is also claimed by ${others.join(
          ', ',
        )}`,
        virtualService,
      );
    }
  }
}

function hasRequestAuthentication(
  context: CheckContext,
  virtualService: IndexedObject,
  gateways: string[],
  gatewaysByKey: Map<string, IndexedObject>,
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
  return gateways.some(reference => {
    if (reference === 'mesh') return inScope(virtualService.namespace);
    const gateway = gatewaysByKey.get(
      gatewayKey(reference, virtualService.namespace),
    );
    return gateway
      ? inScope(gateway.namespace, gateway.object.spec?.selector)
      : false;
  });
}
