import {
  createComponentExtension,
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { meshApiRef, MeshClient } from './api';
import { rootRouteRef } from './routes';

/**
 * The Meshpath frontend plugin, for apps on the legacy frontend system.
 * Apps on the new frontend system use the `/alpha` export.
 * @public
 */
export const meshPlugin = createPlugin({
  id: 'mesh',
  apis: [
    createApiFactory({
      api: meshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MeshClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
  },
});

/**
 * The Meshpath page, mounted by the app at a path of its choice.
 * @public
 */
export const MeshPage = meshPlugin.provide(
  createRoutableExtension({
    name: 'MeshPage',
    component: () =>
      import('./components/FleetOverviewPage').then(m => m.FleetOverviewPage),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The Mesh tab content for a service's entity page (legacy frontend system).
 * @public
 */
export const EntityMeshContent = meshPlugin.provide(
  createComponentExtension({
    name: 'EntityMeshContent',
    component: {
      lazy: () =>
        import('./components/EntityMeshContent').then(m => m.EntityMeshContent),
    },
  }),
);

/**
 * The service's mesh at a glance, for its Overview tab (legacy frontend system).
 * @public
 */
export const EntityMeshOverviewCard = meshPlugin.provide(
  createComponentExtension({
    name: 'EntityMeshOverviewCard',
    component: {
      lazy: () =>
        import('./components/MeshOverviewCard').then(m => m.MeshOverviewCard),
    },
  }),
);
