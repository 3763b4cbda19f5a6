export { readClusterSources } from './readClusterSources';
export type { KubernetesClusterSourceOptions } from './KubernetesClusterSource';
export { KubernetesClusterSource } from './KubernetesClusterSource';
export { SnapshotClusterSource } from './SnapshotClusterSource';
export type { ClusterSnapshot } from './clusterSnapshotConfig';
export { readClusterSnapshots } from './clusterSnapshotConfig';
export type { ClusterKind } from './clusterKinds';
export { CLUSTER_KINDS, isClusterWorldObject } from './clusterKinds';
