import type {
  KubernetesObject,
  SourcedObject,
} from '@meshpath/plugin-mesh-common';
import { objectRef } from '@meshpath/mesh-engine';

/**
 * The live mesh around a service: what its manifests may refer to that its
 * repository does not hold (gateways, callers' namespaces and service
 * accounts, other services, mesh-wide policy), as the mesh backend last read it.
 * @public
 */
export interface MeshContext {
  objects: KubernetesObject[];
  /** Clusters read, for the log. */
  clusters: string[];
  /** Clusters or sources that could not be read. */
  errors?: string[];
}

/** Reads the live mesh around a service; rejects when the mesh backend cannot answer. @public */
export type MeshContextSource = (request: {
  namespaces: string[];
}) => Promise<MeshContext>;

/**
 * Codes that say a reference leads nowhere. Run on a repository alone, the
 * target may simply live elsewhere: then the finding is an assumption, not an error.
 */
export const REFERENCE_CODES = new Set([
  'MP1101', // route host matches no Service
  'MP1103', // VirtualService names a Gateway that does not exist
  'MP1107', // subset labels match no workload
  'MP1108', // DestinationRule host matches no Service
  'MP1114', // policy selector matches no workload
  'MP1117', // source namespace does not exist
  'MP1119', // principal names a service account that does not exist
  'MP1122', // HTTPRoute's Gateway does not exist
  'MP1123', // HTTPRoute backend does not exist
  'MP1202', // Canary's Deployment does not exist
]);

/**
 * The live mesh around the repository's namespaces, or undefined with a note
 * saying why: validation still runs on the repository alone.
 */
export async function readMeshContext(
  source: MeshContextSource | undefined,
  objects: SourcedObject[],
  notes: string[],
): Promise<MeshContext | undefined> {
  if (!source) {
    notes.push(
      'The live mesh was not consulted: references out of the repository are assumptions',
    );
    return undefined;
  }
  const namespaces = [
    ...new Set(objects.flatMap(item => objectRef(item.object).namespace ?? [])),
  ].sort();
  try {
    const context = await source({ namespaces });
    for (const error of context.errors ?? [])
      notes.push(`The live mesh was read in part: ${error}`);
    if (context.clusters.length === 0) {
      notes.push(
        'The mesh backend reads no cluster: references out of the repository are assumptions',
      );
      return undefined;
    }
    return context;
  } catch (error) {
    // The mesh backend helps validation; it is not a dependency of it.
    notes.push(
      `The live mesh could not be read (${
        error instanceof Error ? error.message : String(error)
      }): references out of the repository are assumptions`,
    );
    return undefined;
  }
}
