import { createApiRef } from '@backstage/core-plugin-api';

/** What `GET /api/mesh/health` answers. @public */
export interface MeshBackendHealth {
  status: string;
}

/**
 * Client for the Meshpath backend (`/api/mesh`).
 * @public
 */
export interface MeshApi {
  getHealth(): Promise<MeshBackendHealth>;
}

/** @public */
export const meshApiRef = createApiRef<MeshApi>({ id: 'plugin.mesh.api' });
