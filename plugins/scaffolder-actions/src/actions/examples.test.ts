import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
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
import { createMeshRemediateAction } from './remediate';
import { examples as remediateExamples } from './remediate.examples';
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
  'mesh:remediate': createMeshRemediateAction({ goldenPaths, analyzer }),
} as Record<string, { handler: (ctx: any) => Promise<void>; schema?: any }>;

const all = [
  ...generateExamples,
  ...validateExamples,
  ...annotateExamples,
  ...bodyExamples,
  ...remediateExamples,
];

type Outputs = Record<string, unknown>;

/** What each action's documented example must do, beyond not throwing. */
function expectBehaviour(
  step: { action: string; input: any },
  outputs: Outputs,
  workspacePath: string,
) {
  switch (step.action) {
    case 'mesh:generate': {
      const files = outputs.files as string[];
      expect(files).toContain(
        `${step.input.targetPath ?? 'deploy/mesh'}/kustomization.yaml`,
      );
      for (const file of files) {
        const documents = parseAllDocuments(
          readFileSync(join(workspacePath, file), 'utf8'),
        );
        expect(documents.flatMap(d => d.errors)).toEqual([]);
      }
      expect(outputs.summary).toMatch(
        new RegExp(`^\`${step.input.name}\` in \`${step.input.namespace}\``),
      );
      return;
    }
    case 'mesh:validate':
      expect(outputs.errors).toBe(0);
      expect(outputs.compliance).toEqual(
        expect.arrayContaining([expect.stringMatching(/^MP2001 /)]),
      );
      return;
    case 'mesh:catalog:annotate': {
      expect(outputs.changed).toBe(true);
      const info = parse(
        readFileSync(
          join(workspacePath, step.input.filePath ?? 'catalog-info.yaml'),
          'utf8',
        ),
      );
      expect(info.metadata.annotations).toEqual({
        'meshpath.io/manifests': step.input.manifestsPath,
        'meshpath.io/golden-path': step.input.goldenPath,
        'backstage.io/kubernetes-id': step.input.kubernetesId,
        'backstage.io/kubernetes-namespace': step.input.namespace,
      });
      return;
    }
    case 'mesh:pull-request-body':
      expect(outputs.body).toMatch(
        new RegExp(`^# Onboard \`${step.input.name}\` to the service mesh\n`),
      );
      return;
    case 'mesh:remediate':
      // The workspace has no PeerAuthentication: the fix adds one.
      expect(outputs.changed).toEqual(
        expect.arrayContaining([
          `${step.input.manifestsPath}/peerauthentication.yaml`,
        ]),
      );
      expect(outputs.body).toMatch(
        /^# Fix `MP2001`, `MP2005` for `component:default\/payments`\n/,
      );
      return;
    default:
      throw new Error(`no expectation for ${step.action}`);
  }
}

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
      const steps = parse(example.example).steps;
      const ours = steps.filter((step: any) => actions[step.action]);
      expect(ours.length).toBeGreaterThan(0);
      for (const step of ours) {
        const ctx = createMockActionContext({
          input: step.input,
          workspacePath,
        });
        await actions[step.action].handler(ctx);
        const outputs: Outputs = Object.fromEntries(
          (ctx.output as jest.Mock).mock.calls,
        );
        // Every declared output is set; steps after it may read any of them.
        expect(Object.keys(outputs).sort()).toEqual(
          Object.keys(actions[step.action].schema.output.properties).sort(),
        );
        expectBehaviour(step, outputs, workspacePath);
      }
    },
  );
});
