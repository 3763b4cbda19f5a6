import { meshRefreshPermission } from '@meshpath/plugin-mesh-common';
import { usePermission } from '@backstage/plugin-permission-react';

/** Every Meshpath permission is a catalog-entity resource permission like this one. */
export type MeshEntityPermission = typeof meshRefreshPermission;

/** Whether the user holds a Meshpath permission on this entity (false while loading). */
export function useMeshPermission(
  permission: MeshEntityPermission,
  entityRef: string,
) {
  const { allowed, loading } = usePermission({
    permission,
    resourceRef: entityRef,
  });
  return { allowed: allowed && !loading, loading };
}
