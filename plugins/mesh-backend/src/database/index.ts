export { DatabaseMeshStore } from './DatabaseMeshStore';
export type {
  AuditEntry,
  EntityFacts,
  FleetFilter,
  FleetSort,
  MeshStore,
  WaiverDecision,
  WaiverRequest,
} from './MeshStore';
export type {
  HistoryPage,
  HistoryPosition,
  RefreshBudgets,
  RefreshClaim,
} from './MeshStore';
export { FLEET_SORT_FIELDS } from './fleetRows';
