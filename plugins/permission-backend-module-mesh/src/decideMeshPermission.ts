import { BackstageUserInfo } from '@backstage/backend-plugin-api';
import { catalogEntityPermissionResourceRef } from '@backstage/plugin-catalog-node/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
  PermissionCondition,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  meshAuditReadPermission,
  meshRefreshPermission,
  meshWaiverApprovePermission,
  meshWaiverManagePermission,
  meshWaiverRequestPermission,
} from '@meshpath/plugin-mesh-common';
import { MeshPolicyOptions } from './options';

const DENY: PolicyDecision = { result: AuthorizeResult.DENY };
const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };

/**
 * The catalog's `IS_ENTITY_OWNER` rule: true when the entity is owned by one of
 * the claims. Written as data because the rule itself lives in the catalog
 * backend, which evaluates it when the permission backend applies the decision.
 */
function isEntityOwner(
  claims: string[],
): PermissionCondition<'catalog-entity'> {
  return {
    rule: 'IS_ENTITY_OWNER',
    resourceType: catalogEntityPermissionResourceRef.resourceType,
    params: { claims },
  };
}

/** Allowed on entities the user (or one of their groups) owns. */
function ownersOnly(user: BackstageUserInfo): PolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: catalogEntityPermissionResourceRef.pluginId,
    resourceType: catalogEntityPermissionResourceRef.resourceType,
    conditions: isEntityOwner(user.ownershipEntityRefs),
  };
}

/**
 * Meshpath's decision for one of its own permissions, or `undefined` when the
 * permission is not Meshpath's, so the caller's policy decides it.
 *
 * - `mesh.waiver.request`: owners of the entity (conditional on the catalog's
 *   `IS_ENTITY_OWNER`, with the user's ownership refs as claims).
 * - `mesh.waiver.approve`: members of an approver group, on any entity.
 * - `mesh.waiver.manage` (revoke, withdraw), `mesh.audit.read`, `mesh.refresh`:
 *   approvers on any entity, owners on their own.
 * - Any other `mesh.*` permission, and any Meshpath permission without a
 *   signed-in user: deny.
 *
 * Call it first from your own policy to reuse these decisions.
 *
 * @public
 */
export function decideMeshPermission(
  permission: Permission,
  user: BackstageUserInfo | undefined,
  options: Pick<MeshPolicyOptions, 'approverGroups'>,
): PolicyDecision | undefined {
  if (!permission.name.startsWith('mesh.')) return undefined;
  if (!user || !isResourcePermission(permission, 'catalog-entity')) {
    return DENY;
  }
  const approver = user.ownershipEntityRefs.some(ref =>
    options.approverGroups.includes(ref),
  );
  switch (permission.name) {
    case meshWaiverRequestPermission.name:
      return ownersOnly(user);
    case meshWaiverApprovePermission.name:
      return approver ? ALLOW : DENY;
    case meshWaiverManagePermission.name:
    case meshAuditReadPermission.name:
    case meshRefreshPermission.name:
      return approver ? ALLOW : ownersOnly(user);
    default:
      return DENY;
  }
}
