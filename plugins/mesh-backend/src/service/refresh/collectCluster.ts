import type { Entity } from '@backstage/catalog-model';
import type {
  ClusterWorld,
  ClusterWorldSource,
} from '@meshpath/plugin-mesh-node';
import type {
  DeclaredManifests,
  DeclaredManifestSource,
} from '../../sources/DeclaredManifestSource';
import { settle } from './settle';

/** Longest waits and the cycle's abort, for every source call of a stage. */
export interface SourceLimits {
  timeoutMs: number;
  signal?: AbortSignal;
}

/** One cluster's whole world; a source that throws, hangs or answers nonsense gives an empty world with the reason. */
export async function readWorld(
  source: ClusterWorldSource,
  cluster: string,
  limits: SourceLimits,
): Promise<ClusterWorld> {
  const settled = await settle(
    source.name,
    () => source.readCluster(cluster, { signal: limits.signal }),
    limits,
  );
  if (!settled.ok)
    return {
      cluster,
      objects: [],
      errors: [settled.error.message],
      listCalls: 0,
    };
  const world = settled.value;
  if (!Array.isArray(world?.objects) || !Array.isArray(world?.errors))
    return {
      cluster,
      objects: [],
      errors: [`${source.name} answered without objects and errors lists`],
      listCalls: 0,
    };
  return { ...world, cluster };
}

/** The declared manifests of each entity, `concurrency` at a time; a failed read is that entity's `git` error. */
export async function readDeclared(
  entities: Array<{ entityRef: string; entity: Entity }>,
  declared: DeclaredManifestSource | undefined,
  options: SourceLimits & { concurrency: number },
): Promise<Map<string, DeclaredManifests>> {
  const out = new Map<string, DeclaredManifests>();
  if (!declared) return out;
  let next = 0;
  const worker = async () => {
    while (next < entities.length && !options.signal?.aborted) {
      const { entity, entityRef } = entities[next++];
      const read = await settle(
        'git',
        () => declared.read(entity, { signal: options.signal }),
        options,
      );
      if (!read.ok) out.set(entityRef, { objects: [], errors: [read.error] });
      else if (read.value) out.set(entityRef, read.value);
    }
  };
  await Promise.all(
    Array.from(
      { length: Math.min(options.concurrency, entities.length) },
      worker,
    ),
  );
  return out;
}
