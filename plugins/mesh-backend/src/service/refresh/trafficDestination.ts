import type {
  ClusterMeshState,
  ObservedTraffic,
} from '@meshpath/plugin-mesh-common';
import type { TrafficDestination } from '../../traffic/ObservedTrafficSnapshot';

/** The fleet's observed traffic of one measurements cycle, answered per destination (an `ObservedTrafficSnapshot`). */
export interface TrafficSource {
  trafficTo(destination: TrafficDestination): ObservedTraffic;
}

/** How telemetry names an entity: its workloads and its Services' hosts in the clusters of its state. */
export function destinationOf(
  clusters: ClusterMeshState[],
): TrafficDestination {
  return {
    workloads: clusters.flatMap(c =>
      c.workloads.map(w => ({ namespace: w.namespace, name: w.name })),
    ),
    hosts: clusters.flatMap(c => c.services.flatMap(s => s.hosts)),
  };
}
