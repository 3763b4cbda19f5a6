import { createApiRef } from '@backstage/core-plugin-api';
import {
  EntityMeshState,
  FleetPage,
  MeshStatus,
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

/**
 * Client for the Meshpath backend (`/api/mesh`).
 * @public
 */
export interface MeshApi {
  getHealth(): Promise<MeshBackendHealth>;
  /** Everything Meshpath knows about one entity, or undefined before its first refresh. */
  getEntityState(entityRef: string): Promise<EntityMeshState | undefined>;
  getFleet(query: FleetQuery): Promise<FleetPage>;
}

/** @public */
export const meshApiRef = createApiRef<MeshApi>({ id: 'plugin.mesh.api' });
