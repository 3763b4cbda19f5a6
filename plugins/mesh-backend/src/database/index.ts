export { DatabaseMeshStore } from './DatabaseMeshStore';
export type {
  AuditEntry,
  EntityFacts,
  FleetFilter,
  MeshStore,
} from './MeshStore';
