import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { MeshPermissionPolicy } from './MeshPermissionPolicy';
import { readMeshPolicyOptions } from './options';

/**
 * Sets Meshpath's policy as the permission backend's policy. Use it instead of
 * another policy module: an app has exactly one policy.
 * @public
 */
export const permissionModuleMeshPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'mesh-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ config, logger, policy, userInfo }) {
        const options = readMeshPolicyOptions(config);
        if (options.approverGroups.length === 0) {
          logger.warn(
            'mesh.waivers.approvers is empty: nobody can approve waiver requests',
          );
        }
        policy.setPolicy(new MeshPermissionPolicy({ ...options, userInfo }));
      },
    });
  },
});
