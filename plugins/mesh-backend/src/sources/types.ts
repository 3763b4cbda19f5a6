import type { SourceError } from '@meshpath/plugin-mesh-common';

/**
 * A Kubernetes object as the sources hand it to the engine. Same shape as
 * `KubernetesObject` of `@meshpath/plugin-mesh-node`; switch to that type
 * once the engine package exports it.
 * @public
 */
export type MeshKubernetesObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
  status?: any;
};

/** Objects one cluster returned for an entity, and what failed there. @public */
export interface ClusterObjects {
  cluster: string;
  objects: MeshKubernetesObject[];
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
