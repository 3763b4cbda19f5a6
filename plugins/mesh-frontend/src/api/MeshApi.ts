import { createApiRef } from '@backstage/core-plugin-api';
import {
  AuditPage,
  EntityMeshState,
  FleetPage,
  GoldenPathPreset,
  HistoryPoint,
  MeshStatus,
  Waiver,
} from '@meshpath/plugin-mesh-common';

/** What `GET /api/mesh/health` answers. @public */
export interface MeshBackendHealth {
  status: string;
}

/** Filters of the fleet overview. @public */
export interface FleetQuery {
  offset?: number;
  limit?: number;
  owner?: string;
  system?: string;
  namespace?: string;
  status?: MeshStatus;
  framework?: string;
}

/** Which history to read (`GET …/history`); every page is fetched. @public */
export interface HistoryQuery {
  /** For example `slo:availability:budget` or `compliance:SOC2`. */
  metric?: string;
  /** ISO time; the backend defaults to 30 days ago. */
  since?: string;
}

/** A waiver request (`POST …/waivers`). @public */
export interface WaiverRequest {
  ruleCode: string;
  /** `Kind/namespace/name` of the one object to waive; every object of the rule when absent. */
  objectRef?: string;
  reason: string;
  /** ISO time, at most `mesh.waivers.maxExpiryDays` away. */
  expiresAt: string;
}

/**
 * Client for the Meshpath backend (`/api/mesh`), one method per route of its
 * OpenAPI spec (plugins/mesh-backend/src/schema/openapi.yaml).
 * @public
 */
export interface MeshApi {
  getHealth(): Promise<MeshBackendHealth>;
  /** Everything Meshpath knows about one entity, or undefined before its first refresh. */
  getEntityState(entityRef: string): Promise<EntityMeshState | undefined>;
  getFleet(query: FleetQuery): Promise<FleetPage>;
  /** History points, oldest first, all pages followed. */
  getHistory(entityRef: string, query?: HistoryQuery): Promise<HistoryPoint[]>;
  /** Refreshes the entity now; rejects with a ResponseError (429 with Retry-After) past the limits. */
  refreshEntity(entityRef: string): Promise<EntityMeshState>;
  listWaivers(entityRef: string): Promise<Waiver[]>;
  requestWaiver(entityRef: string, request: WaiverRequest): Promise<Waiver>;
  approveWaiver(
    entityRef: string,
    waiverId: string,
    comment?: string,
  ): Promise<Waiver>;
  rejectWaiver(
    entityRef: string,
    waiverId: string,
    comment?: string,
  ): Promise<Waiver>;
  /** Revokes an approved waiver or withdraws a pending request. */
  revokeWaiver(entityRef: string, waiverId: string): Promise<Waiver>;
  /** The golden paths the backend serves to the template form, in config order. */
  getGoldenPaths(): Promise<GoldenPathPreset[]>;
  /** One page of the entity's audit log, newest first. */
  getAudit(
    entityRef: string,
    page?: { offset?: number; limit?: number },
  ): Promise<AuditPage>;
}

/** @public */
export const meshApiRef = createApiRef<MeshApi>({ id: 'plugin.mesh.api' });
