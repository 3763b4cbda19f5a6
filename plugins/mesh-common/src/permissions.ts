import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * Ask for a compliance finding of an entity to be waived. The request waits
 * for an approver; Meshpath's policy grants it to the entity's owners.
 * @public
 */
export const meshWaiverRequestPermission = createPermission({
  name: 'mesh.waiver.request',
  attributes: { action: 'create' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Approve or reject a pending waiver request of an entity. Meshpath's policy
 * grants it to the configured approver groups.
 * @public
 */
export const meshWaiverApprovePermission = createPermission({
  name: 'mesh.waiver.approve',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Revoke a waiver of an entity, or withdraw a pending request.
 * Scoped to the catalog entity so a policy can allow it for owners only.
 * @public
 */
export const meshWaiverManagePermission = createPermission({
  name: 'mesh.waiver.manage',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});

/**
 * Read the audit log of an entity: who requested, approved, rejected and
 * revoked its waivers, and when.
 * @public
 */
export const meshAuditReadPermission = createPermission({
  name: 'mesh.audit.read',
  attributes: { action: 'read' },
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
  meshWaiverRequestPermission,
  meshWaiverApprovePermission,
  meshWaiverManagePermission,
  meshAuditReadPermission,
  meshRefreshPermission,
];
