import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempWorkspace } from '../__testUtils__/workspace';
import { createMeshAnnotateCatalogInfoAction } from './annotateCatalogInfo';

const action = createMeshAnnotateCatalogInfoAction();

const catalogInfo = `# The payments service. Owned by the payments team.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  description: Charges cards # keep this comment
  annotations:
    github.com/project-slug: acme/payments
spec:
  type: service
  lifecycle: production
  owner: group:payments-team
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: payments-api
spec:
  type: openapi
  lifecycle: production
  owner: group:payments-team
  definition: openapi: 3.0.0
`;

const input = {
  manifestsPath: 'deploy/mesh',
  goldenPath: 'tier-1',
  kubernetesId: 'payments',
  namespace: 'payments',
};

describe('mesh:catalog:annotate', () => {
  it('adds the annotations and keeps comments, order and other documents', async () => {
    const workspacePath = tempWorkspace();
    writeFileSync(
      join(workspacePath, 'catalog-info.yaml'),
      catalogInfo.replace(
        'definition: openapi: 3.0.0',
        'definition: "openapi: 3.0.0"',
      ),
    );
    const ctx = createMockActionContext({ input: input as any, workspacePath });
    await action.handler(ctx as any);
    const after = readFileSync(
      join(workspacePath, 'catalog-info.yaml'),
      'utf8',
    );
    expect(after).toBe(`# The payments service. Owned by the payments team.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: payments
  description: Charges cards # keep this comment
  annotations:
    github.com/project-slug: acme/payments
    meshpath.io/manifests: deploy/mesh
    meshpath.io/golden-path: tier-1
    backstage.io/kubernetes-id: payments
    backstage.io/kubernetes-namespace: payments
spec:
  type: service
  lifecycle: production
  owner: group:payments-team
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: payments-api
spec:
  type: openapi
  lifecycle: production
  owner: group:payments-team
  definition: "openapi: 3.0.0"
`);
    expect(ctx.output).toHaveBeenCalledWith('changed', true);

    const again = createMockActionContext({
      input: input as any,
      workspacePath,
    });
    await action.handler(again as any);
    expect(readFileSync(join(workspacePath, 'catalog-info.yaml'), 'utf8')).toBe(
      after,
    );
    expect(again.output).toHaveBeenCalledWith('changed', false);
  });

  it('refuses values that would add keys, missing files and symlinks', async () => {
    const workspacePath = tempWorkspace();
    await expect(
      action.handler(
        createMockActionContext({ input: input as any, workspacePath }) as any,
      ),
    ).rejects.toThrow(
      'filePath: "catalog-info.yaml" does not exist in the workspace',
    );
    writeFileSync(
      join(workspacePath, 'real.yaml'),
      'kind: Component\nmetadata: { name: x }\n',
    );
    symlinkSync(
      join(workspacePath, 'real.yaml'),
      join(workspacePath, 'catalog-info.yaml'),
    );
    await expect(
      action.handler(
        createMockActionContext({ input: input as any, workspacePath }) as any,
      ),
    ).rejects.toThrow('is not a regular file');
    await expect(
      action.handler(
        createMockActionContext({
          input: {
            ...input,
            filePath: 'real.yaml',
            goldenPath: 'tier-1\nowner: evil',
          } as any,
          workspacePath,
        }) as any,
      ),
    ).rejects.toThrow(
      'goldenPath: contains a control character, newline or template syntax',
    );
  });

  it('quotes values a YAML 1.1 reader would read as booleans or numbers', async () => {
    const workspacePath = tempWorkspace();
    writeFileSync(
      join(workspacePath, 'catalog-info.yaml'),
      'kind: Component\nmetadata:\n  name: on\n',
    );
    await action.handler(
      createMockActionContext({
        input: { ...input, kubernetesId: 'on', namespace: '010' } as any,
        workspacePath,
      }) as any,
    );
    expect(readFileSync(join(workspacePath, 'catalog-info.yaml'), 'utf8'))
      .toBe(`kind: Component
metadata:
  name: on
  annotations:
    meshpath.io/manifests: deploy/mesh
    meshpath.io/golden-path: tier-1
    backstage.io/kubernetes-id: "on"
    backstage.io/kubernetes-namespace: "010"
`);
  });

  it('refuses a catalog-info.yaml whose aliases point nowhere', async () => {
    const workspacePath = tempWorkspace();
    writeFileSync(
      join(workspacePath, 'catalog-info.yaml'),
      'kind: Component\nmetadata:\n  name: *missing\n',
    );
    await expect(
      action.handler(
        createMockActionContext({ input: input as any, workspacePath }) as any,
      ),
    ).rejects.toMatchObject({
      name: 'InputError',
      message: '"catalog-info.yaml" is not valid YAML',
    });
  });
});
