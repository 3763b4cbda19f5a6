import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { SourceError } from '@meshpath/plugin-mesh-common';
import type { KubernetesObject } from './objects';

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
 * Lets backend modules add sources of live mesh objects to the mesh backend plugin.
 * @public
 */
export interface MeshSourcesExtensionPoint {
  addLiveSource(...sources: Array<LiveObjectSource | LiveObjectSource[]>): void;
}

/** The extension point behind {@link MeshSourcesExtensionPoint}. @public */
export const meshSourcesExtensionPoint =
  createExtensionPoint<MeshSourcesExtensionPoint>({ id: 'mesh.sources' });
