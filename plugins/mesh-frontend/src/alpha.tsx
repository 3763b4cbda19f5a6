import {
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import MeshIcon from '@material-ui/icons/DeviceHub';
import { meshApiRef, MeshClient } from './api';
import { rootRouteRef } from './routes';

const meshApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: meshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new MeshClient({ discoveryApi, fetchApi }),
    }),
});

/** The Meshpath page, at `/mesh`. @alpha */
export const meshPage = PageBlueprint.make({
  params: {
    path: '/mesh',
    title: 'Service mesh',
    icon: <MeshIcon fontSize="inherit" />,
    routeRef: convertLegacyRouteRef(rootRouteRef),
    loader: () =>
      import('./components/MeshStatusPage').then(m => <m.MeshStatusPage />),
  },
});

/**
 * The Meshpath frontend plugin for the new frontend system.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'mesh',
  info: { packageJson: () => import('../package.json') },
  routes: convertLegacyRouteRefs({ root: rootRouteRef }),
  extensions: [meshApi, meshPage],
});
