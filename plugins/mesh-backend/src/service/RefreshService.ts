import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  EntityMeshState,
  GoldenPath,
  HistoryPoint,
  SloDefinition,
  SourceError,
} from '@meshpath/plugin-mesh-common';
import { MeshStore } from '../database';
import { EngineResult, scoreCompliance } from '../evaluation/compliance';
import { computeDrift } from '../evaluation/drift';
import {
  allowedCallers,
  canaries,
  effectiveMtls,
} from '../evaluation/meshFacts';
import { sloDefaultsFor, sloDefinitionsFor } from '../slo/definitions';
import { sloDefinitionsFromOpenSlo } from '../slo/openSlo';
import { SloEngine, SloTarget } from '../slo/SloEngine';
import {
  DeclaredManifestSource,
  DeclaredManifests,
} from '../sources/DeclaredManifestSource';
import {
  LiveObjectSource,
  LiveObjects,
  MeshKubernetesObject,
} from '../sources/types';
import { withLastGood } from './lastGood';
import { goldenPathOf } from './refresh/goldenPathOf';
import { overallStatus } from './status';

/** The analysis engine as this plugin uses it; `createAnalyzer()` of `@meshpath/plugin-mesh-node` fits. */
export interface MeshAnalyzer {
  analyze(
    input: MeshKubernetesObject[],
    options?: {
      rootNamespace?: string;
      rules?: {
        disabled?: string[];
        severities?: GoldenPath['rules']['severities'];
      };
    },
  ): EngineResult;
}

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
}

const STORE_CHUNK = 500;

/** What one entity's sources returned during a cycle. */
interface Collected {
  entity: Entity;
  entityRef: string;
  live: LiveObjects;
  declared?: DeclaredManifests;
}

/** Collects, evaluates and stores the mesh state of catalog services. Keeps nothing in memory between calls. */
export class RefreshService {
  constructor(private readonly options: RefreshServiceOptions) {}

  /** Refreshes every service in the catalog; returns how many and how many PromQL queries it took. */
  async refreshAll(
    now: Date = new Date(),
  ): Promise<{ entities: number; promqlQueries: number }> {
    const { catalog, auth, store, historyRetentionDays } = this.options;
    const { items } = await catalog.getEntities(
      { filter: { kind: 'Component', 'spec.type': 'service' } },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const result = await this.refreshEntities(items, now);
    await store.deleteStatesExcept(items.map(e => stringifyEntityRef(e)));
    await store.pruneHistory(
      new Date(now.getTime() - historyRetentionDays * 86_400_000),
    );
    return result;
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
    await this.refreshEntities([entity], now);
    return store.getState(stringifyEntityRef(entity));
  }

  private async refreshEntities(entities: Entity[], now: Date) {
    const meshWide = await this.collectMeshWide();
    const collected = await this.collect(entities);
    const targets: SloTarget[] = [];
    const sloErrors = new Map<string, string[]>();
    for (const c of collected) {
      const { slos, errors } = sloDefinitionsOf(
        c,
        this.options.goldenPaths ?? {},
      );
      sloErrors.set(c.entityRef, errors);
      targets.push({
        key: c.entityRef,
        destinationService: destinationService(c),
        slos,
      });
    }
    const slo = this.options.sloEngine
      ? await this.options.sloEngine.evaluate(targets, now)
      : undefined;

    // Chunks of entities share one transaction: one commit per chunk, not several per entity.
    for (let i = 0; i < collected.length; i += STORE_CHUNK) {
      const chunk = collected.slice(i, i + STORE_CHUNK);
      const store = (target: MeshStore) => async (c: Collected) =>
        this.evaluateAndStore(
          target,
          c,
          meshWide,
          slo?.statuses.get(c.entityRef) ?? [],
          sloErrors.get(c.entityRef) ?? [],
          now,
        );
      try {
        await this.options.store.transaction(async tx => {
          for (const c of chunk) await store(tx)(c);
        });
      } catch {
        // One entity broke the chunk: store them one by one so the others still land.
        for (const c of chunk) {
          try {
            await store(this.options.store)(c);
          } catch (error) {
            this.options.logger.error(
              `Mesh refresh of ${c.entityRef} failed: ${error}`,
            );
          }
        }
      }
    }
    return { entities: collected.length, promqlQueries: slo?.queryCount ?? 0 };
  }

  /** Root-namespace policy per cluster, once per cycle rather than once per entity. */
  private async collectMeshWide(): Promise<LiveObjects> {
    const results = await Promise.all(
      this.options.liveSources.map(
        s => s.fetchMeshWide?.() ?? { clusters: [], errors: [] },
      ),
    );
    return {
      clusters: results.flatMap(r => r.clusters),
      errors: results.flatMap(r =>
        r.errors.map(e => ({ ...e, source: `${e.source} (mesh-wide)` })),
      ),
    };
  }

  private async collect(entities: Entity[]): Promise<Collected[]> {
    const { liveSources, declared, concurrency = 10 } = this.options;
    const out: Collected[] = new Array(entities.length);
    let next = 0;
    const worker = async () => {
      while (next < entities.length) {
        const index = next++;
        const entity = entities[index];
        const entityRef = stringifyEntityRef(entity);
        const results = await Promise.all(
          liveSources.map(s => s.fetchObjects(entityRef)),
        );
        out[index] = {
          entity,
          entityRef,
          live: {
            clusters: results.flatMap(r => r.clusters),
            errors: results.flatMap(r => r.errors),
          },
          declared: declared ? await declared.read(entity) : undefined,
        };
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(concurrency, entities.length) }, worker),
    );
    return out;
  }

  private async evaluateAndStore(
    store: MeshStore,
    c: Collected,
    meshWide: LiveObjects,
    slos: EntityMeshState['slos'],
    sloErrors: string[],
    now: Date,
  ) {
    const { analyzer, rootNamespace } = this.options;
    const objects = c.live.clusters.flatMap(cl => cl.objects);
    // Mesh-wide policy of the clusters the entity runs in: context for mTLS and the engine.
    const clustersOfEntity = new Set(c.live.clusters.map(cl => cl.cluster));
    const namespacesOfEntity = new Set(objects.map(o => o.metadata.namespace));
    const context = [
      ...objects,
      ...meshWide.clusters
        .filter(cl => clustersOfEntity.has(cl.cluster))
        .flatMap(cl => cl.objects)
        // Only the entity's own namespaces: another namespace's enrolment is not its finding.
        .filter(
          o =>
            o.kind !== 'Namespace' || namespacesOfEntity.has(o.metadata.name),
        ),
    ];
    const preset = goldenPathOf(c.entity, this.options.goldenPaths ?? {});
    const errors: SourceError[] = [
      ...preset.errors,
      ...c.live.errors,
      ...meshWide.errors,
      ...c.live.clusters.flatMap(cl =>
        cl.errors.map(message => ({
          source: `cluster:${cl.cluster}`,
          message,
        })),
      ),
      ...(c.declared?.errors ?? []),
      ...sloErrors.map(message => ({ source: 'slo', message })),
    ];

    let engineResult: EngineResult = { findings: [], compliance: [] };
    if (!analyzer) {
      errors.push({
        source: 'engine',
        message:
          'The analysis engine is not available; compliance is not evaluated',
      });
    } else {
      try {
        const rules = preset.goldenPath?.rules;
        engineResult = analyzer.analyze(context, {
          rootNamespace,
          ...(rules ? { rules } : {}),
        });
      } catch (error) {
        errors.push({
          source: 'engine',
          message: `Analysis failed: ${(error as Error).message}`,
        });
      }
    }
    const waivers = await store.listWaivers(c.entityRef, now);
    const previous = await store.getState(c.entityRef);
    const namespace = serviceNamespace(c);

    const partial: Omit<EntityMeshState, 'status'> = {
      entityRef: c.entityRef,
      refreshedAt: now.toISOString(),
      objects: c.live.clusters.flatMap(cl =>
        cl.objects.map(o => ({
          apiVersion: o.apiVersion,
          kind: o.kind,
          ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
          name: o.metadata.name,
          cluster: cl.cluster,
        })),
      ),
      mtls:
        objects.length > 0 ? effectiveMtls(context, rootNamespace) : 'unknown',
      allowedCallers: allowedCallers(objects),
      canaries: canaries(c.live.clusters),
      ...(c.declared
        ? { drift: computeDrift(c.declared.objects, objects, namespace) }
        : {}),
      slos: withLastGood(slos, previous),
      compliance: scoreCompliance(engineResult, waivers),
      errors,
    };
    const state: EntityMeshState = {
      ...partial,
      status: overallStatus(partial),
    };
    await store.putState(state, {
      owner: c.entity.spec?.owner as string | undefined,
      system: c.entity.spec?.system as string | undefined,
      namespace,
    });
    await store.addHistory(c.entityRef, historyPoints(state));
  }
}

function serviceNamespace(c: Collected): string | undefined {
  return (
    c.entity.metadata.annotations?.['backstage.io/kubernetes-namespace'] ??
    c.live.clusters.flatMap(cl => cl.objects).find(o => o.kind === 'Service')
      ?.metadata.namespace
  );
}

function destinationService(c: Collected): string {
  const service = c.live.clusters
    .flatMap(cl => cl.objects)
    .find(o => o.kind === 'Service');
  const name =
    service?.metadata.name ??
    c.entity.metadata.annotations?.['backstage.io/kubernetes-id'] ??
    c.entity.metadata.name;
  return `${name}.${serviceNamespace(c) ?? 'default'}.svc.cluster.local`;
}

function historyPoints(state: EntityMeshState): HistoryPoint[] {
  const value = (m: { state: string; value?: number }) =>
    m.state === 'known' ? (m as { value: number }).value : null;
  return [
    ...state.slos.flatMap(s => [
      {
        metric: `slo:${s.definition.kind}:sli`,
        value: value(s.sli),
        recordedAt: state.refreshedAt,
      },
      {
        metric: `slo:${s.definition.kind}:budget`,
        value: value(s.errorBudgetRemaining),
        recordedAt: state.refreshedAt,
      },
    ]),
    ...state.compliance.frameworks.map(f => ({
      metric: `compliance:${f.framework}`,
      value: f.score,
      recordedAt: state.refreshedAt,
    })),
  ];
}

/** An OpenSLO document in the entity's manifests folder, when it defines any SLO, wins over annotations and preset defaults. */
function sloDefinitionsOf(
  c: Collected,
  goldenPaths: Record<string, GoldenPath>,
): { slos: SloDefinition[]; errors: string[] } {
  const openSlo = sloDefinitionsFromOpenSlo(c.declared?.objects ?? []);
  if (openSlo.slos.length > 0) return openSlo;
  const annotated = sloDefinitionsFor(
    c.entity,
    sloDefaultsFor(c.entity, goldenPaths),
  );
  return {
    slos: annotated.slos,
    errors: [...openSlo.errors, ...annotated.errors],
  };
}
