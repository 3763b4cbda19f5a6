import type { BackendFeature } from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderGitlabModule from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import {
  startFakeGithub,
  startFakeGitlab,
  tarballOf,
} from '@internal/test-stand-ins';
import { tempWorkspace, writeServiceContext } from './__testUtils__/workspace';
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

/** The payments service's repository, as the onboarding templates fetch it. */
function paymentsRepository(): string {
  const repository = tempWorkspace();
  writeServiceContext(repository, {
    name: 'payments',
    namespace: 'payments',
    port: 8080,
  });
  writeFileSync(
    join(repository, 'catalog-info.yaml'),
    '# Payments\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\nspec:\n  type: service\n  owner: group:payments-team\n  lifecycle: production\n',
  );
  return repository;
}

/** The real scaffolder with one publishing module, Meshpath's actions and the payments entity. */
async function startOnboardingScaffolder(
  publishModule: BackendFeature,
  integrations: JsonObject,
  mesh: JsonObject = appConfig.mesh,
) {
  const { server } = await startTestBackend({
    features: [
      scaffolderBackend,
      publishModule,
      scaffolderModuleMesh,
      catalogServiceMock.factory({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'payments', namespace: 'default' },
            spec: {
              type: 'service',
              owner: 'group:payments-team',
              lifecycle: 'production',
            },
          },
        ],
      }),
      mockServices.rootConfig.factory({
        data: { mesh, integrations },
      }),
    ],
  });
  return server;
}

/** Dry-runs an onboarding template for payments on the tier-2 golden path. */
async function dryRunOnboarding(
  server: Parameters<typeof request>[0],
  templateName: string,
  repoUrl: string,
  goldenPath = 'tier-2',
) {
  const templateDir = join(repositoryRoot, 'templates', templateName);
  const template = parse(
    readFileSync(join(templateDir, 'template.yaml'), 'utf8'),
  );
  return request(server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', mockCredentials.user.header())
    .send({
      template,
      values: {
        component: 'component:default/payments',
        repoUrl,
        goldenPath,
        namespace: 'payments',
        port: 8080,
        protocol: 'http',
        callers: ['storefront/storefront'],
        exposure: 'mesh-internal',
        manifestsPath: 'deploy/mesh',
      },
      secrets: {},
      directoryContents: directoryContents(templateDir),
    });
}

/** What every onboarding dry run must produce: no failed step, the manifests, the annotated catalog-info.yaml. */
function expectOnboarded(response: { status: number; body: any }) {
  expect(response.body.error ?? response.status).toBe(200);
  expect(
    response.body.log.filter((entry: any) => entry.body.status === 'failed'),
  ).toEqual([]);
  const files = decode(response.body.directoryContents);
  expect(
    Object.keys(files)
      .filter(path => path.startsWith('deploy/mesh/'))
      .sort(),
  ).toEqual([
    'deploy/mesh/authorizationpolicy.yaml',
    'deploy/mesh/canary.yaml',
    'deploy/mesh/kustomization.yaml',
    'deploy/mesh/metrictemplates.yaml',
    'deploy/mesh/namespace.yaml',
    'deploy/mesh/networkpolicy.yaml',
    'deploy/mesh/peerauthentication.yaml',
    'deploy/mesh/slo-prometheusrule.yaml',
    'deploy/mesh/workload-labels/kustomization.yaml',
  ]);
  expect(files['catalog-info.yaml']).toMatch(/^# Payments\n/);
  expect(
    parse(files['catalog-info.yaml']).metadata.annotations[
      'meshpath.io/manifests'
    ],
  ).toBe('deploy/mesh');
}

/** The description output the publish step gets, titled as the template titles it. */
function expectDescription(response: { body: any }, title: string) {
  const description = response.body.output.text.find(
    (t: any) => t.title === title,
  );
  expect(description.content).toContain(
    '# Onboard `payments` to the service mesh',
  );
  expect(description.content).toContain(
    '- ✅ MP2001: STRICT mTLS is in effect',
  );
}

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
      'deploy/mesh/metrictemplates.yaml',
      'deploy/mesh/namespace.yaml',
      'deploy/mesh/networkpolicy.yaml',
      'deploy/mesh/peerauthentication.yaml',
      'deploy/mesh/slo-prometheusrule.yaml',
      'deploy/mesh/workload-labels/kustomization.yaml',
      'deploy/workload.yaml',
    ]);
    // Flagger delivers tier-1: it creates the Services, so none is shipped; the pods carry the portal's label.
    const workload = parseAllDocuments(files['deploy/workload.yaml']).map(d =>
      d.toJS(),
    );
    expect(workload.map(o => o.kind)).not.toContain('Service');
    const deployment = workload.find(o => o.kind === 'Deployment');
    expect(deployment.metadata.labels['backstage.io/kubernetes-id']).toBe(
      'ledger',
    );
    expect(
      deployment.spec.template.metadata.labels['backstage.io/kubernetes-id'],
    ).toBe('ledger');
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
    expect(text.content).toContain(
      '`ledger` in `ledger` on golden path `tier-1`',
    );
  });

  it('onboards an existing service: fetches its repository, generates, validates, annotates and plans the pull request', async () => {
    // The service's repository, served by a local stand-in for GitHub.
    const github = await startFakeGithub('acme', 'payments', {
      tarball: await tarballOf(paymentsRepository(), 'acme-payments-c0ffee0'),
    });
    try {
      const server = await startOnboardingScaffolder(scaffolderGithubModule, {
        github: [
          {
            host: 'github.com',
            apiBaseUrl: github.apiBaseUrl,
            token: 'test-token',
          },
        ],
      });
      const response = await dryRunOnboarding(
        server,
        'onboard-service',
        'github.com?owner=acme&repo=payments',
      );

      expectOnboarded(response);
      const publish = response.body.steps.find(
        (step: any) => step.id === 'publish',
      );
      expect(publish.action).toBe('publish:github:pull-request');
      const bodyLog = response.body.log
        .map((entry: any) => entry.body.message)
        .join('\n');
      expect(bodyLog).toContain('Performing dry run of creating pull request');
      expectDescription(response, 'Pull request description');
      expect(github.record.unexpected).toEqual([]);
    } finally {
      await github.stop();
    }
  });

  it('onboards an existing service on GitLab: fetches its project, generates, validates, annotates and plans the merge request', async () => {
    // The service's project, served by a local stand-in for GitLab (none can run here).
    const gitlab = await startFakeGitlab('acme', 'payments', {
      archive: await tarballOf(paymentsRepository(), 'payments-main-c0ffee0'),
    });
    try {
      const server = await startOnboardingScaffolder(scaffolderGitlabModule, {
        gitlab: [
          {
            host: 'gitlab.com',
            apiBaseUrl: gitlab.apiBaseUrl,
            token: 'test-token',
          },
        ],
      });
      const response = await dryRunOnboarding(
        server,
        'onboard-service-gitlab',
        'gitlab.com?owner=acme&repo=payments',
      );

      expectOnboarded(response);
      // Exactly what GitlabUrlReader.readTree asks for, with the integration's token.
      expect(gitlab.record.unexpected).toEqual([]);
      expect(gitlab.record.requests).toEqual([
        'GET /projects/acme%2Fpayments',
        'GET /projects/acme%2Fpayments/repository/commits?ref_name=main',
        'GET /projects/acme%2Fpayments/repository/archive?sha=main',
      ]);
      expect(new Set(gitlab.record.authorizations)).toEqual(
        new Set(['Bearer test-token']),
      );
      const publish = response.body.steps.find(
        (step: any) => step.id === 'publish',
      );
      expect(publish.action).toBe('publish:gitlab:merge-request');
      // publish:gitlab:merge-request has no dry-run mode: the scaffolder logs
      // the rendered inputs, then skips it without checking them against the
      // action's schema. So the test does that check itself.
      const publishLog: string[] = response.body.log
        .filter((entry: any) => entry.body.stepId === 'publish')
        .map((entry: any) => entry.body.message);
      const planned =
        'Running publish:gitlab:merge-request in dry-run mode with inputs (secrets redacted): ';
      // The step logger prefixes a coloured level, so the plan is found by substring.
      const plan = publishLog.find(message => message.includes(planned));
      expect(plan).toBeDefined();
      expect(publishLog).toContain(
        'Skipping because publish:gitlab:merge-request does not support dry-run',
      );
      const inputs = JSON.parse(
        plan!.slice(plan!.indexOf(planned) + planned.length),
      );
      expect(inputs).toMatchObject({
        repoUrl: 'gitlab.com?owner=acme&repo=payments',
        branchName: 'meshpath/onboard-payments',
        title: 'Onboard payments to the service mesh (tier-2)',
        targetBranchName: 'main',
      });
      // Names, required inputs and types, against the installed action's own schema.
      const actions = await request(server)
        .get('/api/scaffolder/v2/actions')
        .set('Authorization', mockCredentials.user.header());
      const schema = actions.body.find(
        (action: any) => action.id === 'publish:gitlab:merge-request',
      ).schema.input;
      expect(Object.keys(schema.properties)).toEqual(
        expect.arrayContaining(Object.keys(inputs)),
      );
      expect(Object.keys(inputs)).toEqual(
        expect.arrayContaining(schema.required),
      );
      for (const [name, value] of Object.entries(inputs)) {
        expect([name, typeof value]).toEqual([
          name,
          schema.properties[name].type,
        ]);
      }
      expect(inputs.description).toContain(
        '# Onboard `payments` to the service mesh',
      );

      expectDescription(response, 'Merge request description');
    } finally {
      await gitlab.stop();
    }
  });
});

describe('the golden-path picker in every template', () => {
  const templateNames = readdirSync(join(repositoryRoot, 'templates')).filter(
    name => statSync(join(repositoryRoot, 'templates', name)).isDirectory(),
  );
  const goldenPathParameters = (name: string) =>
    [
      parse(
        readFileSync(
          join(repositoryRoot, 'templates', name, 'template.yaml'),
          'utf8',
        ),
      ).spec.parameters,
    ]
      .flat()
      .flatMap((step: any) =>
        step.properties?.goldenPath ? [step.properties.goldenPath] : [],
      );

  it.each(templateNames.filter(n => goldenPathParameters(n).length))(
    '%s picks the golden path with GoldenPathPicker, never a list of its own',
    name => {
      for (const parameter of goldenPathParameters(name)) {
        expect(parameter['ui:field']).toBe('GoldenPathPicker');
        expect(parameter.enum).toBeUndefined();
        expect(parameter.enumNames).toBeUndefined();
      }
    },
  );

  it('onboards on a preset added in app-config.yaml, with no template edit', async () => {
    const github = await startFakeGithub('acme', 'payments', {
      tarball: await tarballOf(paymentsRepository(), 'acme-payments-c0ffee0'),
    });
    try {
      // A platform engineer's new preset: tier-2's settings under a new name.
      const mesh = {
        ...appConfig.mesh,
        goldenPaths: {
          ...appConfig.mesh.goldenPaths,
          paved: appConfig.mesh.goldenPaths['tier-2'],
        },
      };
      const server = await startOnboardingScaffolder(
        scaffolderGithubModule,
        {
          github: [
            {
              host: 'github.com',
              apiBaseUrl: github.apiBaseUrl,
              token: 'test-token',
            },
          ],
        },
        mesh,
      );
      const response = await dryRunOnboarding(
        server,
        'onboard-service',
        'github.com?owner=acme&repo=payments',
        'paved',
      );
      expectOnboarded(response);
      const catalogInfo = decode(response.body.directoryContents)[
        'catalog-info.yaml'
      ];
      expect(
        parse(catalogInfo).metadata.annotations['meshpath.io/golden-path'],
      ).toBe('paved');
    } finally {
      await github.stop();
    }
  });
});
