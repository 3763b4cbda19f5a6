import {
  coreServices,
  createBackendPlugin,
  SchedulerService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { meshPermissions, readSloOptions } from '@meshpath/plugin-mesh-common';
import { createAnalyzer } from '@meshpath/mesh-engine';
import {
  ClusterWorldSource,
  LiveObjectSource,
  meshSourcesExtensionPoint,
} from '@meshpath/plugin-mesh-node';
import { DatabaseMeshStore } from './database';
import { readMeshConfig, MeshConfig } from './service/meshConfig';
import { LiveSourceWorlds } from './service/refresh/liveSourceWorlds';
import { ClusterTarget, RefreshService } from './service/RefreshService';
import { MeshContextReader } from './service/meshContext';
import { createRouter } from './service/router';
import { PrometheusClient } from './slo/PrometheusClient';
import { SloEngine } from './slo/SloEngine';
import { DeclaredManifestSource } from './sources/DeclaredManifestSource';
import { readClusterSources } from './sources/cluster';
import { TrafficObserver } from './traffic/TrafficObserver';
import { readTrafficOptions } from './traffic/trafficOptions';

/** Task ids stay short whatever a cluster is called. */
const clusterTaskId = (t: ClusterTarget) =>
  `mesh-refresh-cluster:${t.source}:${t.cluster}`.slice(0, 200);

/**
 * One global task per cluster (any replica may run it; a slow cluster delays
 * only its own part of each state) and one for SLOs. Clusters are discovered
 * on every replica by a local task, since the Kubernetes backend they are read
 * through only answers once the backend has started.
 */
async function scheduleRefresh(options: {
  scheduler: SchedulerService;
  logger: LoggerService;
  refresh: RefreshService;
  mesh: MeshConfig;
}) {
  const { scheduler, logger, refresh, mesh } = options;
  const { schedule } = mesh.refresh;
  await scheduler.scheduleTask({
    id: 'mesh-refresh-measurements',
    scope: 'global',
    ...schedule,
    // The scheduler aborts on its timeout and at shutdown: the task stops between chunks.
    fn: async (signal: AbortSignal) => {
      const { entities, promqlQueries, aborted } =
        await refresh.refreshMeasurements(new Date(), signal);
      if (!aborted)
        logger.info(
          `Mesh SLO refresh: ${entities} services, ${promqlQueries} PromQL queries`,
        );
    },
  });
  const scheduled = new Set<string>();
  await scheduler.scheduleTask({
    id: 'mesh-refresh-cluster-discovery',
    scope: 'local',
    frequency: schedule.frequency,
    timeout: { minutes: 2 },
    initialDelay: { seconds: 5 },
    fn: async (signal: AbortSignal) => {
      for (const target of await refresh.listClusters(signal)) {
        const id = clusterTaskId(target);
        if (scheduled.has(id)) continue;
        scheduled.add(id);
        await scheduler.scheduleTask({
          id,
          scope: 'global',
          ...schedule,
          fn: async (taskSignal: AbortSignal) => {
            const s = await refresh.refreshCluster(
              target,
              new Date(),
              taskSignal,
            );
            logger.info(
              `Mesh refresh of cluster ${s.cluster}: ${s.objects} objects, ${
                s.entities
              } services, ${s.listCalls} list calls, analysis ${Math.round(
                s.analysisMs,
              )} ms${s.aborted ? ', aborted' : ''}${
                s.errors.length ? `, ${s.errors.length} errors` : ''
              }`,
            );
          },
        });
      }
    },
  });
}

/**
 * The Meshpath backend plugin: serves each catalog service's mesh, SLO and
 * compliance state under `/api/mesh`.
 *
 * @public
 */
export const meshPlugin = createBackendPlugin({
  pluginId: 'mesh',
  register(env) {
    const extraLiveSources: LiveObjectSource[] = [];
    const extraClusterSources: ClusterWorldSource[] = [];
    env.registerExtensionPoint(meshSourcesExtensionPoint, {
      addLiveSource(...sources) {
        extraLiveSources.push(...sources.flat());
      },
      addClusterSource(...sources) {
        extraClusterSources.push(...sources.flat());
      },
    });

    env.registerInit({
      deps: {
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        logger: coreServices.logger,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
      },
      async init(deps) {
        const { config, logger } = deps;
        const mesh = readMeshConfig(config);
        const store = await DatabaseMeshStore.create({
          database: deps.database,
        });
        deps.permissionsRegistry.addPermissions(meshPermissions);

        if (!mesh.prometheusBaseUrl) {
          logger.warn(
            'mesh.prometheus.baseUrl is not set; SLOs are listed as unknown',
          );
        }
        const serviceRefs = async () => {
          const { items } = await deps.catalog.getEntities(
            {
              filter: { kind: 'Component', 'spec.type': 'service' },
              fields: ['kind', 'metadata.name', 'metadata.namespace'],
            },
            { credentials: await deps.auth.getOwnServiceCredentials() },
          );
          return items.map(e => stringifyEntityRef(e));
        };
        // Snapshots of mesh.clusterSnapshots, then the Kubernetes backend's clusters.
        const clusterSources: ClusterWorldSource[] = [
          ...readClusterSources(config, deps),
          ...extraClusterSources,
        ];
        for (const live of extraLiveSources) {
          logger.warn(
            `Mesh source ${live.name} is a per-entity LiveObjectSource (deprecated): its objects are gathered per cluster each cycle; add a ClusterWorldSource with addClusterSource instead`,
          );
          clusterSources.push(new LiveSourceWorlds(live, serviceRefs));
        }

        const trafficOptions = readTrafficOptions(config);
        const sloOptions = readSloOptions(config);
        const refresh = new RefreshService({
          catalog: deps.catalog,
          auth: deps.auth,
          store,
          logger,
          clusterSources,
          declared: new DeclaredManifestSource(
            deps.urlReader,
            mesh.declaredManifests,
          ),
          sloEngine: mesh.prometheusBaseUrl
            ? new SloEngine(
                new PrometheusClient({ baseUrl: mesh.prometheusBaseUrl }),
                sloOptions,
              )
            : undefined,
          traffic: {
            options: trafficOptions,
            observer: mesh.prometheusBaseUrl
              ? new TrafficObserver(
                  new PrometheusClient({ baseUrl: mesh.prometheusBaseUrl }),
                  trafficOptions,
                )
              : undefined,
          },
          analyzer: await createAnalyzer(),
          goldenPaths: mesh.goldenPaths,
          maturityLevels: mesh.maturityLevels,
          rootNamespace: mesh.rootNamespace,
          platform: mesh.platform,
          slo: sloOptions,
          historyRetentionDays: mesh.historyRetentionDays,
          rulesDocumentationUrl: mesh.rulesDocumentationUrl,
        });

        if (mesh.refresh.enabled)
          await scheduleRefresh({
            scheduler: deps.scheduler,
            logger,
            refresh,
            mesh,
          });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            store,
            refresh,
            historyRetentionDays: mesh.historyRetentionDays,
            onDemandRefresh: mesh.refresh.onDemand,
            waiverRules: mesh.waivers,
            goldenPaths: mesh.goldenPaths,
            meshContext: new MeshContextReader({
              sources: clusterSources,
              rootNamespace: mesh.rootNamespace,
            }),
          }),
        );
      },
    });
  },
});
