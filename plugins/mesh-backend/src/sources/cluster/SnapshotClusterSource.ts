import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type {
  ClusterWorld,
  ClusterWorldReadOptions,
  ClusterWorldSource,
} from '@meshpath/plugin-mesh-node';
import { ManifestBudget } from '../manifestBudget';
import { parseManifestFiles } from '../manifestParsing';
import { isClusterWorldObject, withoutManagedFields } from './clusterKinds';
import type { ClusterSnapshot } from './clusterSnapshotConfig';
import { readSnapshotFiles } from './snapshotFiles';

/**
 * Clusters served from exports of their objects (what `kubectl get … -A -o
 * yaml` writes; `List` documents are unwrapped), for clusters the backend
 * cannot reach and for the embedded default. Only the configured locations
 * are read, within their limits; messages name files and lines, never their
 * contents. Objects of kinds the engine does not read are left out.
 */
export class SnapshotClusterSource implements ClusterWorldSource {
  readonly name = 'snapshot';
  private readonly snapshots: Map<string, ClusterSnapshot>;

  constructor(
    private readonly options: {
      snapshots: ClusterSnapshot[];
      urlReader: UrlReaderService;
    },
  ) {
    this.snapshots = new Map(options.snapshots.map(s => [s.name, s]));
  }

  async listClusters(): Promise<string[]> {
    return [...this.snapshots.keys()];
  }

  async readCluster(
    cluster: string,
    options: ClusterWorldReadOptions = {},
  ): Promise<ClusterWorld> {
    const { signal } = options;
    signal?.throwIfAborted();
    const world: ClusterWorld = {
      cluster,
      objects: [],
      errors: [],
      listCalls: 0,
    };
    const snapshot = this.snapshots.get(cluster);
    if (!snapshot) {
      world.errors.push(
        `${cluster}: no cluster snapshot of that name is configured`,
      );
      return world;
    }
    const budget = new ManifestBudget(snapshot.limits);
    let files: Awaited<ReturnType<typeof readSnapshotFiles>> = [];
    let failure: string | undefined;
    try {
      files = await readSnapshotFiles(
        snapshot,
        budget,
        this.options.urlReader,
        signal,
      );
      if (files.length === 0 && budget.errors.length === 0) {
        failure = 'no .yaml or .yml files in the snapshot';
      }
    } catch (error) {
      signal?.throwIfAborted();
      failure = firstLine(error);
    }
    const parsed = parseManifestFiles(files);
    signal?.throwIfAborted();
    world.objects = parsed.objects
      .filter(isClusterWorldObject)
      .map(withoutManagedFields);
    world.errors = [
      ...(failure ? [failure] : []),
      ...budget.errors.map(e => e.message),
      ...parsed.problems,
    ].map(message => `${cluster}: ${message}`);
    return world;
  }
}

/** The first line of an error, bounded: reader errors name paths, URLs and statuses, not contents. */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split('\n')[0];
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
