import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analyzer,
  repositoryGoldenPaths,
  tempWorkspace,
  writeServiceContext,
} from '../__testUtils__/workspace';
import { createMeshGenerateAction } from './generate';
import { createMeshValidateAction } from './validate';

const goldenPaths = repositoryGoldenPaths();
const generate = createMeshGenerateAction({ goldenPaths, analyzer });
const validate = createMeshValidateAction({ goldenPaths, analyzer });

async function onboarded() {
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
  await generate.handler(
    createMockActionContext({ input: input as any, workspacePath }) as any,
  );
  return workspacePath;
}

describe('mesh:validate', () => {
  it('passes generated manifests and returns the compliance checks they pass', async () => {
    const workspacePath = await onboarded();
    const ctx = createMockActionContext({
      input: { goldenPath: 'tier-2', paths: ['deploy'] } as any,
      workspacePath,
    });
    await validate.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('errors', 0);
    const compliance = (ctx.output as jest.Mock).mock.calls.find(
      c => c[0] === 'compliance',
    )[1];
    expect(compliance).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^MP2001 payments: STRICT mTLS is in effect/),
      ]),
    );
  });

  it('fails the task with a readable list when there are errors', async () => {
    const workspacePath = await onboarded();
    mkdirSync(join(workspacePath, 'deploy', 'extra'));
    writeFileSync(
      join(workspacePath, 'deploy', 'extra', 'route.yaml'),
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: legacy, namespace: payments }\nspec: { hosts: [payments], htp: [] }\n',
    );
    const ctx = createMockActionContext({
      input: { goldenPath: 'tier-2', paths: ['deploy'] } as any,
      workspacePath,
    });
    const failure = validate.handler(ctx as any);
    // The author can fix the manifests: an InputError, as for any bad input.
    await expect(failure).rejects.toMatchObject({ name: 'InputError' });
    await expect(failure).rejects.toThrow(
      /error\(s\):\n- MP0102 deploy\/extra\/route.yaml:1 VirtualService legacy: Unknown field spec.htp/,
    );

    // Asked not to fail, it reports the real count and the errors themselves.
    const logger = mockServices.logger.mock();
    const counting = createMockActionContext({
      input: {
        goldenPath: 'tier-2',
        paths: ['deploy'],
        failOnErrors: false,
      } as any,
      workspacePath,
      logger,
    } as any);
    await validate.handler(counting as any);
    const unknownField = expect.stringMatching(
      /^MP0102 deploy\/extra\/route.yaml:1 VirtualService legacy: Unknown field spec.htp/,
    );
    // The unknown field, and the route Flagger would overwrite.
    expect(counting.output).toHaveBeenCalledWith('errors', 2);
    expect(counting.output).toHaveBeenCalledWith('errorFindings', [
      unknownField,
      expect.stringMatching(/^MP1203 .*VirtualService legacy: Host payments/),
    ]);
    expect(logger.error).toHaveBeenCalledWith(unknownField);
  });

  it('applies the golden path: a rule raised to error fails the task', async () => {
    const workspacePath = tempWorkspace();
    writeServiceContext(workspacePath, {
      name: 'payments',
      namespace: 'payments',
      port: 8080,
      withService: true,
    });
    // Only the service, no mesh config: tier-1 makes missing mTLS an error.
    const ctx = createMockActionContext({
      input: { goldenPath: 'tier-1', paths: ['deploy'] } as any,
      workspacePath,
    });
    await expect(validate.handler(ctx as any)).rejects.toThrow(
      /MP2001 .*Service payments: mTLS is PERMISSIVE/,
    );
    const logger = mockServices.logger.mock();
    const relaxed = createMockActionContext({
      input: { goldenPath: 'internal-tool', paths: ['deploy'] } as any,
      workspacePath,
      logger,
    } as any);
    await validate.handler(relaxed as any);
    expect(relaxed.output).toHaveBeenCalledWith('errors', 0);
    // The same finding, at the rule's own severity: a warning, logged and returned.
    const permissive = expect.stringMatching(
      /^MP2001 deploy\/service\.yaml:\d+ Service payments: mTLS is PERMISSIVE/,
    );
    expect(logger.warn).toHaveBeenCalledWith(permissive);
    expect(relaxed.output).toHaveBeenCalledWith(
      'warnings',
      expect.arrayContaining([permissive]),
    );
  });

  it('refuses a path given as text instead of a list, and unknown parameters', async () => {
    const workspacePath = await onboarded();
    const run = (input: unknown) =>
      validate.handler(
        createMockActionContext({ input: input as any, workspacePath }) as any,
      );
    await expect(
      run({ goldenPath: 'tier-2', paths: 'deploy' }),
    ).rejects.toThrow('paths: Expected array, received string');
    await expect(
      run({ goldenPath: 'tier-2', paths: ['deploy'], path: 'deploy' }),
    ).rejects.toThrow('input: not a parameter: "path"');
  });

  it('refuses paths outside the workspace', async () => {
    const ctx = createMockActionContext({
      input: { goldenPath: 'tier-2', paths: ['../..'] } as any,
      workspacePath: tempWorkspace(),
    });
    await expect(validate.handler(ctx as any)).rejects.toThrow(
      'paths[0]: "../.." climbs out with ..',
    );
  });
});
