import { ConfigReader } from '@backstage/config';
import { readGoldenPaths } from '@meshpath/plugin-mesh-common';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import {
  analyzer,
  tempWorkspace,
  writeServiceContext,
} from '../__testUtils__/workspace';
import { createMeshGenerateAction } from './generate';
import { createMeshValidateAction } from './validate';

// A platform whose identities are not cluster.local: the generated policies name
// corp.example callers, and mesh:validate must judge them on that platform.
const appConfig = parse(
  readFileSync(join(__dirname, '../../../../app-config.yaml'), 'utf8'),
);
const goldenPaths = readGoldenPaths(
  new ConfigReader({
    mesh: {
      ...appConfig.mesh,
      platform: { ...appConfig.mesh.platform, trustDomain: 'corp.example' },
    },
  }),
);

describe('mesh:validate on the platform the golden path generates for', () => {
  it("reads the policy's principals in the platform's trust domain", async () => {
    const workspacePath = tempWorkspace();
    writeServiceContext(workspacePath, {
      name: 'payments',
      namespace: 'payments',
      port: 8080,
    });
    await createMeshGenerateAction({ goldenPaths, analyzer }).handler(
      createMockActionContext({
        input: {
          goldenPath: 'tier-1',
          name: 'payments',
          namespace: 'payments',
          ports: [{ port: 8080, protocol: 'http' }],
          callers: { serviceAccounts: ['storefront-web/storefront'] },
        } as any,
        workspacePath,
      }) as any,
    );
    const policies = readFileSync(
      join(workspacePath, 'deploy', 'mesh', 'authorizationpolicy.yaml'),
      'utf8',
    );
    expect(policies).toContain('corp.example/ns/storefront-web/sa/storefront');

    const ctx = createMockActionContext({
      input: { goldenPath: 'tier-1', paths: ['deploy'] } as any,
      workspacePath,
    });
    await createMeshValidateAction({ goldenPaths, analyzer }).handler(
      ctx as any,
    );
    const output = (name: string) =>
      (ctx.output as jest.Mock).mock.calls.find(c => c[0] === name)?.[1] ?? [];
    const reported = [
      ...output('errorFindings'),
      ...output('warnings'),
    ] as string[];
    // The trust domain is the mesh's own: no "foreign trust domain" warning.
    expect(reported.filter(w => w.startsWith('MP1128'))).toEqual([]);
  });
});
