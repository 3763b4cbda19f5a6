import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { SourceError } from '@meshpath/plugin-mesh-common';
import type { DeclaredManifestSource } from '../../sources/DeclaredManifestSource';
import type { LiveObjects, LiveObjectSource } from '../../sources/types';
import { settle } from './settle';
import type { Collected } from './types';

/** How the collect stage reaches the sources. */
export interface CollectOptions {
  liveSources: LiveObjectSource[];
  declared?: DeclaredManifestSource;
  /** Entities fetched at once. */
  concurrency: number;
  /** Longest wait for one source call. */
  sourceTimeoutMs: number;
  signal?: AbortSignal;
}

const limitsOf = (options: CollectOptions) => ({
  timeoutMs: options.sourceTimeoutMs,
  signal: options.signal,
});

/** A source's answer, or its failure as that source's error. */
async function fetchLive(
  source: LiveObjectSource,
  call: () => Promise<LiveObjects>,
  options: CollectOptions,
): Promise<LiveObjects> {
  const settled = await settle(source.name, call, limitsOf(options));
  if (!settled.ok) return { clusters: [], errors: [settled.error] };
  const { value } = settled;
  if (!Array.isArray(value?.clusters) || !Array.isArray(value?.errors)) {
    const message = 'answered without clusters and errors lists';
    return { clusters: [], errors: [{ source: source.name, message }] };
  }
  return value;
}

const merged = (results: LiveObjects[]): LiveObjects => ({
  clusters: results.flatMap(r => r.clusters),
  errors: results.flatMap(r => r.errors),
});

/** Root-namespace policy per cluster, once per cycle rather than once per entity. */
export async function collectMeshWide(
  options: CollectOptions,
): Promise<LiveObjects> {
  const all = merged(
    await Promise.all(
      options.liveSources.map(source =>
        source.fetchMeshWide
          ? fetchLive(source, () => source.fetchMeshWide!(), options)
          : { clusters: [], errors: [] },
      ),
    ),
  );
  return {
    clusters: all.clusters,
    errors: all.errors.map(e => ({ ...e, source: `${e.source} (mesh-wide)` })),
  };
}

/** One entity's live objects from every source, and its declared manifests. */
async function collectEntity(
  entity: Entity,
  options: CollectOptions,
): Promise<Collected> {
  const { liveSources, declared, signal } = options;
  const entityRef = stringifyEntityRef(entity);
  const live = merged(
    await Promise.all(
      liveSources.map(source =>
        fetchLive(source, () => source.fetchObjects(entityRef), options),
      ),
    ),
  );
  if (!declared) return { entity, entityRef, live };
  const read = await settle(
    'git',
    () => declared.read(entity, { signal }),
    limitsOf(options),
  );
  return {
    entity,
    entityRef,
    live,
    declared: read.ok ? read.value : { objects: [], errors: [read.error] },
  };
}

/** The sources' view of each entity, `concurrency` entities at a time; stops taking entities once aborted. */
export async function collectEntities(
  entities: Entity[],
  options: CollectOptions,
): Promise<Collected[]> {
  const out: Collected[] = [];
  let next = 0;
  const worker = async () => {
    while (next < entities.length && !options.signal?.aborted) {
      const index = next++;
      out[index] = await collectEntity(entities[index], options);
    }
  };
  await Promise.all(
    Array.from(
      { length: Math.min(options.concurrency, entities.length) },
      worker,
    ),
  );
  return out.filter(Boolean);
}

/** Everything that went wrong reading an entity's sources, as the state shows it. */
export function sourceErrorsOf(
  c: Collected,
  meshWide: LiveObjects,
): SourceError[] {
  return [
    ...c.live.errors,
    ...meshWide.errors,
    ...c.live.clusters.flatMap(cl =>
      cl.errors.map(message => ({ source: `cluster:${cl.cluster}`, message })),
    ),
    ...(c.declared?.errors ?? []),
  ];
}
