import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Waive a compliance finding for an entity, or revoke a waiver.
 * Scoped to the catalog entity so a policy can allow it for owners only.
 * @public
 */
export const meshWaiverManagePermission = createPermission({
  name: 'mesh.waiver.manage',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Ask the backend to refresh one entity's mesh state now.
 * @public
 */
export const meshRefreshPermission = createPermission({
  name: 'mesh.refresh',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Every permission Meshpath defines, for registration with the permission framework.
 * @public
 */
export const meshPermissions = [
  meshWaiverManagePermission,
  meshRefreshPermission,
];
