import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readGoldenPaths, readSloOptions } from '@meshpath/plugin-mesh-common';
import { Analyzer, createAnalyzer } from '@meshpath/mesh-engine';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createMeshAnnotateCatalogInfoAction } from './actions/annotateCatalogInfo';
import { createMeshGenerateAction } from './actions/generate';
import { createMeshPullRequestBodyAction } from './actions/pullRequestBody';
import { createMeshRemediateAction } from './actions/remediate';
import { createMeshValidateAction } from './actions/validate';
import { meshContextFromBackend } from './repository/meshContextClient';

/**
 * Adds the Meshpath onboarding actions to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleMesh = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'mesh',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ scaffolder, config, discovery, auth }) {
        // Read at start-up so a broken golden path fails fast, not mid-task.
        const goldenPaths = readGoldenPaths(config);
        const sloOptions = readSloOptions(config);
        let analyzer: Promise<Analyzer> | undefined;
        const sharedAnalyzer = () => (analyzer ??= createAnalyzer());
        scaffolder.addActions(
          createMeshGenerateAction({
            goldenPaths,
            sloOptions,
            analyzer: sharedAnalyzer,
          }),
          createMeshValidateAction({
            goldenPaths,
            sloOptions,
            analyzer: sharedAnalyzer,
            meshContext: meshContextFromBackend({ discovery, auth }),
          }),
          createMeshAnnotateCatalogInfoAction(),
          createMeshPullRequestBodyAction({
            goldenPaths,
            sloOptions,
            analyzer: sharedAnalyzer,
          }),
          createMeshRemediateAction({ goldenPaths, analyzer: sharedAnalyzer }),
        );
      },
    });
  },
});
