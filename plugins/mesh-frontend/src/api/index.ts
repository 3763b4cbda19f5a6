export type { FleetQuery, MeshApi, MeshBackendHealth } from './MeshApi';
export { meshApiRef } from './MeshApi';
export { MeshClient } from './MeshClient';
