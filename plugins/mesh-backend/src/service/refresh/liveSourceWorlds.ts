import type { KubernetesObject } from '@meshpath/plugin-mesh-common';
import type {
  ClusterWorld,
  ClusterWorldSource,
  LiveObjectSource,
} from '@meshpath/plugin-mesh-node';
import { objectKey } from './attribution';
import { messageOf } from './settle';

/** How long one round of per-entity fetches serves every cluster's task. */
const REUSE_MS = 60_000;

/**
 * A per-entity {@link LiveObjectSource} (deprecated: add a ClusterWorldSource
 * with `addClusterSource`) read as whole clusters: every catalog service is
 * fetched once per round, the objects grouped by cluster with the mesh-wide
 * ones, so they are analysed and attributed like any cluster's.
 */
export class LiveSourceWorlds implements ClusterWorldSource {
  readonly name: string;
  private round?: { at: number; worlds: Promise<Map<string, ClusterWorld>> };

  constructor(
    private readonly source: LiveObjectSource,
    private readonly entityRefs: () => Promise<string[]>,
    private readonly concurrency = 10,
  ) {
    this.name = source.name;
  }

  async listClusters(): Promise<string[]> {
    return [...(await this.worlds()).keys()];
  }

  async readCluster(cluster: string): Promise<ClusterWorld> {
    return (
      (await this.worlds()).get(cluster) ?? {
        cluster,
        objects: [],
        errors: [`${this.name} returned no objects for ${cluster}`],
        listCalls: 0,
      }
    );
  }

  private worlds(): Promise<Map<string, ClusterWorld>> {
    const now = Date.now();
    if (!this.round || now - this.round.at > REUSE_MS)
      this.round = { at: now, worlds: this.fetchAll() };
    return this.round.worlds;
  }

  private async fetchAll(): Promise<Map<string, ClusterWorld>> {
    const worlds = new Map<
      string,
      {
        objects: Map<string, KubernetesObject>;
        errors: string[];
        calls: number;
      }
    >();
    const add = (
      answer: Awaited<ReturnType<LiveObjectSource['fetchObjects']>>,
    ) => {
      for (const c of answer?.clusters ?? []) {
        let w = worlds.get(c.cluster);
        if (!w)
          worlds.set(
            c.cluster,
            (w = { objects: new Map(), errors: [], calls: 0 }),
          );
        w.calls += 1;
        for (const o of c.objects ?? []) w.objects.set(objectKey(o), o);
        w.errors.push(...(c.errors ?? []));
      }
    };
    const refs = await this.entityRefs();
    // A failed entity could have had objects anywhere: every cluster's world is partial.
    const failures: string[] = [];
    try {
      if (this.source.fetchMeshWide) add(await this.source.fetchMeshWide());
    } catch {
      // The per-entity answers still make a world; the mesh-wide failure is not one of them.
    }
    let next = 0;
    const worker = async () => {
      while (next < refs.length) {
        const ref = refs[next++];
        try {
          add(await this.source.fetchObjects(ref));
        } catch (error) {
          failures.push(`${ref}: ${messageOf(error)}`);
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.concurrency, refs.length) }, worker),
    );
    return new Map(
      [...worlds].map(([cluster, w]) => [
        cluster,
        {
          cluster,
          objects: [...w.objects.values()],
          errors: [...new Set([...w.errors, ...failures])],
          listCalls: w.calls,
        },
      ]),
    );
  }
}
