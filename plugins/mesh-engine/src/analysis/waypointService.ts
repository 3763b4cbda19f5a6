import type { IndexedObject } from './meshIndex';

/** The controller label Istio puts on what it deploys for a waypoint Gateway. */
const WAYPOINT_CONTROLLER = 'istio.io-mesh-controller';

/**
 * Whether a Service is the one Istio deploys in front of a waypoint proxy:
 * mesh infrastructure, not an application a team owns. Istio labels it with
 * its controller (and, as its Gateway's infrastructure labels, the waypoint's
 * class or `istio.io/waypoint-for`) and it selects the waypoint Gateway's pods.
 * `waypoints` are the waypoint Gateways by `namespace/name` (`waypointsOf`).
 */
export function isWaypointService(
  service: IndexedObject,
  waypoints: Map<string, string>,
): boolean {
  const labels = service.object.metadata.labels ?? {};
  if (
    labels['gateway.istio.io/managed'] === WAYPOINT_CONTROLLER ||
    labels['gateway.networking.k8s.io/gateway-class-name'] ===
      'istio-waypoint' ||
    typeof labels['istio.io/waypoint-for'] === 'string'
  )
    return true;
  const gateway =
    service.object.spec?.selector?.['gateway.networking.k8s.io/gateway-name'];
  return (
    typeof gateway === 'string' &&
    waypoints.has(`${service.namespace}/${gateway}`)
  );
}
