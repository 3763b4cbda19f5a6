import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  analyzer,
  repositoryGoldenPaths,
  tempWorkspace,
  writeServiceContext,
} from '../__testUtils__/workspace';
import { createMeshAnnotateCatalogInfoAction } from './annotateCatalogInfo';
import { examples as annotateExamples } from './annotateCatalogInfo.examples';
import { createMeshGenerateAction } from './generate';
import { examples as generateExamples } from './generate.examples';
import { createMeshPullRequestBodyAction } from './pullRequestBody';
import { examples as bodyExamples } from './pullRequestBody.examples';
import { createMeshValidateAction } from './validate';
import { examples as validateExamples } from './validate.examples';

// Every documented example runs through the real handler, so the docs cannot drift.
const goldenPaths = repositoryGoldenPaths();
const actions = {
  'mesh:generate': createMeshGenerateAction({ goldenPaths, analyzer }),
  'mesh:validate': createMeshValidateAction({ goldenPaths, analyzer }),
  'mesh:catalog:annotate': createMeshAnnotateCatalogInfoAction(),
  'mesh:pull-request-body': createMeshPullRequestBodyAction({
    goldenPaths,
    analyzer,
  }),
} as Record<string, { handler: (ctx: any) => Promise<void> }>;

const all = [
  ...generateExamples,
  ...validateExamples,
  ...annotateExamples,
  ...bodyExamples,
];

describe('action examples', () => {
  it.each(all.map(e => [e.description, e] as const))(
    '%s',
    async (_, example) => {
      const workspacePath = tempWorkspace();
      writeServiceContext(workspacePath, {
        name: 'payments',
        namespace: 'payments',
        port: 8080,
      });
      writeFileSync(
        join(workspacePath, 'catalog-info.yaml'),
        'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\nspec:\n  type: service\n',
      );
      for (const step of parse(example.example).steps) {
        const action = actions[step.action];
        if (!action) continue; // steps of other modules, such as publish:github:pull-request
        await action.handler(
          createMockActionContext({ input: step.input, workspacePath }),
        );
      }
      expect(readdirSync(workspacePath).length).toBeGreaterThan(0);
    },
  );
});
