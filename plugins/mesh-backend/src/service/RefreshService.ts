import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityMeshState,
  GoldenPath,
  KubernetesObject,
  MaturityLevel,
  MeshPlatform,
  SloDefinition,
} from '@meshpath/plugin-mesh-common';
import type {
  ClusterWorld,
  ClusterWorldSource,
} from '@meshpath/plugin-mesh-node';
import type { TelemetryOptions } from '@meshpath/mesh-engine';
import { EntityFacts, MeshStore } from '../database';
import { SloEngine, SloQueryCycle } from '../slo/SloEngine';
import { DeclaredManifestSource } from '../sources/DeclaredManifestSource';
import type { ObservedTrafficSnapshot } from '../traffic/ObservedTrafficSnapshot';
import {
  TrafficObserver,
  trafficWithoutPrometheus,
} from '../traffic/TrafficObserver';
import type { TrafficOptions } from '../traffic/trafficOptions';
import { analyseCluster, ClusterAnalyzer } from './refresh/analyseCluster';
import {
  attributeToEntity,
  catalogFactsOf,
  IndexedAnalysis,
} from './refresh/attribute';
import {
  Attribution,
  ClusterAttribution,
  locateEntity,
} from './refresh/attribution';
import {
  readDeclared,
  readWorld,
  SourceLimits,
} from './refresh/collectCluster';
import { goldenPathOf } from './refresh/goldenPathOf';
import { measureSlos } from './refresh/measure';
import type { StateUpdate } from './refresh/assemble';
import { clusterErrors, mayHoldUnseen } from './refresh/partialWorld';
import { messageOf } from './refresh/settle';
import { EntityUpdate, StoreOptions, storeUpdates } from './refresh/store';
import type { Collected } from './refresh/types';

export interface RefreshServiceOptions {
  catalog: CatalogService;
  auth: AuthService;
  store: MeshStore;
  logger: LoggerService;
  /** Sources of whole clusters: each cluster is read once per cycle and analysed as one world. */
  clusterSources: ClusterWorldSource[];
  declared?: DeclaredManifestSource;
  sloEngine?: SloEngine;
  /** Observed traffic: the window, and the observer when there is a Prometheus. Not measured when absent. */
  traffic?: { options: TrafficOptions; observer?: TrafficObserver };
  analyzer?: ClusterAnalyzer;
  rootNamespace: string;
  /** `mesh.platform`: where the callers reachability checks (Prometheus, gateway pods, load tester) run. */
  platform?: MeshPlatform;
  /** `mesh.slo` (`readSloOptions`): the severities and gRPC failure codes the telemetry rules judge by. */
  slo?: TelemetryOptions;
  historyRetentionDays: number;
  /** Golden-path presets from app-config: SLO defaults and rule policy per preset. */
  goldenPaths?: Record<string, GoldenPath>;
  /** `mesh.maturityLevels`, lowest first: each stored state is assessed against them. */
  maturityLevels?: MaturityLevel[];
  /** Git folders read at once. */
  concurrency?: number;
  /** Entities merged and stored per transaction. */
  chunkSize?: number;
  /** Longest wait for one source call before it counts as that source's error. */
  sourceTimeoutMs?: number;
  /** Base URL of Meshpath's rule reference; findings link to `<url>#<code>`. */
  rulesDocumentationUrl?: string;
}

/** A cluster a source can read, as the scheduler names its task. */
export interface ClusterTarget {
  source: string;
  cluster: string;
}

/** What one cluster's refresh did. */
export interface ClusterRefreshSummary {
  cluster: string;
  objects: number;
  /** Services that own objects in the cluster. */
  entities: number;
  listCalls: number;
  /** Milliseconds the engine took over the whole cluster. */
  analysisMs: number;
  /** Milliseconds reading the cluster took. */
  readMs?: number;
  /** Milliseconds merging and storing the services' parts took. */
  storeMs?: number;
  /** PromQL queries sent to pick the callers of services this cluster located for the first time. */
  promqlQueries?: number;
  errors: string[];
  aborted?: boolean;
}

/** What one measurements cycle did. */
export interface RefreshSummary {
  /** Services refreshed and stored. */
  entities: number;
  promqlQueries: number;
  /** Kubernetes list calls, for `refreshAll`. */
  listCalls?: number;
  clusters?: ClusterRefreshSummary[];
  /** Present when the cycle stopped early on its abort signal. */
  aborted?: { remaining: number };
}

// Larger chunks hold longer transactions; SLO queries are sent once per cycle either way.
const DEFAULT_CHUNK_SIZE = 500;
const DEFAULT_SOURCE_TIMEOUT_MS = 60_000;

function chunksOf<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size)
    chunks.push(items.slice(i, i + size));
  return chunks;
}

const OPENSLO_GROUP = 'openslo/';

/**
 * Refreshes the mesh state of catalog services. Each cluster is its own task
 * (collect → analyse → attribute → store its part of each service's state);
 * SLOs are another (measure → store). A task merges its part into the stored
 * states, so a cluster that times out delays only its own part. Keeps nothing
 * in memory between calls.
 */
export class RefreshService {
  constructor(private readonly options: RefreshServiceOptions) {}

  private get limits(): Omit<SourceLimits, 'signal'> {
    return {
      timeoutMs: this.options.sourceTimeoutMs ?? DEFAULT_SOURCE_TIMEOUT_MS,
    };
  }

  private async services(): Promise<Entity[]> {
    const { catalog, auth } = this.options;
    const { items } = await catalog.getEntities(
      { filter: { kind: 'Component', 'spec.type': 'service' } },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    return items;
  }

  /** Every cluster of every source; a source that fails is logged and skipped. */
  async listClusters(signal?: AbortSignal): Promise<ClusterTarget[]> {
    return (await this.readTargets(signal)).targets;
  }

  /** The clusters, and whether every source could list its own (else some may be missing). */
  private async readTargets(
    signal?: AbortSignal,
  ): Promise<{ targets: ClusterTarget[]; complete: boolean }> {
    const targets: ClusterTarget[] = [];
    let complete = true;
    for (const source of this.options.clusterSources) {
      try {
        for (const cluster of await source.listClusters({ signal }))
          targets.push({ source: source.name, cluster });
      } catch (error) {
        complete = false;
        this.options.logger.warn(
          `Mesh refresh: ${
            source.name
          } could not list its clusters: ${messageOf(error)}`,
        );
      }
    }
    return { targets, complete };
  }

  /** How a cluster's read went, for the fleet page; a store failure costs only the record. */
  private async recordOutcome(
    target: ClusterTarget,
    world: ClusterWorld,
    now: Date,
  ) {
    try {
      await this.options.store.putClusterOutcome({
        cluster: target.cluster,
        source: target.source,
        refreshedAt: now.toISOString(),
        readable: world.objects.length > 0 || world.errors.length === 0,
        objects: world.objects.length,
        errors: world.errors,
      });
    } catch (error) {
      this.options.logger.warn(
        `Mesh refresh: the outcome of cluster ${
          target.cluster
        } could not be stored: ${messageOf(error)}`,
      );
    }
  }

  /** Refreshes every cluster, then the measurements: what the scheduled tasks do, in one call. */
  async refreshAll(
    now: Date = new Date(),
    signal?: AbortSignal,
  ): Promise<RefreshSummary> {
    const clusters: ClusterRefreshSummary[] = [];
    for (const target of await this.listClusters(signal)) {
      if (signal?.aborted) break;
      clusters.push(await this.refreshCluster(target, now, signal));
    }
    const measured = await this.refreshMeasurements(now, signal);
    return {
      ...measured,
      listCalls: clusters.reduce((n, c) => n + c.listCalls, 0),
      clusters,
    };
  }

  /** One cluster: read its world, analyse it once, attribute it to services, store each one's part. */
  async refreshCluster(
    target: ClusterTarget,
    now: Date = new Date(),
    signal?: AbortSignal,
    only?: Entity[],
  ): Promise<ClusterRefreshSummary> {
    const source = this.options.clusterSources.find(
      s => s.name === target.source,
    );
    const { cluster } = target;
    if (!source)
      return {
        cluster,
        objects: 0,
        entities: 0,
        listCalls: 0,
        analysisMs: 0,
        errors: [`no cluster source named ${target.source}`],
      };
    const entities = only ?? (await this.services());
    const reading = performance.now();
    const world = await readWorld(source, cluster, { ...this.limits, signal });
    const readMs = performance.now() - reading;
    const summary = (extra: Partial<ClusterRefreshSummary>) => ({
      cluster,
      objects: world.objects.length,
      entities: 0,
      listCalls: world.listCalls,
      analysisMs: 0,
      errors: world.errors,
      ...extra,
    });
    if (signal?.aborted) return summary({ aborted: true });
    await this.recordOutcome(target, world, now);
    if (world.objects.length === 0 && world.errors.length > 0) {
      // Nothing read: the services keep their last part of this cluster, with the reason it is stale.
      await this.storeClusterUnread(world, entities, now);
      return summary({});
    }

    const attribution = new ClusterAttribution(world.objects, {
      rootNamespace: this.options.rootNamespace,
    });
    const located = entities.map(entity => {
      const entityRef = stringifyEntityRef(entity);
      const locator = locateEntity(entity);
      const attributed =
        'locator' in locator
          ? attribution.attribute(locator.locator)
          : undefined;
      return {
        entity,
        entityRef,
        attribution: attributed,
        locatorError: 'error' in locator ? locator.error : undefined,
      };
    });
    const present = located.filter(l => l.attribution);
    const declared = await readDeclared(present, this.options.declared, {
      ...this.limits,
      signal,
      concurrency: this.options.concurrency ?? 10,
    });
    if (signal?.aborted) return summary({ aborted: true });

    const started = performance.now();
    const analysis = new IndexedAnalysis(
      analyseCluster([...world.objects, ...declaredSlos(present, declared)], {
        analyzer: this.options.analyzer,
        rootNamespace: this.options.rootNamespace,
        platform: this.options.platform,
        slo: this.options.slo,
      }),
      world,
    );
    const analysisMs = performance.now() - started;

    const { goldenPaths = {} } = this.options;
    // Not found in a partial read is not gone when the read lacked what services are found by.
    const notFound: StateUpdate = mayHoldUnseen(world)
      ? { kind: 'cluster-unread', cluster, errors: clusterErrors(world) }
      : { kind: 'cluster-gone', cluster };
    const updateOf = (l: (typeof located)[number]): EntityUpdate => {
      const facts = catalogFactsOf(l.entity);
      if (!l.attribution && !l.locatorError)
        return { entityRef: l.entityRef, facts, update: notFound };
      const preset = goldenPathOf(l.entity, goldenPaths);
      const entityDeclared = declared.get(l.entityRef);
      return {
        entityRef: l.entityRef,
        facts,
        update: {
          kind: 'cluster',
          part: attributeToEntity({
            cluster,
            now,
            world,
            analysis,
            attribution: l.attribution,
            declared: entityDeclared,
            goldenPath: preset.goldenPath,
            errors: [
              ...world.errors.map(message => ({
                source: `cluster:${cluster}`,
                message,
              })),
              ...(l.locatorError
                ? [{ source: 'catalog', message: l.locatorError }]
                : []),
              ...preset.errors,
              ...(entityDeclared?.errors ?? []),
              ...analysis.analysis.errors,
            ],
          }),
        },
      };
    };
    // Each chunk's parts are built just before they are stored: only one chunk's are held.
    const storing = performance.now();
    const storeOptions = {
      now,
      logger: this.options.logger,
      rulesDocumentationUrl: this.options.rulesDocumentationUrl,
      maturityLevels: this.options.maturityLevels,
    };
    const newlyLocated: string[] = [];
    for (const chunk of chunksOf(
      located,
      this.options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    )) {
      if (signal?.aborted) return summary({ aborted: true, analysisMs });
      newlyLocated.push(
        ...(await storeUpdates(
          this.options.store,
          chunk.map(updateOf),
          storeOptions,
        )),
      );
    }
    const firstLocated = new Set(newlyLocated);
    const promqlQueries = await this.trafficOfLocated(
      located
        .filter(l => firstLocated.has(l.entityRef))
        .map(l => ({
          entityRef: l.entityRef,
          facts: catalogFactsOf(l.entity),
        })),
      now,
      storeOptions,
    );
    return summary({
      entities: present.length,
      analysisMs,
      readMs,
      storeMs: performance.now() - storing,
      ...(promqlQueries > 0 ? { promqlQueries } : {}),
    });
  }

  /**
   * Callers of services whose workloads the measurements did not know yet (a
   * cluster part stored after them): picked now from one fleet-wide snapshot,
   * not at the next measurements cycle. Returns the PromQL queries sent.
   */
  private async trafficOfLocated(
    located: Array<{ entityRef: string; facts: EntityFacts }>,
    now: Date,
    storeOptions: StoreOptions,
  ): Promise<number> {
    if (located.length === 0 || !this.options.traffic?.observer) return 0;
    const traffic = await this.options.traffic.observer.observe(now);
    for (const chunk of chunksOf(
      located,
      this.options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    ))
      await storeUpdates(
        this.options.store,
        chunk.map(l => ({ ...l, update: { kind: 'traffic', traffic } })),
        storeOptions,
      );
    return traffic.queryCount;
  }

  private async storeClusterUnread(
    world: ClusterWorld,
    entities: Entity[],
    now: Date,
  ) {
    const errors = clusterErrors(world);
    this.options.logger.warn(
      `Mesh refresh of cluster ${
        world.cluster
      } read nothing: ${world.errors.join('; ')}`,
    );
    for (const chunk of chunksOf(
      entities,
      this.options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    ))
      await storeUpdates(
        this.options.store,
        chunk.map(entity => ({
          entityRef: stringifyEntityRef(entity),
          facts: catalogFactsOf(entity),
          update: { kind: 'cluster-unread', cluster: world.cluster, errors },
        })),
        {
          now,
          logger: this.options.logger,
          maturityLevels: this.options.maturityLevels,
        },
      );
  }

  /** SLOs of every service (and, when it can, drops services gone from the catalog and old history). */
  async refreshMeasurements(
    now: Date = new Date(),
    signal?: AbortSignal,
    only?: Entity[],
  ): Promise<RefreshSummary> {
    const { store, logger, historyRetentionDays } = this.options;
    const items = only ?? (await this.services());
    const sloCycle = new SloQueryCycle();
    // Clusters removed from config: no task of theirs runs, so the fleet-wide cycle drops what they left.
    const listed = only ? undefined : await this.readTargets(signal);
    const configured = listed?.complete
      ? listed.targets.map(t => t.cluster)
      : undefined;
    // Fleet-wide, once per cycle: a constant number of queries whatever the fleet size.
    const traffic = await this.observeTraffic(now);
    let entities = 0;
    let promqlQueries = traffic?.queryCount ?? 0;
    for (const chunk of chunksOf(
      items,
      this.options.chunkSize ?? DEFAULT_CHUNK_SIZE,
    )) {
      if (signal?.aborted) break;
      const refs = chunk.map(entity => ({
        entity,
        entityRef: stringifyEntityRef(entity),
      }));
      const declared = await readDeclared(refs, this.options.declared, {
        ...this.limits,
        signal,
        concurrency: this.options.concurrency ?? 10,
      });
      if (signal?.aborted) break;
      // One query for the chunk's stored states: their Services and live SLOs name what to measure.
      const stored = await store.getStatesJson(refs.map(r => r.entityRef));
      const collected: Collected[] = refs.map(r => {
        const json = stored.get(r.entityRef);
        const previous: EntityMeshState | undefined = json
          ? JSON.parse(json)
          : undefined;
        return {
          ...r,
          live: liveServicesOf(previous),
          liveSlos: liveSlosOf(previous),
          declared: declared.get(r.entityRef),
        };
      });
      const slo = await measureSlos(
        collected,
        {
          sloEngine: this.options.sloEngine,
          goldenPaths: this.options.goldenPaths ?? {},
          cycle: sloCycle,
        },
        now,
      );
      await storeUpdates(
        store,
        collected.map(c => ({
          entityRef: c.entityRef,
          facts: catalogFactsOf(c.entity),
          update: {
            kind: 'measured',
            part: {
              slos: slo.statuses.get(c.entityRef) ?? [],
              // The callers are picked when merging, by the workloads stored then.
              ...(traffic ? { traffic } : {}),
              ...(configured ? { clusters: configured } : {}),
              errors: [
                ...goldenPathOf(c.entity, this.options.goldenPaths ?? {})
                  .errors,
                ...(slo.errors.get(c.entityRef) ?? []),
              ],
            },
          },
        })),
        {
          now,
          logger,
          rulesDocumentationUrl: this.options.rulesDocumentationUrl,
          maturityLevels: this.options.maturityLevels,
          recordHistory: true,
        },
      );
      entities += chunk.length;
      promqlQueries += slo.queryCount;
    }
    if (entities < items.length) {
      logger.warn(
        `Mesh measurements aborted: ${entities} of ${items.length} services measured (${promqlQueries} PromQL queries); the rest keep their previous SLOs`,
      );
      return {
        entities,
        promqlQueries,
        aborted: { remaining: items.length - entities },
      };
    }
    if (!only) {
      await store.deleteStatesExcept(items.map(e => stringifyEntityRef(e)));
      if (configured) await store.deleteClusterOutcomesExcept(configured);
      await store.pruneHistory(
        new Date(now.getTime() - historyRetentionDays * 86_400_000),
      );
    }
    return { entities, promqlQueries };
  }

  /** The fleet's callers over the window; unknown with the reason without Prometheus. */
  private async observeTraffic(
    now: Date,
  ): Promise<ObservedTrafficSnapshot | undefined> {
    const { traffic } = this.options;
    if (!traffic) return undefined;
    if (!traffic.observer) return trafficWithoutPrometheus(traffic.options);
    return traffic.observer.observe(now);
  }

  /** Refreshes one entity now, in every cluster and its SLOs; undefined when the catalog does not have it. */
  async refreshEntity(
    entityRef: string,
    now: Date = new Date(),
  ): Promise<EntityMeshState | undefined> {
    const { catalog, auth, store } = this.options;
    const entity = await catalog.getEntityByRef(entityRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    if (!entity) return undefined;
    for (const target of await this.listClusters())
      await this.refreshCluster(target, now, undefined, [entity]);
    await this.refreshMeasurements(now, undefined, [entity]);
    return store.getState(stringifyEntityRef(entity));
  }
}

/** The entity's Services as the clusters last saw them: the SLO queries name them. */
function liveServicesOf(state: EntityMeshState | undefined): Collected['live'] {
  const byCluster = new Map<string, KubernetesObject[]>();
  for (const o of state?.objects ?? []) {
    if (o.kind !== 'Service' || o.relation !== 'owned') continue;
    const list = byCluster.get(o.cluster) ?? [];
    list.push({
      apiVersion: o.apiVersion,
      kind: o.kind,
      metadata: { name: o.name, namespace: o.namespace },
    });
    byCluster.set(o.cluster, list);
  }
  return {
    clusters: [...byCluster].map(([cluster, objects]) => ({
      cluster,
      objects,
      errors: [],
    })),
    errors: [],
  };
}

/** SLOs the clusters' PrometheusRules declare for the entity, each once. */
function liveSlosOf(state: EntityMeshState | undefined) {
  const slos = new Map<string, SloDefinition>();
  for (const c of state?.clusters ?? [])
    for (const slo of c.slos ?? []) slos.set(JSON.stringify(slo), slo);
  return [...slos.values()];
}

/** OpenSLO documents the services in the cluster declare in Git, in their namespace: the "SLO declared" check reads them with the live PrometheusRules. */
function declaredSlos(
  present: Array<{ entityRef: string; attribution?: Attribution }>,
  declared: Map<string, { objects: KubernetesObject[] }>,
): KubernetesObject[] {
  return present.flatMap(p =>
    (declared.get(p.entityRef)?.objects ?? [])
      .filter(o => o.kind === 'SLO' && o.apiVersion.startsWith(OPENSLO_GROUP))
      .map(o => ({
        ...o,
        metadata: {
          ...o.metadata,
          namespace: o.metadata.namespace ?? p.attribution?.namespaces[0],
        },
      })),
  );
}
