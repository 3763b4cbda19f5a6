import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { decideMeshPermission } from './decideMeshPermission';
import { MeshPolicyOptions } from './options';

/**
 * A whole permission policy: Meshpath's decisions for its permissions, and
 * `otherPermissions` for the rest.
 * @public
 */
export class MeshPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly options: MeshPolicyOptions & {
      /** Where the user's ownership refs come from (`coreServices.userInfo`). */
      userInfo: UserInfoService;
    },
  ) {}

  /** Meshpath's decision for its permissions, `otherPermissions` for the rest. */
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const info =
      user && request.permission.name.startsWith('mesh.')
        ? await this.options.userInfo.getUserInfo(user.credentials)
        : undefined;
    return (
      decideMeshPermission(request.permission, info, this.options) ?? {
        result:
          this.options.otherPermissions === 'allow'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }
    );
  }
}
