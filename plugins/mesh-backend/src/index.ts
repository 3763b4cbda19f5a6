/**
 * Meshpath backend: each catalog service's mesh, SLO and compliance state.
 *
 * @packageDocumentation
 */
export { meshPlugin as default } from './plugin';
export { meshSourcesExtensionPoint } from './extensions';
export type { MeshSourcesExtensionPoint } from './extensions';
export type {
  ClusterObjects,
  LiveObjects,
  LiveObjectSource,
  MeshKubernetesObject,
} from './sources/types';
