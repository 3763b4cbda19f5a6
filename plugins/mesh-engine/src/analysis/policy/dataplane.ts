import type { Dataplane, WaypointBinding } from '@meshpath/plugin-mesh-common';
import { isRecord } from '../../objects';
import type { IndexedObject, MeshIndex, Workload } from '../meshIndex';

/** The pod template of a workload (a bare Pod is its own template). */
export function podTemplateOf(workload: Workload): {
  annotations: Record<string, string>;
  spec: Record<string, any>;
} {
  const object = workload.object;
  const template =
    object.kind === 'Pod'
      ? { metadata: object.metadata, spec: object.spec }
      : object.spec?.template;
  return {
    annotations: isRecord(template?.metadata?.annotations)
      ? template.metadata.annotations
      : {},
    spec: isRecord(template?.spec) ? template.spec : {},
  };
}

/**
 * How a workload joins the mesh, by Istio's injection and ambient labels:
 * an injected sidecar wins (a pod with a sidecar is not captured by
 * ztunnel), then the pod's `istio.io/dataplane-mode`, then the namespace's.
 */
export function dataplaneOf(
  workload: Workload,
  namespace: IndexedObject | undefined,
): Dataplane {
  const labels = workload.labels;
  const template = podTemplateOf(workload);
  const containers: unknown[] = Array.isArray(template.spec.containers)
    ? template.spec.containers
    : [];
  if (
    template.annotations['sidecar.istio.io/status'] ||
    containers.some(c => isRecord(c) && c.name === 'istio-proxy')
  )
    return 'sidecar';
  const inject = labels['sidecar.istio.io/inject'];
  const namespaceLabels = namespace?.object.metadata.labels ?? {};
  const namespaceInjects =
    namespaceLabels['istio-injection'] === 'enabled' ||
    (typeof namespaceLabels['istio.io/rev'] === 'string' &&
      namespaceLabels['istio-injection'] !== 'disabled');
  if (inject === 'true' && namespaceLabels['istio-injection'] !== 'disabled')
    return 'sidecar';
  if (inject !== 'false' && namespaceInjects) return 'sidecar';
  const podMode = labels['istio.io/dataplane-mode'];
  if (podMode === 'none') return 'none';
  if (podMode === 'ambient') return 'ambient';
  if (namespaceLabels['istio.io/dataplane-mode'] === 'ambient')
    return 'ambient';
  return namespace ? 'none' : 'unknown';
}

/** Waypoint Gateways of the input, by `namespace/name`, with the traffic they serve. */
export function waypointsOf(index: MeshIndex): Map<string, string> {
  const waypoints = new Map<string, string>();
  for (const gateway of index.ofKind('gateway.networking.k8s.io/Gateway')) {
    const serves = gateway.object.metadata.labels?.['istio.io/waypoint-for'];
    if (gateway.object.spec?.gatewayClassName !== 'istio-waypoint' && !serves)
      continue;
    waypoints.set(
      `${gateway.namespace}/${gateway.ref.name}`,
      typeof serves === 'string' ? serves : 'service',
    );
  }
  return waypoints;
}

/**
 * The waypoint an object (Service or workload) uses: its own
 * `istio.io/use-waypoint` label, else its namespace's; `none` opts out.
 */
export function waypointBinding(
  own: Record<string, string> | undefined,
  namespace: IndexedObject | undefined,
  objectNamespace: string,
  boundBy: 'service' | 'workload',
  waypoints: Map<string, string>,
): WaypointBinding | undefined {
  const namespaceLabels = namespace?.object.metadata.labels ?? {};
  const [labels, by] = own?.['istio.io/use-waypoint']
    ? [own, boundBy]
    : [namespaceLabels, 'namespace' as const];
  const name = labels['istio.io/use-waypoint'];
  if (!name || name === 'none') return undefined;
  const waypointNamespace =
    labels['istio.io/use-waypoint-namespace'] || objectNamespace;
  const serves = waypoints.get(`${waypointNamespace}/${name}`);
  const kind = boundBy === 'service' ? 'service' : 'workload';
  return {
    name,
    namespace: waypointNamespace,
    boundBy: by,
    found: serves === kind || serves === 'all',
  };
}
