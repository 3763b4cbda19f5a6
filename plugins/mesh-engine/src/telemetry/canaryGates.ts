import type { IndexedObject, MeshIndex } from '../analysis/meshIndex';
import type { Reporter } from '../analysis/report';

export const isGrpcName = (name: unknown) =>
  typeof name === 'string' && (name === 'grpc' || name.startsWith('grpc-'));

/**
 * Whether the Canary's service speaks gRPC: the Canary's own `appProtocol`
 * or `portName`, the routed port of its Service, or the target's container
 * port it routes to (Flagger rewrites the apex Service's port name to
 * `portName`, default `http`, so the container's name is what is left).
 */
export function isGrpcCanary(index: MeshIndex, canary: IndexedObject): boolean {
  const spec = canary.object.spec ?? {};
  const service = spec.service ?? {};
  if (service.appProtocol === 'grpc' || isGrpcName(service.portName))
    return true;
  const routed = (port: any) =>
    port?.port === service.port ||
    port?.containerPort === (service.targetPort ?? service.port) ||
    (typeof service.targetPort === 'string' &&
      port?.name === service.targetPort);
  const name = service.name ?? spec.targetRef?.name;
  const servicePorts = index.services.get(`${canary.namespace}/${String(name)}`)
    ?.object.spec?.ports;
  if (
    Array.isArray(servicePorts) &&
    servicePorts.some(
      p => routed(p) && (p.appProtocol === 'grpc' || isGrpcName(p.name)),
    )
  )
    return true;
  const target = index
    .workloadsIn(canary.namespace)
    .find(
      w =>
        w.ref.kind === spec.targetRef?.kind &&
        w.ref.name === spec.targetRef?.name,
    );
  const containers = target?.object.spec?.template?.spec?.containers;
  return (
    Array.isArray(containers) &&
    containers.some(
      c =>
        Array.isArray(c?.ports) &&
        c.ports.some((p: any) => routed(p) && isGrpcName(p.name)),
    )
  );
}

/**
 * MP1403: Flagger's built-in `request-success-rate` on a gRPC service. It
 * counts non-5xx responses as successes, and gRPC fails with HTTP 200 and a
 * `grpc-status`, so the gate passes a release that fails every call.
 */
export function checkCanaryGates(index: MeshIndex, report: Reporter) {
  for (const canary of index.ofKind('flagger.app/Canary')) {
    const metrics = canary.object.spec?.analysis?.metrics;
    if (!Array.isArray(metrics)) continue;
    const builtIn = metrics.some(
      m => m?.name === 'request-success-rate' && !m.templateRef,
    );
    if (builtIn && isGrpcCanary(index, canary)) {
      report.report(
        'MP1403',
        "The analysis gates on Flagger's built-in request-success-rate, which counts every non-5xx response as a success, but the service speaks gRPC: gRPC failures arrive as HTTP 200 with a grpc-status, so a release that fails every call is promoted. Gate on a MetricTemplate that counts the server-fault gRPC codes, as the SLO does",
        canary,
      );
    }
  }
}
