import type { KubernetesObject } from '@meshpath/plugin-mesh-common';
import type {
  ClusterWorld,
  ClusterWorldSource,
} from '@meshpath/plugin-mesh-node';

/** What a service's manifests may refer to outside its repository, from the live clusters. */
export interface MeshContextAnswer {
  clusters: string[];
  objects: KubernetesObject[];
  /** Clusters or sources that could not be read, one line each. */
  errors: string[];
}

/** Kinds read everywhere: what a service's routes, policies and callers name. */
const meshWideKinds = new Set([
  'Namespace',
  'ServiceAccount',
  'Service',
  'ServiceEntry',
  'Gateway',
]);
/** Kinds read in the service's own namespaces and the root namespace: the other services and namespace-wide policy there. */
const namespaceKinds = new Set([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'PeerAuthentication',
  'AuthorizationPolicy',
  'RequestAuthentication',
  'DestinationRule',
  'VirtualService',
  'Sidecar',
  'NetworkPolicy',
]);

/** Only what the analysis reads: no status, no managed fields, no annotations beyond Istio's. */
function slim(object: KubernetesObject): KubernetesObject {
  const { name, namespace, labels } = object.metadata;
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      name,
      ...(namespace ? { namespace } : {}),
      ...(labels ? { labels } : {}),
    },
    ...(object.spec !== undefined ? { spec: object.spec } : {}),
  } as KubernetesObject;
}

/**
 * Serves the live mesh around a service to the scaffolder's validation:
 * namespaces, service accounts, services and gateways of every cluster, and
 * workloads and policy in the service's namespaces and the root namespace.
 * Cluster reads are kept for `ttlMs`, so a batch of onboardings reads each
 * cluster once.
 */
export class MeshContextReader {
  private readonly worlds = new Map<
    string,
    { at: number; world: Promise<ClusterWorld[]> }
  >();

  constructor(
    private readonly options: {
      sources: ClusterWorldSource[];
      rootNamespace: string;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  async read(namespaces: string[]): Promise<MeshContextAnswer> {
    const wanted = new Set([...namespaces, this.options.rootNamespace]);
    const answer: MeshContextAnswer = { clusters: [], objects: [], errors: [] };
    for (const source of this.options.sources) {
      let worlds: ClusterWorld[];
      try {
        worlds = await this.worldsOf(source);
      } catch (error) {
        answer.errors.push(`${source.name}: ${messageOf(error)}`);
        continue;
      }
      for (const world of worlds) {
        answer.clusters.push(world.cluster);
        answer.errors.push(...world.errors.map(e => `${world.cluster}: ${e}`));
        for (const object of world.objects) {
          const namespace = object.metadata?.namespace;
          if (
            meshWideKinds.has(object.kind) ||
            (namespaceKinds.has(object.kind) &&
              namespace !== undefined &&
              wanted.has(namespace))
          )
            answer.objects.push(slim(object));
        }
      }
    }
    return answer;
  }

  private worldsOf(source: ClusterWorldSource): Promise<ClusterWorld[]> {
    const now = (this.options.now ?? Date.now)();
    const kept = this.worlds.get(source.name);
    if (kept && now - kept.at < (this.options.ttlMs ?? 60_000))
      return kept.world;
    const world = source
      .listClusters()
      .then(clusters => Promise.all(clusters.map(c => source.readCluster(c))));
    // A failed read is not kept: the next request tries again.
    world.catch(() => this.worlds.delete(source.name));
    this.worlds.set(source.name, { at: now, world });
    return world;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
