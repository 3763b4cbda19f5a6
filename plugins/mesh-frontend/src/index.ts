/**
 * Meshpath frontend: the Istio mesh, SLO and compliance state of catalog services.
 *
 * @packageDocumentation
 */
export { meshPlugin, MeshPage, EntityMeshContent } from './plugin';
export * from './api';
export { rootRouteRef } from './routes';
