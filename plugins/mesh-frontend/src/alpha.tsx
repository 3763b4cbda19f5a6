import {
  convertLegacyRouteRef,
  convertLegacyRouteRefs,
} from '@backstage/core-compat-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import MeshIcon from '@material-ui/icons/DeviceHub';
import { meshApiRef, MeshClient } from './api';
import { rootRouteRef } from './routes';

export { meshTranslationRef } from './translation';

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
      import('./components/FleetOverviewPage').then(m => (
        <m.FleetOverviewPage />
      )),
  },
});

/** The Mesh tab of a service's page: mesh, SLO and compliance state. @alpha */
export const entityMeshContent = EntityContentBlueprint.make({
  params: {
    path: '/mesh',
    title: 'Mesh',
    filter: 'kind:component',
    loader: () =>
      import('./components/EntityMeshContent').then(m => (
        <m.EntityMeshContent />
      )),
  },
});

/** The service's mesh at a glance, for its Overview tab. @alpha */
export const entityMeshOverviewCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    type: 'info',
    filter: { kind: 'component' },
    loader: () =>
      import('./components/MeshOverviewCard').then(m => <m.MeshOverviewCard />),
  },
});

/**
 * Scaffolder field `GoldenPathPicker`: the golden paths the mesh backend
 * serves, with what each locks and its defaults; templates use
 * `ui:field: GoldenPathPicker`. @alpha
 */
export const goldenPathPickerField = FormFieldBlueprint.make({
  name: 'golden-path-picker',
  params: {
    field: () =>
      import('./components/GoldenPathPicker/formField').then(
        m => m.goldenPathPickerFormField,
      ),
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
  extensions: [
    meshApi,
    meshPage,
    entityMeshContent,
    entityMeshOverviewCard,
    goldenPathPickerField,
  ],
});
