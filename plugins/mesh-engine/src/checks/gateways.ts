import type { IndexedObject } from '../analysis/meshIndex';
import { isRecord } from '../objects';
import type { CheckContext } from './context';

const selectorKey = (selector: unknown) =>
  isRecord(selector)
    ? Object.entries(selector)
        .map(([k, v]) => `${k}=${v}`)
        .sort()
        .join(',')
    : '';

export function checkGatewayConflicts(context: CheckContext) {
  const { index, report } = context;
  const bindings = new Map<string, IndexedObject>();
  for (const gateway of index.istio('Gateway')) {
    const workload = selectorKey(gateway.object.spec?.selector);
    const reported = new Set<string>();
    for (const server of gateway.object.spec?.servers ?? []) {
      const port = server?.port?.number;
      for (const rawHost of server?.hosts ?? []) {
        const host = String(rawHost).includes('/')
          ? String(rawHost).split('/')[1]
          : String(rawHost);
        const key = `${workload}|${port}|${host}`;
        const previous = bindings.get(key);
        if (previous && previous !== gateway && !reported.has(key)) {
          reported.add(key);
          report.report(
            'MP1121',
            `Port ${port} host ${host} on workload ${
              workload || '(all)'
            } is also bound by Gateway ${previous.namespace}/${
              previous.ref.name
            }`,
            gateway,
          );
        } else if (!previous) {
          bindings.set(key, gateway);
        }
      }
    }
  }
}

export function checkGatewayApiRoutes(context: CheckContext) {
  const { index, report } = context;
  const gateways = new Set(
    index
      .ofKind('gateway.networking.k8s.io/Gateway')
      .map(g => `${g.namespace}/${g.ref.name}`),
  );
  const routes = [
    ...index.ofKind('gateway.networking.k8s.io/HTTPRoute'),
    ...index.ofKind('gateway.networking.k8s.io/GRPCRoute'),
  ];
  for (const route of routes) {
    const spec = route.object.spec ?? {};
    for (const parent of spec.parentRefs ?? []) {
      const kind = parent?.kind ?? 'Gateway';
      const key = `${parent?.namespace ?? route.namespace}/${parent?.name}`;
      if (kind === 'Gateway' && !gateways.has(key)) {
        report.report('MP1122', `Parent Gateway ${key} does not exist`, route);
      }
    }
    for (const rule of spec.rules ?? []) {
      for (const backend of rule?.backendRefs ?? []) {
        if (
          (backend?.kind ?? 'Service') !== 'Service' ||
          (backend?.group ?? '') !== ''
        )
          continue;
        const key = `${backend?.namespace ?? route.namespace}/${backend?.name}`;
        if (!index.services.has(key)) {
          report.report(
            'MP1123',
            `Backend Service ${key} does not exist`,
            route,
          );
        }
      }
    }
  }
}
