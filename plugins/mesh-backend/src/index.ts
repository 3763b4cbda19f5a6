/**
 * Meshpath backend: each catalog service's mesh, SLO and compliance state.
 * Modules add live sources through `meshSourcesExtensionPoint` of
 * `@meshpath/plugin-mesh-node`.
 *
 * @packageDocumentation
 */
export { meshPlugin as default } from './plugin';
