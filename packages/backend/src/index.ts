// The Meshpath portal backend: only the plugins Meshpath needs.
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
// Guest sign-in for local use (auth.providers.guest in app-config.yaml).
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@backstage/plugin-permission-backend'));
// The backend's one policy: owners request waivers, mesh.waivers.approvers approve;
// other permissions per mesh.policy.otherPermissions. With a policy of your own,
// call decideMeshPermission from it instead (see the module's README).
backend.add(import('@meshpath/plugin-permission-backend-module-mesh'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
backend.add(import('@meshpath/plugin-scaffolder-backend-module-mesh'));

backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.add(import('@meshpath/plugin-mesh-backend'));

backend.start();
