export { DatabaseMeshStore } from './DatabaseMeshStore';
export type {
  AuditEntry,
  EntityFacts,
  FleetFilter,
  MeshStore,
  WaiverDecision,
  WaiverRequest,
} from './MeshStore';
