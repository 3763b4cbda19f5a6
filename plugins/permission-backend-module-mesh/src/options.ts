import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';

/** What Meshpath's policy is told by configuration. @public */
export interface MeshPolicyOptions {
  /**
   * Group entity refs (for example `group:default/platform-team`) whose members
   * approve or reject waiver requests. Empty: nobody can approve.
   */
  approverGroups: string[];
  /**
   * The decision for permissions that are not Meshpath's (catalog, scaffolder,
   * Kubernetes, …) when this module is the app's only policy.
   */
  otherPermissions: 'allow' | 'deny';
}

/**
 * Reads `mesh.waivers.approvers` and `mesh.policy.otherPermissions`. Refs are
 * normalised (`platform-team` is `group:default/platform-team`), so they compare
 * equal to a user's ownership refs.
 * @public
 */
export function readMeshPolicyOptions(config: Config): MeshPolicyOptions {
  const approverGroups = (
    config.getOptionalStringArray('mesh.waivers.approvers') ?? []
  ).map(ref => {
    try {
      return stringifyEntityRef(
        parseEntityRef(ref, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      );
    } catch (error) {
      throw new Error(
        `mesh.waivers.approvers: "${ref}" is not an entity ref: ${error}`,
      );
    }
  });
  const otherPermissions =
    config.getOptionalString('mesh.policy.otherPermissions') ?? 'allow';
  if (otherPermissions !== 'allow' && otherPermissions !== 'deny') {
    throw new Error(
      `mesh.policy.otherPermissions must be allow or deny, got "${otherPermissions}"`,
    );
  }
  return { approverGroups, otherPermissions };
}
