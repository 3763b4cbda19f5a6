import type {
  AuthService,
  DiscoveryService,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { ClusterWorldSource } from '@meshpath/plugin-mesh-node';
import { readClusterSnapshots } from './clusterSnapshotConfig';
import { KubernetesClusterSource } from './KubernetesClusterSource';
import { SnapshotClusterSource } from './SnapshotClusterSource';

/**
 * The cluster sources app-config asks for: the snapshots of
 * `mesh.clusterSnapshots`, then every cluster of the Kubernetes backend
 * unless `mesh.kubernetes.enabled` is false. A snapshot takes the place of a
 * Kubernetes backend cluster of the same name. Throws for invalid config.
 */
export function readClusterSources(
  config: Config,
  deps: {
    auth: AuthService;
    discovery: DiscoveryService;
    urlReader: UrlReaderService;
  },
): ClusterWorldSource[] {
  const snapshots = readClusterSnapshots(config);
  const sources: ClusterWorldSource[] = [];
  if (snapshots.length > 0) {
    sources.push(
      new SnapshotClusterSource({ snapshots, urlReader: deps.urlReader }),
    );
  }
  if (config.getOptionalBoolean('mesh.kubernetes.enabled') !== false) {
    sources.push(
      new KubernetesClusterSource({
        auth: deps.auth,
        discovery: deps.discovery,
        excludeClusters: snapshots.map(s => s.name),
      }),
    );
  }
  return sources;
}
