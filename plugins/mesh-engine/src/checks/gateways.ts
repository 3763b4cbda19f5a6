import {
  labelSelectorMatches,
  selectorMatches,
} from '../analysis/labelSelector';
import type { IndexedObject } from '../analysis/meshIndex';
import { isRecord } from '../objects';
import type { CheckContext } from './context';
import { checkDeprecatedApiVersions } from './apiVersions';
import { routeBackendAllowed } from './referenceGrants';

const selectorKey = (selector: unknown) =>
  isRecord(selector)
    ? Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .sort()
        .join(',')
    : '';

/** A host one server of a Gateway binds on a port: `ns/host` with `*` for any namespace. */
interface Binding {
  gateway: IndexedObject;
  port: number | undefined;
  host: string;
  bind: string;
}

function bindingsOf(gateway: IndexedObject): Binding[] {
  const bindings: Binding[] = [];
  for (const server of gateway.object.spec?.servers ?? []) {
    for (const raw of server?.hosts ?? []) {
      const host = String(raw);
      bindings.push({
        gateway,
        port: server?.port?.number,
        host: host.includes('/') ? host : `*/${host}`,
        bind: typeof server?.bind === 'string' ? server.bind : '',
      });
    }
  }
  return bindings;
}

/** `ns/host` pairs meet when the hosts are equal and the namespaces are equal or either is `*`. */
function sameHost(a: string, b: string): boolean {
  const [aNamespace, aHost] = [
    a.slice(0, a.indexOf('/')),
    a.slice(a.indexOf('/') + 1),
  ];
  const [bNamespace, bHost] = [
    b.slice(0, b.indexOf('/')),
    b.slice(b.indexOf('/') + 1),
  ];
  return (
    aHost === bHost &&
    (aNamespace === bNamespace || aNamespace === '*' || bNamespace === '*')
  );
}

/**
 * MP1121: two Gateways on the same gateway workload (equal selectors, or
 * selectors that both select one of the input's pods) bind the same port and
 * host. Both Gateways are reported (istioctl IST0145).
 */
export function checkGatewayConflicts(context: CheckContext) {
  const { index, report } = context;
  const gateways = index.istio('Gateway');
  const shareWorkload = (a: IndexedObject, b: IndexedObject) => {
    const [aSelector, bSelector] = [
      a.object.spec?.selector,
      b.object.spec?.selector,
    ];
    if (selectorKey(aSelector) === selectorKey(bSelector)) return true;
    return index.workloads.some(
      workload =>
        selectorMatches(aSelector, workload.labels) &&
        selectorMatches(bSelector, workload.labels),
    );
  };
  const byPort = new Map<string, Binding[]>();
  for (const gateway of gateways) {
    for (const binding of bindingsOf(gateway)) {
      const key = String(binding.port);
      const list = byPort.get(key);
      if (list) list.push(binding);
      else byPort.set(key, [binding]);
    }
  }
  const reported = new Set<string>();
  for (const bindings of byPort.values()) {
    for (const binding of bindings) {
      const others = bindings.filter(
        other =>
          other.gateway !== binding.gateway &&
          other.bind === binding.bind &&
          sameHost(other.host, binding.host) &&
          shareWorkload(other.gateway, binding.gateway),
      );
      if (others.length === 0) continue;
      const key = `${binding.gateway.namespace}/${binding.gateway.ref.name}|${binding.port}|${binding.host}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const names = [
        ...new Set(
          others.map(o => `${o.gateway.namespace}/${o.gateway.ref.name}`),
        ),
      ].sort();
      const selector = selectorKey(binding.gateway.object.spec?.selector);
      report.report(
        'MP1121',
        `Port ${binding.port} host ${binding.host.replace(
          /^\*\//,
          '',
        )} on workload ${
          selector || '(all)'
        } is also bound by Gateway ${names.join(', ')}`,
        binding.gateway,
      );
    }
  }
}

/** Whether a Gateway API Gateway admits routes from a namespace (`allowedRoutes.namespaces`, default Same). */
function admitsRoutesFrom(
  context: CheckContext,
  gateway: IndexedObject,
  namespace: string,
  sectionName: unknown,
): boolean {
  const listeners: any[] = Array.isArray(gateway.object.spec?.listeners)
    ? gateway.object.spec.listeners
    : [];
  const candidates =
    typeof sectionName === 'string'
      ? listeners.filter(l => l?.name === sectionName)
      : listeners;
  return candidates.some(listener => {
    const from = listener?.allowedRoutes?.namespaces?.from ?? 'Same';
    if (from === 'All') return true;
    if (from === 'Same') return gateway.namespace === namespace;
    if (from !== 'Selector') return false;
    const declared = context.index.namespaces.get(namespace);
    // A namespace the input does not declare has labels we cannot see.
    if (!declared) return true;
    return labelSelectorMatches(
      listener.allowedRoutes.namespaces.selector,
      declared.object.metadata.labels,
    );
  });
}

const isCoreService = (ref: any) =>
  (ref?.kind ?? 'Service') === 'Service' &&
  (ref?.group ?? '') === '' &&
  typeof ref?.name === 'string';

export function checkGatewayApiRoutes(context: CheckContext) {
  const { index, report } = context;
  // Every deprecated version there is belongs to Gateway API.
  checkDeprecatedApiVersions(context);
  const gateways = new Map(
    index
      .ofKind('gateway.networking.k8s.io/Gateway')
      .map(g => [`${g.namespace}/${g.ref.name}`, g]),
  );
  const routes = [
    ...index.ofKind('gateway.networking.k8s.io/HTTPRoute'),
    ...index.ofKind('gateway.networking.k8s.io/GRPCRoute'),
  ];
  for (const route of routes) {
    const spec = route.object.spec ?? {};
    for (const parent of spec.parentRefs ?? []) {
      const key = `${parent?.namespace ?? route.namespace}/${parent?.name}`;
      if ((parent?.kind ?? 'Gateway') === 'Gateway') {
        const gateway = gateways.get(key);
        if (!gateway)
          report.report(
            'MP1122',
            `Parent Gateway ${key} does not exist`,
            route,
          );
        else if (
          !admitsRoutesFrom(
            context,
            gateway,
            route.namespace,
            parent?.sectionName,
          )
        )
          report.report(
            'MP1122',
            `Parent Gateway ${key} does not admit routes from namespace ${route.namespace} (listeners' allowedRoutes)`,
            route,
          );
      } else if (
        (parent?.group === '' || parent?.group === 'core') &&
        parent?.kind === 'Service' &&
        !index.services.has(key)
      ) {
        // A mesh (GAMMA) route attaches to a Service.
        report.report('MP1123', `Parent Service ${key} does not exist`, route);
      }
    }
    for (const rule of spec.rules ?? []) {
      for (const backend of rule?.backendRefs ?? []) {
        if (!isCoreService(backend)) continue;
        const namespace = backend.namespace ?? route.namespace;
        const key = `${namespace}/${backend.name}`;
        if (!index.services.has(key)) {
          report.report(
            'MP1123',
            `Backend Service ${key} does not exist`,
            route,
          );
        } else if (
          !routeBackendAllowed(index, route, namespace, backend.name)
        ) {
          report.report(
            'MP1123',
            `Backend Service ${key} is in another namespace and no ReferenceGrant there allows ${route.ref.kind}s from ${route.namespace}`,
            route,
          );
        }
      }
    }
  }
}
