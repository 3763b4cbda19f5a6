import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { meshPermissions, readGoldenPaths } from '@meshpath/plugin-mesh-common';
import {
  createAnalyzer,
  LiveObjectSource,
  meshSourcesExtensionPoint,
} from '@meshpath/plugin-mesh-node';
import { DatabaseMeshStore } from './database';
import { RefreshService } from './service/RefreshService';
import { readOnDemandRefreshLimits } from './service/onDemandRefresh';
import { createRouter } from './service/router';
import { readWaiverRules } from './service/waivers';
import { PrometheusClient } from './slo/PrometheusClient';
import { SloEngine } from './slo/SloEngine';
import {
  DeclaredManifestSource,
  readDeclaredManifestOptions,
} from './sources/DeclaredManifestSource';
import { KubernetesBackendSource } from './sources/KubernetesBackendSource';

/**
 * The Meshpath backend plugin: serves each catalog service's mesh, SLO and
 * compliance state under `/api/mesh`.
 *
 * @public
 */
export const meshPlugin = createBackendPlugin({
  pluginId: 'mesh',
  register(env) {
    const extraSources: LiveObjectSource[] = [];
    env.registerExtensionPoint(meshSourcesExtensionPoint, {
      addLiveSource(...sources) {
        extraSources.push(...sources.flat());
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
        const meshConfig = config.getOptionalConfig('mesh');
        const store = await DatabaseMeshStore.create({
          database: deps.database,
        });
        deps.permissionsRegistry.addPermissions(meshPermissions);

        const prometheusUrl =
          meshConfig?.getOptionalString('prometheus.baseUrl');
        if (!prometheusUrl) {
          logger.warn(
            'mesh.prometheus.baseUrl is not set; SLOs will not be evaluated',
          );
        }
        const liveSources: LiveObjectSource[] = [];
        if (meshConfig?.getOptionalBoolean('kubernetes.enabled') ?? true) {
          liveSources.push(
            new KubernetesBackendSource({
              auth: deps.auth,
              discovery: deps.discovery,
              meshWideEntityRef: meshConfig?.getOptionalString(
                'kubernetes.meshWideEntityRef',
              ),
              namespacesEntityRef: meshConfig?.getOptionalString(
                'kubernetes.namespacesEntityRef',
              ),
            }),
          );
        }
        liveSources.push(...extraSources);

        const refresh = new RefreshService({
          catalog: deps.catalog,
          auth: deps.auth,
          store,
          logger,
          liveSources,
          declared: new DeclaredManifestSource(
            deps.urlReader,
            readDeclaredManifestOptions(config),
          ),
          sloEngine: prometheusUrl
            ? new SloEngine(new PrometheusClient({ baseUrl: prometheusUrl }))
            : undefined,
          analyzer: await createAnalyzer(),
          goldenPaths: readGoldenPaths(config),
          rootNamespace:
            meshConfig?.getOptionalString('rootNamespace') ?? 'istio-system',
          historyRetentionDays:
            meshConfig?.getOptionalNumber('history.retentionDays') ?? 90,
        });

        // Global scope: with several replicas, one of them runs each cycle.
        if (meshConfig?.getOptionalBoolean('refresh.enabled') ?? true)
          await deps.scheduler.scheduleTask({
            id: 'mesh-refresh',
            scope: 'global',
            frequency: {
              minutes:
                meshConfig?.getOptionalNumber('refresh.intervalMinutes') ?? 5,
            },
            timeout: {
              minutes:
                meshConfig?.getOptionalNumber('refresh.timeoutMinutes') ?? 15,
            },
            initialDelay: { seconds: 15 },
            // The scheduler aborts on its timeout and at shutdown: the cycle stops between chunks.
            fn: async (signal: AbortSignal) => {
              const { entities, promqlQueries, aborted } =
                await refresh.refreshAll(new Date(), signal);
              if (!aborted)
                logger.info(
                  `Mesh refresh: ${entities} services, ${promqlQueries} PromQL queries`,
                );
            },
          });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            catalog: deps.catalog,
            store,
            refresh,
            historyRetentionDays:
              meshConfig?.getOptionalNumber('history.retentionDays') ?? 90,
            onDemandRefresh: readOnDemandRefreshLimits(config),
            waiverRules: readWaiverRules(config),
          }),
        );
      },
    });
  },
});
