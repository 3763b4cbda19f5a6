export { DatabaseMeshStore } from './DatabaseMeshStore';
export type {
  EntityFacts,
  FleetFilter,
  FleetSort,
  MeshStore,
  WaiverDecision,
} from './MeshStore';
export type { HistoryPosition, RefreshBudgets } from './MeshStore';
