import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityMeshState, GoldenPath } from '@meshpath/plugin-mesh-common';
import { MeshStore } from '../database';
import { SloEngine, SloQueryCycle } from '../slo/SloEngine';
import { DeclaredManifestSource } from '../sources/DeclaredManifestSource';
import { LiveObjects, LiveObjectSource } from '../sources/types';
import { analyseEntity, MeshAnalyzer } from './refresh/analyse';
import {
  attributeFacts,
  catalogFactsOf,
  ownershipOf,
} from './refresh/attribute';
import {
  collectEntities,
  CollectOptions,
  collectMeshWide,
  sourceErrorsOf,
} from './refresh/collect';
import { goldenPathOf } from './refresh/goldenPathOf';
import { measureSlos, SloMeasurements } from './refresh/measure';
import { failedState, historyPoints, scoreEntity } from './refresh/score';
import { messageOf } from './refresh/settle';
import { storeEvaluated } from './refresh/store';
import { Collected, Evaluated } from './refresh/types';

export type { MeshAnalyzer } from './refresh/analyse';

export interface RefreshServiceOptions {
  catalog: CatalogService;
  auth: AuthService;
  store: MeshStore;
  logger: LoggerService;
  liveSources: LiveObjectSource[];
  declared?: DeclaredManifestSource;
  sloEngine?: SloEngine;
  analyzer?: MeshAnalyzer;
  rootNamespace: string;
  historyRetentionDays: number;
  /** Golden-path presets from app-config: SLO defaults and rule policy per preset. */
  goldenPaths?: Record<string, GoldenPath>;
  /** Entities fetched from the sources at once. */
  concurrency?: number;
  /** Entities collected, evaluated and stored together: what bounds the objects held at once. */
  chunkSize?: number;
  /** Longest wait for one source call before it counts as that source's error. */
  sourceTimeoutMs?: number;
}

/** What one cycle did. */
export interface RefreshSummary {
  /** Services refreshed and stored. */
  entities: number;
  promqlQueries: number;
  /** Present when the cycle stopped early on its abort signal. */
  aborted?: { remaining: number };
}

// Larger chunks hold more objects at once; the SLO queries are sent once per cycle either way.
const DEFAULT_CHUNK_SIZE = 500;
const DEFAULT_SOURCE_TIMEOUT_MS = 60_000;

function chunksOf<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Collects, evaluates and stores the mesh state of catalog services, one chunk
 * of entities at a time: collect → measure → analyse → attribute → score →
 * store. Keeps nothing in memory between calls.
 */
export class RefreshService {
  constructor(private readonly options: RefreshServiceOptions) {}

  /** Refreshes every service in the catalog; stops between chunks once `signal` aborts. */
  async refreshAll(
    now: Date = new Date(),
    signal?: AbortSignal,
  ): Promise<RefreshSummary> {
    const { catalog, auth, store, logger, historyRetentionDays } = this.options;
    const { items } = await catalog.getEntities(
      { filter: { kind: 'Component', 'spec.type': 'service' } },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const meshWide = await collectMeshWide(this.collectOptions(signal));
    const sloCycle = new SloQueryCycle();
    let entities = 0;
    let promqlQueries = 0;
    for (const chunk of chunksOf(
      items,
      this.options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    )) {
      const done = await this.refreshChunk(
        chunk,
        meshWide,
        now,
        sloCycle,
        signal,
      );
      if (!done) break;
      entities += chunk.length;
      promqlQueries += done.promqlQueries;
    }
    if (entities < items.length) {
      logger.warn(
        `Mesh refresh aborted: ${entities} of ${items.length} services refreshed (${promqlQueries} PromQL queries); the rest keep their previous state`,
      );
      return {
        entities,
        promqlQueries,
        aborted: { remaining: items.length - entities },
      };
    }
    await store.deleteStatesExcept(items.map(e => stringifyEntityRef(e)));
    await store.pruneHistory(
      new Date(now.getTime() - historyRetentionDays * 86_400_000),
    );
    return { entities, promqlQueries };
  }

  /** Refreshes one entity now; undefined when the catalog does not have it. */
  async refreshEntity(
    entityRef: string,
    now: Date = new Date(),
  ): Promise<EntityMeshState | undefined> {
    const { catalog, auth, store } = this.options;
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    if (!entity) return undefined;
    const meshWide = await collectMeshWide(this.collectOptions());
    await this.refreshChunk([entity], meshWide, now, new SloQueryCycle());
    return store.getState(stringifyEntityRef(entity));
  }

  /** One chunk through the pipeline; undefined when aborted before it could be stored whole. */
  private async refreshChunk(
    entities: Entity[],
    meshWide: LiveObjects,
    now: Date,
    sloCycle: SloQueryCycle,
    signal?: AbortSignal,
  ): Promise<{ promqlQueries: number } | undefined> {
    if (signal?.aborted) return undefined;
    const collected = await collectEntities(
      entities,
      this.collectOptions(signal),
    );
    // A chunk cut short is not stored: its abandoned calls would read as source errors.
    if (signal?.aborted) return undefined;
    const slo = await measureSlos(
      collected,
      {
        sloEngine: this.options.sloEngine,
        goldenPaths: this.options.goldenPaths ?? {},
        cycle: sloCycle,
      },
      now,
    );
    const evaluated: Evaluated[] = [];
    for (const c of collected)
      evaluated.push(await this.evaluate(c, meshWide, slo, now));
    await storeEvaluated(this.options.store, evaluated, this.options.logger);
    return { promqlQueries: slo.queryCount };
  }

  /** One entity's state; a throw anywhere is that entity's error state, never the cycle's. */
  private async evaluate(
    c: Collected,
    meshWide: LiveObjects,
    slo: SloMeasurements,
    now: Date,
  ): Promise<Evaluated> {
    const { store, analyzer, rootNamespace, goldenPaths = {} } = this.options;
    try {
      const preset = goldenPathOf(c.entity, goldenPaths);
      const analysis = analyseEntity(c, meshWide, {
        analyzer,
        rootNamespace,
        goldenPath: preset.goldenPath,
      });
      const state = scoreEntity({
        entityRef: c.entityRef,
        now,
        facts: attributeFacts(c, analysis.context, rootNamespace),
        slos: slo.statuses.get(c.entityRef) ?? [],
        engineResult: analysis.engineResult,
        waivers: await store.listWaivers(c.entityRef, now),
        previous: await store.getState(c.entityRef),
        errors: [
          ...preset.errors,
          ...sourceErrorsOf(c, meshWide),
          ...(slo.errors.get(c.entityRef) ?? []),
          ...analysis.errors,
        ],
      });
      return { state, facts: catalogFactsOf(c), history: historyPoints(state) };
    } catch (error) {
      const message = `Evaluating the entity failed: ${messageOf(error)}`;
      this.options.logger.warn(`Mesh refresh of ${c.entityRef}: ${message}`);
      return {
        state: failedState(c.entityRef, now, [{ source: 'refresh', message }]),
        facts: ownershipOf(c),
        history: [],
      };
    }
  }

  private collectOptions(signal?: AbortSignal): CollectOptions {
    return {
      liveSources: this.options.liveSources,
      declared: this.options.declared,
      concurrency: this.options.concurrency ?? 10,
      sourceTimeoutMs:
        this.options.sourceTimeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS,
      signal,
    };
  }
}
