export { readClusterSources } from './readClusterSources';
export { KubernetesClusterSource } from './KubernetesClusterSource';
