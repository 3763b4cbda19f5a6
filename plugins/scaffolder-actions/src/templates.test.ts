import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { scaffolderModuleMesh } from './module';

const repositoryRoot = resolve(__dirname, '../../..');
const appConfig = parse(
  readFileSync(join(repositoryRoot, 'app-config.yaml'), 'utf8'),
);

/** Every file of a template folder, as the dry-run endpoint takes them. */
function directoryContents(
  dir: string,
): Array<{ path: string; base64Content: string }> {
  const walk = (path: string): string[] =>
    statSync(path).isDirectory()
      ? readdirSync(path).flatMap(name => walk(join(path, name)))
      : [path];
  return walk(dir).map(file => ({
    path: relative(dir, file),
    base64Content: readFileSync(file).toString('base64'),
  }));
}

const decode = (files: Array<{ path: string; base64Content: string }>) =>
  Object.fromEntries(
    files.map(f => [
      f.path,
      Buffer.from(f.base64Content, 'base64').toString('utf8'),
    ]),
  );

describe('golden-path templates in the real scaffolder (dry run)', () => {
  it('creates a mesh-ready service: skeleton, mesh manifests validated, publish and register planned', async () => {
    const { server } = await startTestBackend({
      features: [
        scaffolderBackend,
        scaffolderGithubModule,
        scaffolderModuleMesh,
        catalogServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: {
            mesh: appConfig.mesh,
            integrations: { github: [{ host: 'github.com' }] },
          },
        }),
      ],
    });
    const templateDir = join(repositoryRoot, 'templates', 'new-mesh-service');
    const template = parse(
      readFileSync(join(templateDir, 'template.yaml'), 'utf8'),
    );

    const response = await request(server)
      .post('/api/scaffolder/v2/dry-run')
      .set('Authorization', mockCredentials.user.header())
      .send({
        template,
        values: {
          name: 'ledger',
          description: 'Keeps the books',
          owner: 'group:payments-team',
          goldenPath: 'tier-1',
          port: 8080,
          callers: ['storefront/storefront'],
          repoUrl: 'github.com?owner=acme&repo=ledger',
        },
        secrets: {},
        directoryContents: directoryContents(templateDir),
      });

    expect(response.body.error ?? response.status).toBe(200);
    const errors = response.body.log.filter(
      (entry: any) => entry.body.status === 'failed',
    );
    expect(errors).toEqual([]);
    const files = decode(response.body.directoryContents);
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'catalog-info.yaml',
      'deploy/mesh/authorizationpolicy.yaml',
      'deploy/mesh/canary.yaml',
      'deploy/mesh/kustomization.yaml',
      'deploy/mesh/namespace.yaml',
      'deploy/mesh/networkpolicy.yaml',
      'deploy/mesh/peerauthentication.yaml',
      'deploy/mesh/slo-prometheusrule.yaml',
      'deploy/service.yaml',
    ]);
    expect(
      parse(files['catalog-info.yaml']).metadata.annotations[
        'meshpath.io/golden-path'
      ],
    ).toBe('tier-1');
    expect(files['deploy/mesh/authorizationpolicy.yaml']).toContain(
      'cluster.local/ns/storefront/sa/storefront',
    );
    const text = response.body.output.text.find(
      (t: any) => t.title === 'What the mesh manifests do',
    );
    expect(text.content).toContain('ledger in ledger on golden path tier-1');
  });
});
