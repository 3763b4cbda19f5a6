import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { LiveObjectSource } from './sources/types';

/**
 * Lets backend modules add sources of live mesh objects to the mesh plugin.
 * Belongs in `@meshpath/plugin-mesh-node`; it lives here until that package takes it.
 * @alpha
 */
export interface MeshSourcesExtensionPoint {
  addLiveSource(...sources: Array<LiveObjectSource | LiveObjectSource[]>): void;
}

/** @alpha */
export const meshSourcesExtensionPoint =
  createExtensionPoint<MeshSourcesExtensionPoint>({ id: 'mesh.sources' });
