import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  meshAuditReadPermission,
  meshRefreshPermission,
  meshWaiverApprovePermission,
  meshWaiverManagePermission,
  meshWaiverRequestPermission,
} from '@meshpath/plugin-mesh-common';
import { decideMeshPermission } from './decideMeshPermission';

const options = { approverGroups: ['group:default/platform-team'] };

const alice = {
  userEntityRef: 'user:default/alice',
  ownershipEntityRefs: ['user:default/alice', 'group:default/payments-team'],
};
const carol = {
  userEntityRef: 'user:default/carol',
  ownershipEntityRefs: ['user:default/carol', 'group:default/platform-team'],
};

const ownedBy = (claims: string[]) => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions: {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims },
  },
});

describe('decideMeshPermission', () => {
  it('lets owners request a waiver, on the entities they own only', () => {
    // The catalog applies the condition: only entities owned by one of these refs pass.
    expect(
      decideMeshPermission(meshWaiverRequestPermission, alice, options),
    ).toEqual(ownedBy(alice.ownershipEntityRefs));
    // Approving is not owning: an approver requests like anyone else, for what they own.
    expect(
      decideMeshPermission(meshWaiverRequestPermission, carol, options),
    ).toEqual(ownedBy(carol.ownershipEntityRefs));
  });

  it('lets members of an approver group approve, and nobody else', () => {
    expect(
      decideMeshPermission(meshWaiverApprovePermission, carol, options),
    ).toEqual({ result: AuthorizeResult.ALLOW });
    expect(
      decideMeshPermission(meshWaiverApprovePermission, alice, options),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      decideMeshPermission(meshWaiverApprovePermission, carol, {
        approverGroups: [],
      }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('lets approvers revoke, read the audit log and refresh anywhere, owners on their own entities', () => {
    for (const permission of [
      meshWaiverManagePermission,
      meshAuditReadPermission,
      meshRefreshPermission,
    ]) {
      expect([
        permission.name,
        decideMeshPermission(permission, carol, options),
      ]).toEqual([permission.name, { result: AuthorizeResult.ALLOW }]);
      expect([
        permission.name,
        decideMeshPermission(permission, alice, options),
      ]).toEqual([permission.name, ownedBy(alice.ownershipEntityRefs)]);
    }
  });

  it('denies Meshpath permissions without a signed-in user, and unknown mesh.* permissions', () => {
    expect(
      decideMeshPermission(meshWaiverRequestPermission, undefined, options),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      decideMeshPermission(
        createPermission({ name: 'mesh.everything', attributes: {} }),
        carol,
        options,
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('leaves permissions that are not Meshpath’s to the caller', () => {
    expect(
      decideMeshPermission(catalogEntityReadPermission, alice, options),
    ).toBeUndefined();
  });
});
