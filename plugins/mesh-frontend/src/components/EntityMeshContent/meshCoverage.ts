import { Entity } from '@backstage/catalog-model';
import { EntityMeshState, SourceError } from '@meshpath/plugin-mesh-common';

/** Annotations that tell Meshpath where a service runs or what it declares. */
const COVERING_ANNOTATIONS = [
  'backstage.io/kubernetes-id',
  'backstage.io/kubernetes-label-selector',
];

/** Whether the entity asks Meshpath to cover it: a `meshpath.io/` or Kubernetes annotation. */
export function hasMeshAnnotations(entity: Entity): boolean {
  return Object.keys(entity.metadata.annotations ?? {}).some(
    key => key.startsWith('meshpath.io/') || COVERING_ANNOTATIONS.includes(key),
  );
}

/** The conditions the Mesh tab states above its cards. */
export interface MeshConditions {
  /** Clusters whose read failed, by name; the rest are shown. */
  failedClusters: string[];
  /** The list of clusters itself failed. */
  kubernetesError?: SourceError;
  /** No cluster was read and none failed: none is configured. */
  noCluster: boolean;
  /** Prometheus could not be read: traffic and SLOs are unknown. */
  prometheusUnknown?: string;
}

/** What the Mesh tab says above its cards, from the state's errors. */
export function meshConditions(state: EntityMeshState): MeshConditions {
  const errors = [...state.errors, ...state.clusters.flatMap(c => c.errors)];
  const failedClusters = [
    ...new Set(
      errors
        .filter(e => e.source.startsWith('cluster:'))
        .map(e => e.source.slice('cluster:'.length)),
    ),
  ];
  const kubernetesError = errors.find(e => e.source === 'kubernetes');
  const prometheus = errors.find(e => e.source === 'prometheus');
  return {
    failedClusters,
    kubernetesError,
    noCluster:
      state.clusters.length === 0 &&
      failedClusters.length === 0 &&
      !kubernetesError,
    prometheusUnknown:
      prometheus?.message ??
      (state.traffic?.state === 'unknown'
        ? state.traffic.reason ?? ''
        : undefined),
  };
}

const CLUSTER_SOURCE = 'cluster:';

/**
 * Why each failed cluster could not be read, once per reason: the message
 * without the cluster's name in front when the source already put it there
 * (the panel's line names the cluster once).
 */
export function clusterErrors(
  state: EntityMeshState,
): Array<{ cluster: string; message: string }> {
  const lines = new Map<string, { cluster: string; message: string }>();
  for (const e of [...state.errors, ...state.clusters.flatMap(c => c.errors)]) {
    if (!e.source.startsWith(CLUSTER_SOURCE)) continue;
    const cluster = e.source.slice(CLUSTER_SOURCE.length);
    const message = e.message.startsWith(`${cluster}: `)
      ? e.message.slice(cluster.length + 2)
      : e.message;
    lines.set(`${cluster}\u0000${message}`, { cluster, message });
  }
  return [...lines.values()];
}
