import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  analyzer,
  repositoryGoldenPaths,
  tempWorkspace,
  writeServiceContext,
} from '../__testUtils__/workspace';
import { createMeshGenerateAction } from './generate';
import { createMeshPullRequestBodyAction } from './pullRequestBody';

const goldenPaths = repositoryGoldenPaths();

describe('mesh:pull-request-body', () => {
  it('describes the objects, effective policies, SLOs and compliance checks of the change', async () => {
    const workspacePath = tempWorkspace();
    writeServiceContext(workspacePath, {
      name: 'payments',
      namespace: 'payments',
      port: 8080,
    });
    const input = {
      goldenPath: 'tier-2',
      name: 'payments',
      namespace: 'payments',
      ports: [{ port: 8080, protocol: 'http' }],
      callers: { serviceAccounts: ['storefront/storefront'] },
    };
    await createMeshGenerateAction({ goldenPaths, analyzer }).handler(
      createMockActionContext({ input: input as any, workspacePath }) as any,
    );

    const ctx = createMockActionContext({
      input: { ...input, paths: ['deploy'] } as any,
      workspacePath,
    });
    await createMeshPullRequestBodyAction({ goldenPaths, analyzer }).handler(
      ctx as any,
    );
    const body: string = (ctx.output as jest.Mock).mock.calls.find(
      c => c[0] === 'body',
    )[1];

    expect(body).toContain('# Onboard `payments` to the service mesh');
    expect(body).toContain(
      '**tier-2** golden path (Internal services other teams depend on)',
    );
    expect(body).toContain('- `Canary` `payments/payments` (canary.yaml)');
    expect(body).toContain(
      '- `AuthorizationPolicy` `payments/deny-all` (authorizationpolicy.yaml)',
    );
    expect(body).toContain(
      '- **Who may call it:** service account `storefront/storefront`.',
    );
    expect(body).toContain('- **mTLS:** STRICT');
    expect(body).toContain('- **Exposure:** mesh-internal only.');
    expect(body).toContain('- Availability: 99.5% of requests succeed');
    expect(body).toContain('- ✅ MP2001: STRICT mTLS is in effect');
    expect(body).toContain(
      '- ✅ MP2008: Canary payments gates on success rate and latency',
    );
    expect(body).not.toContain('❌');
  });
});
