import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import {
  analyzer,
  repositoryGoldenPaths,
  tempWorkspace,
  writeServiceContext,
} from '../__testUtils__/workspace';
import { createMeshGenerateAction } from './generate';
import { createMeshValidateAction } from './validate';

// Golden paths, templates and the example estate agree: onboarding orders
// (examples/services/orders) from the template reproduces its manifests, and
// the engine reads them as compliant.
const goldenPaths = repositoryGoldenPaths();
const generate = createMeshGenerateAction({ goldenPaths, analyzer });
const validate = createMeshValidateAction({ goldenPaths, analyzer });
const examples = resolve(__dirname, '../../../../examples');
const orders = join(examples, 'services', 'orders');

/** Every file under a folder, by its path inside it. */
const read = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter(name => statSync(join(dir, name)).isFile())
      .sort()
      .map(name => [name, readFileSync(join(dir, name), 'utf8')]),
  );

/** What the onboarding form asks, as the estate answers it for orders. */
function ordersParameters() {
  const info = parse(readFileSync(join(orders, 'catalog-info.yaml'), 'utf8'));
  const annotations = info.metadata.annotations;
  return {
    goldenPath: annotations['meshpath.io/golden-path'],
    name: annotations['backstage.io/kubernetes-id'],
    namespace: annotations['backstage.io/kubernetes-namespace'],
    // The estate's roster (examples/README.md): 8080 http, called by storefront.
    ports: [{ port: 8080, protocol: 'http' }],
    callers: { serviceAccounts: ['web/storefront'] },
    targetPath: annotations['meshpath.io/manifests'].replace(/^\.\//, ''),
  };
}

describe('onboarding an estate service from the template', () => {
  it('reproduces examples/services/orders/manifests file by file, and they pass validation', async () => {
    const input = ordersParameters();
    const workspacePath = tempWorkspace();
    writeServiceContext(workspacePath, {
      name: input.name,
      namespace: input.namespace,
      port: 8080,
    });
    await generate.handler(
      createMockActionContext({
        input: input as any,
        workspacePath,
        isDryRun: true,
      }) as any,
    );
    expect(read(join(workspacePath, input.targetPath))).toEqual(
      read(join(orders, 'manifests')),
    );

    const ctx = createMockActionContext({
      input: {
        goldenPath: input.goldenPath,
        paths: ['deploy', input.targetPath],
      } as any,
      workspacePath,
    });
    await validate.handler(ctx as any);
    expect(ctx.output).toHaveBeenCalledWith('errors', 0);
    const compliance = (ctx.output as jest.Mock).mock.calls.find(
      c => c[0] === 'compliance',
    )[1];
    expect(compliance).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^MP2001 orders: STRICT mTLS is in effect/),
      ]),
    );
  });
});
