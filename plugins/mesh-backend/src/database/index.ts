export { DatabaseMeshStore } from './DatabaseMeshStore';
export type {
  AuditEntry,
  EntityFacts,
  FleetFilter,
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
