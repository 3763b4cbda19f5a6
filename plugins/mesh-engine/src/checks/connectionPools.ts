import { resolveHost } from '../analysis/hosts';
import type { IndexedObject } from '../analysis/meshIndex';
import { isRecord } from '../objects';
import type { CheckContext } from './context';
import { HTTP2_PROTOCOLS, portProtocol } from './portProtocol';

/** A pool that caps TCP connections but not requests: on HTTP/2 every request shares one connection, so nothing is capped. */
const capsOnlyConnections = (pool: unknown) =>
  isRecord(pool) &&
  isRecord(pool.tcp) &&
  pool.tcp.maxConnections !== undefined &&
  !(isRecord(pool.http) && pool.http.http2MaxRequests !== undefined);

/** The connection pool in force on a port: a port-level one replaces the policy's. */
function poolOnPort(policy: any, port: number): unknown {
  const portLevel = (
    Array.isArray(policy?.portLevelSettings) ? policy.portLevelSettings : []
  ).find((setting: any) => Number(setting?.port?.number) === port);
  return isRecord(portLevel?.connectionPool)
    ? portLevel.connectionPool
    : policy?.connectionPool;
}

function report(
  context: CheckContext,
  object: IndexedObject,
  where: string,
  port: number,
  protocol: string,
) {
  context.report.report(
    'MP1129',
    `${where} caps tcp.maxConnections but not http.http2MaxRequests on port ${port} (${protocol}): its requests share one HTTP/2 connection, so no request limit applies`,
    object,
  );
}

/** MP1129: connection pools of DestinationRules and Canaries that limit nothing on an HTTP/2 or gRPC port. */
export function checkConnectionPools(context: CheckContext) {
  const { index } = context;
  for (const rule of index.istio('DestinationRule')) {
    const spec = rule.object.spec ?? {};
    if (typeof spec.host !== 'string') continue;
    const service = index.serviceOfHost(resolveHost(spec.host, rule.namespace));
    const ports: unknown[] = Array.isArray(service?.object.spec?.ports)
      ? service!.object.spec.ports
      : [];
    const policies: Array<[string, unknown]> = [
      ['trafficPolicy', spec.trafficPolicy],
      ...(Array.isArray(spec.subsets) ? spec.subsets : []).map(
        (subset: any): [string, unknown] => [
          `subset ${subset?.name}`,
          subset?.trafficPolicy,
        ],
      ),
    ];
    for (const port of ports) {
      if (!isRecord(port)) continue;
      const protocol = portProtocol(port);
      if (!protocol || !HTTP2_PROTOCOLS.has(protocol)) continue;
      for (const [where, policy] of policies)
        if (
          isRecord(policy) &&
          capsOnlyConnections(poolOnPort(policy, Number(port.port)))
        )
          report(context, rule, where, Number(port.port), protocol);
    }
  }
  for (const canary of index.ofKind('flagger.app/Canary')) {
    const service = canary.object.spec?.service;
    if (!isRecord(service)) continue;
    // The port Flagger writes: named portName (default http), with the Canary's appProtocol.
    const protocol = portProtocol({
      name: service.portName ?? 'http',
      appProtocol: service.appProtocol,
    });
    if (!protocol || !HTTP2_PROTOCOLS.has(protocol)) continue;
    const port = Number(service.port);
    if (capsOnlyConnections(poolOnPort(service.trafficPolicy, port)))
      report(context, canary, 'service.trafficPolicy', port, protocol);
  }
}
