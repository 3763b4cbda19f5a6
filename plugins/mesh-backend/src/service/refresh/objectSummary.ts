import type {
  KubernetesObject,
  ObjectSummary,
  RouteSummary,
} from '@meshpath/plugin-mesh-common';

const isRecord = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] | undefined => {
  const list = Array.isArray(v)
    ? v.filter((s): s is string => typeof s === 'string')
    : [];
  return list.length > 0 ? list : undefined;
};
const text = (v: unknown): string | undefined =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
const num = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';

// Objects come from clusters and Git: long lists are cut so one state stays small.
const MAX_ITEMS = 50;
const capped = <T>(items: T[] | undefined) => items?.slice(0, MAX_ITEMS);

/** A match block in one line: `uri prefix /api, header x-canary exact true`. */
function matchText(matches: unknown): string | undefined {
  if (!Array.isArray(matches) || matches.length === 0) return undefined;
  const parts = matches.filter(isRecord).map(m =>
    Object.entries(m)
      .map(([field, value]) => {
        if (isRecord(value)) {
          const [op, v] = Object.entries(value)[0] ?? [];
          if (op && !isRecord(v)) return `${field} ${op} ${v}`;
          return `${field} ${Object.entries(value)
            .map(([k, c]) =>
              isRecord(c)
                ? `${k} ${Object.entries(c)
                    .map(([o, x]) => `${o} ${x}`)
                    .join(' ')}`
                : `${k}=${c}`,
            )
            .join(', ')}`;
        }
        return `${field} ${value}`;
      })
      .join(', '),
  );
  return parts.join(' or ').slice(0, 300) || undefined;
}

function istioRoutes(spec: Record<string, any>): RouteSummary[] {
  const routes: RouteSummary[] = [];
  for (const section of ['http', 'tcp', 'tls']) {
    for (const route of Array.isArray(spec[section]) ? spec[section] : []) {
      if (!isRecord(route)) continue;
      const retries = isRecord(route.retries)
        ? {
            ...(num(route.retries.attempts) !== undefined
              ? { attempts: num(route.retries.attempts) }
              : {}),
            ...(text(route.retries.perTryTimeout)
              ? { perTryTimeout: text(route.retries.perTryTimeout) }
              : {}),
            ...(text(route.retries.retryOn)
              ? { retryOn: text(route.retries.retryOn) }
              : {}),
          }
        : undefined;
      const match = matchText(route.match);
      routes.push({
        ...(match ? { match } : {}),
        destinations: (Array.isArray(route.route) ? route.route : [])
          .filter((r: any) => typeof r?.destination?.host === 'string')
          .map((r: any) => ({
            host: r.destination.host,
            ...(text(r.destination.subset)
              ? { subset: text(r.destination.subset) }
              : {}),
            ...(num(r.destination.port?.number) !== undefined
              ? { port: num(r.destination.port.number) }
              : {}),
            ...(num(r.weight) !== undefined ? { weight: num(r.weight) } : {}),
          })),
        ...(text(route.timeout) ? { timeout: text(route.timeout) } : {}),
        ...(retries ? { retries } : {}),
      });
    }
  }
  return routes;
}

function gatewayApiRoutes(spec: Record<string, any>): RouteSummary[] {
  return (Array.isArray(spec.rules) ? spec.rules : [])
    .filter(isRecord)
    .map((rule: Record<string, any>) => {
      const match = matchText(rule.matches);
      const timeout = text(rule.timeouts?.request);
      return {
        ...(match ? { match } : {}),
        destinations: (Array.isArray(rule.backendRefs) ? rule.backendRefs : [])
          .filter((b: any) => typeof b?.name === 'string')
          .map((b: any) => ({
            host: b.namespace ? `${b.name}.${b.namespace}` : b.name,
            ...(num(b.port) !== undefined ? { port: num(b.port) } : {}),
            ...(num(b.weight) !== undefined ? { weight: num(b.weight) } : {}),
          })),
        ...(timeout ? { timeout } : {}),
      };
    });
}

/** The fields of an object people read on the service page, by kind. */
function fieldsOf(o: KubernetesObject): Partial<ObjectSummary> {
  const spec = isRecord(o.spec) ? o.spec : {};
  const key = `${groupOf(o.apiVersion)}/${o.kind}`;
  switch (key) {
    case 'networking.istio.io/VirtualService':
      return {
        hosts: capped(strings(spec.hosts)),
        gateways: capped(strings(spec.gateways)) ?? ['mesh'],
        routes: capped(istioRoutes(spec)),
      };
    case 'networking.istio.io/DestinationRule': {
      const tls = text(spec.trafficPolicy?.tls?.mode);
      return {
        hosts: strings([spec.host]),
        subsets: capped(
          (Array.isArray(spec.subsets) ? spec.subsets : [])
            .filter((s: any) => typeof s?.name === 'string')
            .map((s: any) => ({
              name: s.name,
              ...(isRecord(s.labels) ? { labels: s.labels } : {}),
            })),
        ),
        ...(tls ? { tlsMode: tls } : {}),
      };
    }
    case 'networking.istio.io/ServiceEntry':
      return { hosts: capped(strings(spec.hosts)) };
    case 'networking.istio.io/Gateway':
      return {
        hosts: capped(
          (Array.isArray(spec.servers) ? spec.servers : []).flatMap(
            (s: any) => strings(s?.hosts) ?? [],
          ),
        ),
      };
    case 'gateway.networking.k8s.io/HTTPRoute':
    case 'gateway.networking.k8s.io/GRPCRoute':
      return {
        hosts: capped(strings(spec.hostnames)),
        gateways: capped(
          (Array.isArray(spec.parentRefs) ? spec.parentRefs : [])
            .filter((p: any) => typeof p?.name === 'string')
            .map((p: any) =>
              p.namespace ? `${p.namespace}/${p.name}` : p.name,
            ),
        ),
        routes: capped(gatewayApiRoutes(spec)),
      };
    case 'flagger.app/Canary': {
      const status = isRecord(o.status) ? o.status : {};
      return {
        canary: {
          ...(text(status.phase) ? { phase: text(status.phase) } : {}),
          ...(num(status.canaryWeight) !== undefined
            ? { weight: num(status.canaryWeight) }
            : {}),
          ...(num(status.failedChecks) !== undefined
            ? { failedChecks: num(status.failedChecks) }
            : {}),
        },
      };
    }
    default:
      return {};
  }
}

/** An object as the service page lists it; `undefined` fields are left out. */
export function summariseObject(
  o: KubernetesObject,
  cluster: string,
  relation: ObjectSummary['relation'],
  findings: number,
): ObjectSummary {
  const fields = Object.fromEntries(
    Object.entries(fieldsOf(o)).filter(([, v]) => v !== undefined),
  );
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
    name: o.metadata.name,
    cluster,
    relation,
    ...fields,
    findings,
  };
}
