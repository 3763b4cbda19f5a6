/**
 * Extension points and source contracts of the Meshpath backend, for backend
 * modules that add sources of live mesh objects. The analysis engine is
 * `@meshpath/mesh-engine`; the object types are in `@meshpath/plugin-mesh-common`.
 *
 * @packageDocumentation
 */
export type {
  ClusterObjects,
  ClusterWorld,
  ClusterWorldReadOptions,
  ClusterWorldSource,
  LiveObjects,
  LiveObjectSource,
  MeshSourcesExtensionPoint,
} from './sources';
export { meshSourcesExtensionPoint } from './sources';
