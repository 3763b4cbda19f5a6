export type {
  FleetFilters,
  FleetQuery,
  FleetSortField,
  HistoryQuery,
  MeshApi,
  MeshBackendHealth,
  WaiverRequest,
} from './MeshApi';
export { meshApiRef } from './MeshApi';
export { MeshClient } from './MeshClient';
