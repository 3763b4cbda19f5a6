import type { ClusterWorld } from '@meshpath/plugin-mesh-node';
import { LOCATING_KINDS } from './attribution';

/**
 * Whether a service not found in this world may still run in the cluster:
 * the world is partial and lacks a kind services are found by (workloads,
 * Pods, Services), or its source cannot say which kinds it lacks. Such a
 * service keeps its last part of the cluster, with the reason; one found
 * nowhere in a world that lacks none of those kinds is gone from it.
 */
export function mayHoldUnseen(world: ClusterWorld): boolean {
  if (world.errors.length === 0) return false;
  return (
    world.unreadKinds === undefined ||
    world.unreadKinds.some(kind => LOCATING_KINDS.has(kind))
  );
}

/** A world's errors as a state carries them: the cluster as their source. */
export const clusterErrors = (world: ClusterWorld) =>
  world.errors.map(message => ({
    source: `cluster:${world.cluster}`,
    message,
  }));
