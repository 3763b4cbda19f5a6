import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type {
  KubernetesObject,
  SourceError,
} from '@meshpath/plugin-mesh-common';

/** Objects one cluster returned for an entity, and what failed there. @public */
export interface ClusterObjects {
  cluster: string;
  objects: KubernetesObject[];
  errors: string[];
}

/** What a live source found for an entity; partial when some clusters failed. @public */
export interface LiveObjects {
  clusters: ClusterObjects[];
  /** Failures of the source as a whole (for example a timeout). */
  errors: SourceError[];
}

/** Finds the live mesh objects of a catalog entity. @public */
export interface LiveObjectSource {
  readonly name: string;
  fetchObjects(entityRef: string): Promise<LiveObjects>;
  /** Mesh-wide policy (root-namespace PeerAuthentications and AuthorizationPolicies), fetched once per refresh. */
  fetchMeshWide?(): Promise<LiveObjects>;
}

/**
 * The live state of one cluster, listed cluster-wide: every kind the engine
 * understands, whatever service it belongs to.
 * @public
 */
export interface ClusterWorld {
  cluster: string;
  objects: KubernetesObject[];
  /** What could not be read; when there are any, the world is partial. */
  errors: string[];
  /**
   * The kinds a partial world lacks, as `group/Kind` (`/Service` for the core
   * group): a service whose objects are of these kinds may be in the cluster
   * unseen. Absent when the source cannot tell which kinds it missed.
   */
  unreadKinds?: string[];
  /** Requests made to the cluster to read it (list pages); 0 for a snapshot. */
  listCalls: number;
}

/** Options of a {@link ClusterWorldSource} read. @public */
export interface ClusterWorldReadOptions {
  /** Stops the read; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Reads whole clusters, one at a time, in a bounded number of requests per
 * cluster (never one per service).
 * @public
 */
export interface ClusterWorldSource {
  readonly name: string;
  /** Names of the clusters this source can read. */
  listClusters(options?: ClusterWorldReadOptions): Promise<string[]>;
  /**
   * The world of one cluster. A cluster that fails answers with errors (and
   * whatever was read), it does not reject; only an abort rejects.
   */
  readCluster(
    cluster: string,
    options?: ClusterWorldReadOptions,
  ): Promise<ClusterWorld>;
}

/**
 * Lets backend modules add sources of live mesh objects to the mesh backend plugin.
 * @public
 */
export interface MeshSourcesExtensionPoint {
  addLiveSource(...sources: Array<LiveObjectSource | LiveObjectSource[]>): void;
  /** Adds sources of whole clusters, each read once per refresh and analysed as one world. */
  addClusterSource(
    ...sources: Array<ClusterWorldSource | ClusterWorldSource[]>
  ): void;
}

/** The extension point behind {@link MeshSourcesExtensionPoint}. @public */
export const meshSourcesExtensionPoint =
  createExtensionPoint<MeshSourcesExtensionPoint>({ id: 'mesh.sources' });
