import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishGithubPullRequestAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { startFakeGithub } from '@internal/test-stand-ins';
import {
  analyzer,
  repositoryGoldenPaths,
  tempWorkspace,
  writeServiceContext,
} from './__testUtils__/workspace';
import { createMeshAnnotateCatalogInfoAction } from './actions/annotateCatalogInfo';
import { createMeshGenerateAction } from './actions/generate';
import { createMeshPullRequestBodyAction } from './actions/pullRequestBody';
import { createMeshValidateAction } from './actions/validate';

const goldenPaths = repositoryGoldenPaths();

/** Runs an action's real handler the way the scaffolder does, returning its outputs. */
async function runAction(
  action: { handler: (ctx: any) => Promise<void> },
  input: Record<string, unknown>,
  workspacePath: string,
) {
  const outputs: Record<string, unknown> = {};
  const ctx = createMockActionContext({ input: input as any, workspacePath });
  (ctx as any).output = (name: string, value: unknown) =>
    (outputs[name] = value);
  await action.handler(ctx);
  return outputs;
}

describe('onboarding an existing service, published as a GitHub pull request', () => {
  it('opens the PR with the mesh manifests, the annotated catalog-info.yaml and the generated body', async () => {
    const github = await startFakeGithub('acme', 'payments');
    try {
      // The fetched repository: the service manifests and its catalog-info.yaml.
      const workspacePath = tempWorkspace();
      writeServiceContext(workspacePath, {
        name: 'payments',
        namespace: 'payments',
        port: 8080,
      });
      writeFileSync(
        join(workspacePath, 'catalog-info.yaml'),
        '# Payments\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\nspec:\n  type: service\n  owner: group:payments-team\n  lifecycle: production\n',
      );
      const service = {
        goldenPath: 'tier-2',
        name: 'payments',
        namespace: 'payments',
        ports: [{ port: 8080, protocol: 'http' }],
        callers: { serviceAccounts: ['storefront/storefront'] },
      };

      const generated = await runAction(
        createMeshGenerateAction({ goldenPaths, analyzer }),
        { ...service, targetPath: 'deploy/mesh' },
        workspacePath,
      );
      await runAction(
        createMeshValidateAction({ goldenPaths, analyzer }),
        { goldenPath: 'tier-2', paths: ['deploy'] },
        workspacePath,
      );
      await runAction(
        createMeshAnnotateCatalogInfoAction(),
        {
          manifestsPath: 'deploy/mesh',
          goldenPath: 'tier-2',
          kubernetesId: 'payments',
          namespace: 'payments',
        },
        workspacePath,
      );
      const { body } = await runAction(
        createMeshPullRequestBodyAction({ goldenPaths, analyzer }),
        { ...service, paths: ['deploy'] },
        workspacePath,
      );

      const integrations = ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: {
            github: [
              {
                host: 'github.com',
                apiBaseUrl: github.apiBaseUrl,
                token: 'test-token',
              },
            ],
          },
        }),
      );
      const published = await runAction(
        createPublishGithubPullRequestAction({ integrations }),
        {
          repoUrl: 'github.com?owner=acme&repo=payments',
          branchName: 'meshpath/onboard-payments',
          title: 'Onboard payments to the service mesh (tier-2)',
          description: body,
        },
        workspacePath,
      );

      expect(github.record.unexpected).toEqual([]);
      expect(github.record.refs).toEqual([
        { ref: 'refs/heads/meshpath/onboard-payments', sha: 'commit-1' },
      ]);
      expect(github.record.pulls).toEqual([
        {
          title: 'Onboard payments to the service mesh (tier-2)',
          body,
          head: 'acme:meshpath/onboard-payments',
          base: 'main',
          draft: false,
        },
      ]);
      expect(published.remoteUrl).toBe(
        'https://github.com/acme/payments/pull/7',
      );

      const files = github.committedFiles();
      expect(
        Object.keys(files)
          .filter(path => path.startsWith('deploy/mesh/'))
          .sort(),
      ).toEqual([...(generated.files as string[])].sort());
      expect(parse(files['catalog-info.yaml']).metadata.annotations).toEqual({
        'meshpath.io/manifests': 'deploy/mesh',
        'meshpath.io/golden-path': 'tier-2',
        'backstage.io/kubernetes-id': 'payments',
        'backstage.io/kubernetes-namespace': 'payments',
      });
      expect(files['catalog-info.yaml'].startsWith('# Payments\n')).toBe(true);
      expect(body).toContain('- ✅ MP2001: STRICT mTLS is in effect');
    } finally {
      await github.stop();
    }
  });
});
