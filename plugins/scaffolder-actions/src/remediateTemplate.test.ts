import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import scaffolderGithubModule from '@backstage/plugin-scaffolder-backend-module-github';
import scaffolderGitlabModule from '@backstage/plugin-scaffolder-backend-module-gitlab';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  startFakeGithub,
  startFakeGitlab,
  tarballOf,
} from '@internal/test-stand-ins';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { tempWorkspace } from './__testUtils__/workspace';
import { scaffolderModuleMesh } from './module';

jest.setTimeout(60_000);

const repositoryRoot = resolve(__dirname, '../../..');
const appConfig = parse(
  readFileSync(join(repositoryRoot, 'app-config.yaml'), 'utf8'),
);
const templateDir = join(repositoryRoot, 'templates', 'mesh-remediate');
const template = parse(
  readFileSync(join(templateDir, 'template.yaml'), 'utf8'),
);

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

/** The payments repository as its team keeps it: a PERMISSIVE PeerAuthentication among other files. */
function paymentsRepository(peerAuthentication: string) {
  const root = tempWorkspace();
  const files: Record<string, string> = {
    'deploy/mesh/peerauthentication.yaml': peerAuthentication,
    'docker-compose.yml': 'services:\n  payments:\n    image: payments:dev\n',
    'catalog-info.yaml':
      'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments\n',
  };
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const entity = (sourceLocation: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments',
    namespace: 'default',
    annotations: {
      'backstage.io/source-location': sourceLocation,
      'meshpath.io/manifests': 'deploy/mesh',
      'meshpath.io/golden-path': 'tier-2',
    },
  },
  spec: {
    type: 'service',
    owner: 'group:payments-team',
    lifecycle: 'production',
  },
});

async function start(
  publishModule: any,
  integrations: object,
  sourceLocation: string,
) {
  const { server } = await startTestBackend({
    features: [
      scaffolderBackend,
      publishModule,
      scaffolderModuleMesh,
      catalogServiceMock.factory({ entities: [entity(sourceLocation)] }),
      mockServices.rootConfig.factory({
        data: { mesh: appConfig.mesh, integrations },
      }),
    ],
  });
  return server;
}

async function dryRun(server: Parameters<typeof request>[0]) {
  const response = await request(server)
    .post('/api/scaffolder/v2/dry-run')
    .set('Authorization', mockCredentials.user.header())
    .send({
      template,
      values: {
        entityRef: 'component:default/payments',
        codes: ['MP2001'],
      },
      secrets: {},
      directoryContents: [],
    });
  expect(response.body.error ?? response.status).toBe(200);
  expect(
    response.body.log.filter((e: any) => e.body.status === 'failed'),
  ).toEqual([]);
  const files = Object.fromEntries(
    response.body.directoryContents.map((f: any) => [
      f.path,
      Buffer.from(f.base64Content, 'base64').toString('utf8'),
    ]),
  );
  const messages = response.body.log.map((e: any) => String(e.body.message));
  const body = response.body.output.text.find(
    (t: any) => t.title === 'The change',
  ).content;
  return { files, messages, body };
}

describe('the mesh-remediate template in the real scaffolder (dry run)', () => {
  it('fixes PERMISSIVE mTLS in the GitHub repository and plans the pull request; on the fixed repository it plans nothing', async () => {
    const github = await startFakeGithub('acme', 'payments', {
      tarball: await tarballOf(
        paymentsRepository(PERMISSIVE),
        'acme-payments-c0ffee0',
      ),
    });
    try {
      const server = await start(
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
        'url:https://github.com/acme/payments/tree/main/',
      );
      const { files, messages, body } = await dryRun(server);
      // Byte for byte: only the mode changed, the comments stayed.
      expect(files['deploy/mesh/peerauthentication.yaml']).toBe(
        PERMISSIVE.replace('PERMISSIVE  #', 'STRICT  #'),
      );
      expect(files['docker-compose.yml']).toBe(
        'services:\n  payments:\n    image: payments:dev\n',
      );
      expect(body).toContain('# Fix `MP2001` for `component:default/payments`');
      expect(body).toContain('**Controls:** SOC 2 CC6\\.1');
      expect(messages.join('\n')).toContain(
        'Performing dry run of creating pull request',
      );
      expect(github.record.unexpected).toEqual([]);
    } finally {
      await github.stop();
    }

    // Once merged, the same request finds nothing to change and opens nothing.
    const fixed = await startFakeGithub('acme', 'payments', {
      tarball: await tarballOf(
        paymentsRepository(PERMISSIVE.replace('PERMISSIVE  #', 'STRICT  #')),
        'acme-payments-c0ffee0',
      ),
    });
    try {
      const server = await start(
        scaffolderGithubModule,
        {
          github: [
            {
              host: 'github.com',
              apiBaseUrl: fixed.apiBaseUrl,
              token: 'test-token',
            },
          ],
        },
        'url:https://github.com/acme/payments/tree/main/',
      );
      const { messages, body } = await dryRun(server);
      expect(body).toContain(
        'Nothing to change: the manifests already comply.',
      );
      expect(messages.join('\n')).not.toContain(
        'Performing dry run of creating pull request',
      );
      expect(messages.join('\n')).toContain('Skipping step pull-request');
    } finally {
      await fixed.stop();
    }
  });

  it('plans a merge request for a GitLab project', async () => {
    const gitlab = await startFakeGitlab('acme', 'payments', {
      archive: await tarballOf(
        paymentsRepository(PERMISSIVE),
        'payments-main-c0ffee0',
      ),
    });
    try {
      const server = await start(
        scaffolderGitlabModule,
        {
          gitlab: [
            {
              host: 'gitlab.com',
              apiBaseUrl: gitlab.apiBaseUrl,
              token: 'test-token',
            },
          ],
        },
        'url:https://gitlab.com/acme/payments/-/tree/main/',
      );
      const { files, messages } = await dryRun(server);
      expect(files['deploy/mesh/peerauthentication.yaml']).toBe(
        PERMISSIVE.replace('PERMISSIVE  #', 'STRICT  #'),
      );
      const planned = messages.find((m: string) =>
        m.includes('Running publish:gitlab:merge-request in dry-run mode'),
      );
      expect(planned).toContain(
        '"repoUrl": "gitlab.com?owner=acme&repo=payments"',
      );
      expect(planned).toContain(
        '"branchName": "meshpath/remediate-payments-mp2001"',
      );
      expect(gitlab.record.unexpected).toEqual([]);
    } finally {
      await gitlab.stop();
    }
  });
});
