import { createApiRef } from '@backstage/core-plugin-api';
import {
  AuditPage,
  ClusterOutcome,
  ComplianceReport,
  EntityMeshState,
  FleetPage,
  FleetTeamRollup,
  FleetTrend,
  GoldenPathPreset,
  HistoryPoint,
  MeshStatus,
  SloStatus,
  Waiver,
} from '@meshpath/plugin-mesh-common';

/** What `GET /api/mesh/health` answers. @public */
export interface MeshBackendHealth {
  status: string;
}

/** Columns the fleet can be sorted by. @public */
export type FleetSortField =
  | 'service'
  | 'owner'
  | 'system'
  | 'namespace'
  | 'clusters'
  | 'status'
  | 'mtls'
  | 'sloBudget'
  | 'compliance'
  | 'openFindings'
  | 'maturity';

/** Filters of the fleet overview; a list keeps services matching any of its values. @public */
export interface FleetFilters {
  /** Owner entity references, as the catalog's owner picker gives them. */
  owner?: string[];
  /** System entity references. */
  system?: string[];
  lifecycle?: string[];
  namespace?: string;
  cluster?: string;
  status?: MeshStatus;
  /** Only services failing a check of this framework. */
  framework?: string;
  /** Only services at this maturity level; `none` for those without one. */
  level?: string;
}

/** Filters, order and page of the fleet overview. @public */
export interface FleetQuery extends FleetFilters {
  offset?: number;
  limit?: number;
  sort?: FleetSortField;
  order?: 'asc' | 'desc';
  /** The framework whose score `sort: 'compliance'` orders by. */
  sortFramework?: string;
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
  /** The entity's SLOs as of its last refresh. */
  getEntitySlos(
    entityRef: string,
  ): Promise<{ items: SloStatus[]; refreshedAt: string }>;
  /** The entity's compliance report, waivers applied. */
  getEntityCompliance(entityRef: string): Promise<ComplianceReport>;
  getFleet(query: FleetQuery): Promise<FleetPage>;
  /** Every service the query keeps, sorted, as CSV (the whole set, not one page). */
  exportFleet(query: Omit<FleetQuery, 'offset' | 'limit'>): Promise<Blob>;
  /** The fleet's figures per owning team, most open findings first. */
  getFleetTeams(filters: FleetFilters): Promise<FleetTeamRollup[]>;
  /** The fleet's daily average score of a framework over the last `days` (30 by default). */
  getFleetTrend(
    filters: Omit<FleetFilters, 'framework'> & {
      framework: string;
      days?: number;
    },
  ): Promise<FleetTrend>;
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
  /** How the last refresh of each cluster went, by cluster name. */
  getClusterOutcomes(): Promise<ClusterOutcome[]>;
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
