export type {
  FleetQuery,
  HistoryQuery,
  MeshApi,
  MeshBackendHealth,
  WaiverRequest,
} from './MeshApi';
export { meshApiRef } from './MeshApi';
export { MeshClient } from './MeshClient';
