/**
 * Meshpath backend: each catalog service's mesh, SLO and compliance state.
 *
 * @packageDocumentation
 */
export { meshPlugin as default } from './plugin';
