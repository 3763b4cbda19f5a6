/**
 * Meshpath frontend: the Istio mesh, SLO and compliance state of catalog services.
 *
 * @packageDocumentation
 */
export {
  meshPlugin,
  MeshPage,
  EntityMeshContent,
  EntityMeshOverviewCard,
} from './plugin';
export { GoldenPathPickerFieldExtension } from './fieldExtensions';
export { WaiverRequestButton } from './components/Waivers';
export type { WaiverRequestButtonProps } from './components/Waivers';
export { RefreshButton } from './components/RefreshButton';
export type { RefreshButtonProps } from './components/RefreshButton';
export * from './api';
export { rootRouteRef } from './routes';
