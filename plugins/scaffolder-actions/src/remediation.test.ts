import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createPublishGithubPullRequestAction } from '@backstage/plugin-scaffolder-backend-module-github';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { startFakeGithub } from '@internal/test-stand-ins';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyzer,
  repositoryGoldenPaths,
  tempWorkspace,
} from './__testUtils__/workspace';
import { createMeshRemediateAction } from './actions/remediate';

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

const PERMISSIVE = `# mTLS for payments
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: payments
  namespace: payments
spec:
  mtls:
    mode: PERMISSIVE  # until the batch job has a sidecar
`;

describe('fixing a finding, published as a GitHub pull request', () => {
  it('opens the PR with the fixed file byte for byte and the body that explains the finding, its controls and the change', async () => {
    const github = await startFakeGithub('acme', 'payments');
    try {
      const workspacePath = tempWorkspace();
      mkdirSync(join(workspacePath, 'deploy', 'mesh'), { recursive: true });
      writeFileSync(
        join(workspacePath, 'deploy', 'mesh', 'peerauthentication.yaml'),
        PERMISSIVE,
      );
      const fixed = await runAction(
        createMeshRemediateAction({
          goldenPaths: repositoryGoldenPaths(),
          analyzer,
        }),
        {
          entityRef: 'component:default/payments',
          codes: ['MP2001'],
          sourceLocation: 'url:https://github.com/acme/payments/tree/main/',
        },
        workspacePath,
      );
      expect(fixed.changed).toEqual(['deploy/mesh/peerauthentication.yaml']);

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
          repoUrl: fixed.repoUrl,
          branchName: fixed.branchName,
          title: fixed.title,
          description: fixed.body,
        },
        workspacePath,
      );

      expect(github.record.unexpected).toEqual([]);
      expect(github.record.pulls).toEqual([
        {
          title: 'Fix MP2001 for payments',
          body: fixed.body,
          head: 'acme:meshpath/remediate-payments-mp2001',
          base: 'main',
          draft: false,
        },
      ]);
      expect(published.remoteUrl).toBe(
        'https://github.com/acme/payments/pull/7',
      );
      expect(
        github.committedFiles()['deploy/mesh/peerauthentication.yaml'],
      ).toBe(PERMISSIVE.replace('PERMISSIVE  #', 'STRICT  #'));
      const body = fixed.body as string;
      expect(body).toContain(
        '## MP2001: STRICT mTLS in effect for the workload',
      );
      expect(body).toContain('**Why it matters:** PERMISSIVE or DISABLE');
      expect(body).toContain('**Controls:** SOC 2 CC6\\.1');
      expect(body).toContain(
        '- `deploy/mesh/peerauthentication.yaml`: PeerAuthentication payments\\: mtls\\.mode STRICT',
      );
    } finally {
      await github.stop();
    }
  });
});
